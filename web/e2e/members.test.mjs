// The member registry in a real browser against a real zhijia server with demo members: a
// province cadre imports a CSV with three bad rows, follows the job to the end, downloads the
// error report, finds an imported member by the pinyin initials of the name, opens the profile,
// moves the member to another union through both transfer queues, and sees a scientific-notation
// ID number refused at its field in the "new member" dialog.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { launchChromium } from './browser.mjs';
import { kRepoDir, startServer } from './server.mjs';

const kCadre = {
  username: 'e2e_province',
  displayName: '省总干部',
  org: '浙江省总工会',
  role: 'cadre_admin',
  scope: 'subtree',
  password: 'Zj-e2e-Passw0rd!',
};
const kTimeoutMs = 20_000;
// Demo members besides the imported ones (`zhijia demo --members`); 0 skips them for a quick run.
const kDemoMembers = Number(process.env.ZHIJIA_E2E_DEMO_MEMBERS ?? 2000);
const kOutputDir = process.env.ZHIJIA_TEST_OUTPUT || path.join(kRepoDir, 'test-output', 'e2e');

// Import columns of docs/api-members.md, in order.
const kHeaders = [
  '姓名', '身份证号', '手机号', '所属工会', '民族', '学历', '技能等级', '户籍类型', '是否农民工',
  '就业形态', '工作单位', '单位统一社会信用代码', '入会日期', '会员卡号', '会籍状态',
];
// Twenty people; 司马青云 (initials smqy) is the one looked up afterwards.
const kNames = [
  '司马青云', '欧阳晓峰', '诸葛明远', '上官文静', '端木子涵', '皇甫建国', '令狐俊杰', '慕容秋月',
  '东方旭日', '南宫雪晴', '夏侯天宇', '公孙丽娜', '宇文思远', '轩辕志强', '独孤婷婷', '西门春雨',
  '闻人明月', '百里长风', '钟离远航', '呼延振华',
];
const kTarget = { name: '司马青云', initials: 'smqy' };
const kBadCheckRow = 4; // 0-based data rows
const kScientificRow = 10;
const kUnknownOrgRow = 16;

let server;
let browser;

before(async () => {
  mkdirSync(kOutputDir, { recursive: true });
  server = await startServer({ seed: 7, grassroots: 300, members: kDemoMembers, users: [kCadre] });
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function newPage() {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    viewport: { width: 1366, height: 820 },
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(kTimeoutMs);
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { context, page, pageErrors };
}

const byTest = (scope, id) => scope.locator(`[data-test="${id}"]`);

function shot(page, name) {
  return page.screenshot({ path: path.join(kOutputDir, `${name}.png`), fullPage: false });
}

async function settle(page) {
  await page.locator('.el-loading-mask').first().waitFor({ state: 'detached' }).catch(() => {});
  await page.waitForTimeout(400);
}

// settle() and also wait for the toasts to go.
async function quiet(page) {
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 6000 }).catch(() => {});
  await settle(page);
}

async function logIn(page) {
  await page.goto('/login');
  await byTest(page, 'login-username').fill(kCadre.username);
  await byTest(page, 'login-password').fill(kCadre.password);
  await byTest(page, 'login-submit').click();
  await page.waitForURL(/\/orgs\/\d+$/);
}

/** GET from inside the page (with its session cookie); throws on a non-2xx answer. */
async function apiGet(page, url) {
  const { status, body } = await page.evaluate(async (u) => {
    const response = await fetch(u, { headers: { Accept: 'application/json' } });
    return { status: response.status, body: await response.text() };
  }, url);
  assert.ok(status >= 200 && status < 300, `GET ${url} answered ${status}: ${body}`);
  return JSON.parse(body);
}

// GB 11643 check character of the first 17 digits.
function checkCharacter(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i];
  return '10X98765432'[sum % 11];
}

function residentId(index) {
  const year = 1970 + index;
  const month = String((index % 12) + 1).padStart(2, '0');
  const day = String(10 + index).padStart(2, '0');
  const sequence = String(101 + index * 7).padStart(3, '0');
  const first17 = `330106${year}${month}${day}${sequence}`;
  return first17 + checkCharacter(first17);
}

/** A wrong check character for the same 17 digits. */
function withBadCheck(id) {
  const good = id[17];
  const bad = '10X98765432'.split('').find((c) => c !== good);
  return id.slice(0, 17) + bad;
}

/** The CSV (UTF-8, Chinese headers) with 20 rows, three of them bad. */
function importCsv(orgNames) {
  const lines = [kHeaders.join(',')];
  kNames.forEach((name, index) => {
    let id = residentId(index);
    let org = orgNames[index % orgNames.length];
    if (index === kBadCheckRow) id = withBadCheck(id);
    if (index === kScientificRow) id = '3.30106E+17';
    if (index === kUnknownOrgRow) org = '不存在的测试工会';
    const phone = `139${String(57_000_000 + index * 131).padStart(8, '0')}`;
    const rural = index % 3 === 0;
    const form = ['标准劳动关系', '新就业形态', '灵活就业'][index % 3];
    // The member looked up later applies; the others are members since 2015.
    const state = index === 0 ? '申请中' : '在会';
    const since = index === 0 ? '' : '2015-03-01';
    const cells = [
      name, id, phone, org, '汉族', '本科', '中级工', rural ? '农村' : '城镇', rural ? '是' : '否',
      form, '杭州某某科技有限公司', '', since, '', state,
    ];
    lines.push(cells.join(','));
  });
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

/** Picks an org in an OrgPicker (remote select) inside `scope` by typing `text`. */
async function pickOrg(page, scope, text, name) {
  const select = scope.locator('.org-picker').first();
  await select.click();
  await select.locator('input').fill(text);
  const option = page.locator('.el-select-dropdown__item:visible', { hasText: name }).first();
  await option.waitFor();
  await option.click();
}

describe('member registry', () => {
  let orgNames = [];

  test('import a CSV with three bad rows, download the error report, find a member by initials', async () => {
    const { context, page, pageErrors } = await newPage();
    try {
      await logIn(page);

      // Grassroots unions under Xihu district, by name (the import refers to orgs by name).
      const found = await apiGet(page, '/api/v1/orgs/search?q=' + encodeURIComponent('西湖区总工会') + '&limit=5');
      const xihu = found.items.find((org) => org.name === '西湖区总工会');
      assert.ok(xihu, '西湖区总工会 is in the demo');
      const children = await apiGet(page, `/api/v1/orgs?parent_id=${xihu.id}`);
      orgNames = children.items.filter((org) => org.status === 'active').slice(0, 3).map((org) => org.name);
      assert.ok(orgNames.length > 0, '西湖区总工会 has children');

      // The header tabs lead to the import wizard.
      await byTest(page, 'nav-import').click();
      await page.waitForURL(/\/members\/import$/);
      await byTest(page, 'import-template').waitFor();
      assert.match(await byTest(page, 'import-template').getAttribute('href'), /\/api\/v1\/members\/import\/template$/);

      // Step 1 → 2: choosing the file shows the server's preview.
      const [previewResponse] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/members/import/preview')),
        byTest(page, 'import-file').setInputFiles({
          name: 'members.csv',
          mimeType: 'text/csv',
          buffer: importCsv(orgNames),
        }),
      ]);
      assert.equal(previewResponse.status(), 200, await previewResponse.text());
      assert.equal(previewResponse.request().headers()['content-type'], 'text/csv');
      const preview = byTest(page, 'import-preview');
      await byTest(page, 'import-encoding').filter({ hasText: /\S/ }).waitFor();
      assert.match(await byTest(page, 'import-encoding').innerText(), /utf-?8/i);
      assert.match(await byTest(page, 'import-format').innerText(), /CSV/);
      assert.equal((await byTest(page, 'import-total').innerText()).trim(), '20');
      assert.equal(await byTest(page, 'import-missing').count(), 0, 'no header is missing');
      const previewTable = byTest(page, 'import-preview-rows');
      await previewTable.locator('.el-table__row', { hasText: kTarget.name }).waitFor();
      assert.match(await previewTable.locator('thead').innerText(), /身份证号/);
      await settle(page);
      await shot(page, 'import-preview');

      // Step 3: the job runs; the bar reaches 100 % and the counters add up.
      const [started] = await Promise.all([
        page.waitForResponse((r) => /\/api\/v1\/members\/import\?update=0$/.test(r.url())),
        byTest(preview, 'import-start').click(),
      ]);
      assert.equal(started.status(), 202, await started.text());
      const job = await started.json();
      assert.equal(job.kind, 'member_import');
      await byTest(page, 'import-progress').waitFor();
      await page.locator('[data-test="import-progress"][data-percent="100"]').waitFor({ timeout: 60_000 });
      const summary = byTest(page, 'import-summary');
      await summary.waitFor({ timeout: 60_000 });
      assert.equal((await byTest(page, 'import-state').innerText()).trim(), '已完成');
      assert.equal((await byTest(page, 'import-accepted').innerText()).trim(), '17');
      assert.equal((await byTest(page, 'import-rejected').innerText()).trim(), '3');
      assert.match(await page.locator('[data-test="import-progress"]').innerText(), /100%/);
      await settle(page);
      await shot(page, 'import-done');

      // The error report is an XLSX (a ZIP: "PK").
      const link = byTest(page, 'import-errors-download');
      assert.match(await link.getAttribute('href'), new RegExp(`/api/v1/jobs/${job.id}/errors\\.xlsx$`));
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const report = readFileSync(await download.path());
      assert.ok(report.length > 100, 'the report is not empty');
      assert.equal(report.subarray(0, 2).toString('latin1'), 'PK');

      // The member list finds the imported member by pinyin initials; ID and phone are masked.
      await byTest(page, 'nav-members').click();
      await page.waitForURL(/\/members$/);
      await byTest(page, 'member-table').locator('.member-row').first().waitFor();
      await settle(page);
      await shot(page, 'members');
      const [listed] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/api/v1/members?') && r.url().includes(`q=${kTarget.initials}`)),
        byTest(page, 'member-search').fill(kTarget.initials),
      ]);
      assert.equal(listed.status(), 200);
      const row = page.locator('.member-row', { has: page.locator('[data-test="member-row"]', { hasText: kTarget.name }) });
      await row.first().waitFor();
      const rowText = await row.first().innerText();
      assert.match(rowText, /\*/, 'the ID number is masked');
      assert.ok(orgNames.some((name) => rowText.includes(name)), 'the row names the union');
      // The export takes the same filters and is an XLSX too.
      assert.match(await byTest(page, 'member-export').getAttribute('href'), new RegExp(`q=${kTarget.initials}`));
      const [exported] = await Promise.all([page.waitForEvent('download'), byTest(page, 'member-export').click()]);
      assert.equal(readFileSync(await exported.path()).subarray(0, 2).toString('latin1'), 'PK');
      await settle(page);
      await shot(page, 'members-search');
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('profile, history and a transfer through both queues', async () => {
    const { context, page, pageErrors } = await newPage();
    try {
      await logIn(page);
      await byTest(page, 'nav-members').click();
      await byTest(page, 'member-search').fill(kTarget.name);
      const link = page.locator('[data-test="member-row"]', { hasText: kTarget.name }).first();
      await link.click();
      await page.waitForURL(/\/members\/\d+$/);
      await byTest(page, 'member-name').filter({ hasText: kTarget.name }).waitFor();
      await byTest(page, 'member-history').locator('[data-test="member-event"]').first().waitFor();
      assert.match(await byTest(page, 'member-id-number').innerText(), /\*/);

      // An applied member is approved first (reason dialog), then becomes active.
      if ((await byTest(page, 'member-state').innerText()).trim() === '申请中') {
        await byTest(page, 'member-action-approve').click();
        const dialog = page.locator('.el-dialog', { has: byTest(page, 'member-action-submit') });
        await dialog.waitFor();
        await byTest(dialog, 'member-action-reason').fill('材料齐全');
        await byTest(dialog, 'member-action-submit').click();
        await dialog.waitFor({ state: 'hidden' });
      }
      await byTest(page, 'member-state').filter({ hasText: /^\s*在会\s*$/ }).waitFor();
      // Full ID number and phone on request, with the audit notice.
      await byTest(page, 'member-unmask').click();
      await byTest(page, 'member-unmask-notice').waitFor();
      await byTest(page, 'member-id-number').filter({ hasText: /^\d{17}[\dX]$/ }).waitFor();
      await byTest(page, 'member-unmask').click();
      await byTest(page, 'member-id-number').filter({ hasText: '*' }).waitFor();
      await quiet(page);
      await shot(page, 'member-profile');

      // Transfer to another union under Xihu district.
      assert.ok(orgNames.length >= 2, 'two unions to move between');
      const current = await byTest(page, 'member-membership').innerText();
      // 入会日期 is the first date of the membership panel; a transfer keeps it.
      const since = current.match(/\d{4}-\d{2}-\d{2}/)[0];
      const target = orgNames.find((name) => !current.includes(name));
      await byTest(page, 'member-action-transfer').click();
      const dialog = page.locator('.el-dialog', { has: byTest(page, 'member-action-submit') });
      await dialog.waitFor();
      await pickOrg(page, dialog, target, target);
      await byTest(dialog, 'member-action-reason').fill('工作调动');
      const [requested] = await Promise.all([
        page.waitForResponse((r) => /\/api\/v1\/members\/\d+\/transfers$/.test(r.url())),
        byTest(dialog, 'member-action-submit').click(),
      ]);
      assert.equal(requested.status(), 201, await requested.text());
      await dialog.waitFor({ state: 'hidden' });
      await byTest(page, 'member-state').filter({ hasText: '接转中' }).waitFor();

      // The province cadre sees both ends: release in the outgoing queue, accept in the incoming.
      await byTest(page, 'nav-transfers').click();
      await page.waitForURL(/\/transfers$/);
      const outRow = page.locator('.el-table__row', { hasText: kTarget.name }).first();
      await outRow.waitFor();
      await quiet(page);
      await shot(page, 'transfers');
      await byTest(outRow, 'transfer-release').click();
      const box = page.locator('.el-message-box');
      await box.waitFor();
      const [released] = await Promise.all([
        page.waitForResponse((r) => /\/api\/v1\/transfers\/\d+\/release$/.test(r.url())),
        box.locator('.el-message-box__btns .el-button--primary').click(),
      ]);
      assert.equal(released.status(), 200, await released.text());

      await byTest(page, 'transfer-in-tab').click();
      const inRow = page.locator('[data-test="transfer-table-in"] .el-table__row', { hasText: kTarget.name }).first();
      await inRow.waitFor();
      await byTest(inRow, 'transfer-accept').click();
      await box.waitFor();
      const [accepted] = await Promise.all([
        page.waitForResponse((r) => /\/api\/v1\/transfers\/\d+\/accept$/.test(r.url())),
        box.locator('.el-message-box__btns .el-button--primary').click(),
      ]);
      assert.equal(accepted.status(), 200, await accepted.text());
      await inRow.waitFor({ state: 'detached' });

      // Back on the profile: active at the new union, the transfer listed.
      await page.goBack();
      await page.waitForURL(/\/members\/\d+$/);
      await byTest(page, 'member-membership').filter({ hasText: target }).waitFor();
      await byTest(page, 'member-state').filter({ hasText: /^\s*在会\s*$/ }).waitFor();
      assert.equal((await byTest(page, 'member-membership').innerText()).match(/\d{4}-\d{2}-\d{2}/)[0], since);
      await byTest(page, 'member-transfers').locator('.el-table__row', { hasText: target }).waitFor();
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('a scientific-notation ID number is refused at its field, in the server\'s words', async () => {
    const { context, page, pageErrors } = await newPage();
    try {
      await logIn(page);
      await byTest(page, 'nav-members').click();
      await byTest(page, 'member-create').click();
      const dialog = page.locator('.el-dialog', { has: byTest(page, 'member-form-submit') });
      await dialog.waitFor();
      await pickOrg(page, dialog, orgNames[0], orgNames[0]);
      await byTest(dialog, 'member-form-name').fill('测试会员');
      await byTest(dialog, 'member-form-id').fill('3.30106E+17');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/members') && r.request().method() === 'POST'),
        byTest(dialog, 'member-form-submit').click(),
      ]);
      assert.equal(response.status(), 400);
      const { error } = await response.json();
      assert.equal(error.field, 'id_number');
      const item = dialog.locator('.el-form-item', { has: byTest(page, 'member-form-id') });
      await item.locator('.el-form-item__error').waitFor();
      assert.equal((await item.locator('.el-form-item__error').innerText()).trim(), error.message);
      await settle(page);
      await shot(page, 'member-create-error');
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });
});
