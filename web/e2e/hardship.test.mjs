// Hardship household files (困难职工档案) in a real browser against a real zhijia server with demo
// households: a grassroots union registers a member; the worker opens an account and applies on
// the phone pages (a wrong account holder is refused at its field) and adds a photo of a paper;
// the grassroots cadre adds the signed consent (a text file named .png is refused), checks,
// visits with consent, verifies (the assessment explains itself) and posts the notice 20 days
// back; the public notice page shows the name masked; after an objection is answered the file goes
// up, the grassroots cadre cannot approve it and the county cadre files it. Then the county
// cadre sees the files by state as a chart (following the window and the language), sets a policy
// and runs a what-if (its counts by category as a chart).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { launchChromium } from './browser.mjs';
import { kRepoDir, startServer } from './server.mjs';

const kPassword = 'Zj-e2e-Passw0rd!';
// The county union: approves what its grassroots unions submit (role cadre_admin, its subtree).
const kCounty = {
  username: 'e2e_county',
  displayName: '西湖区干部',
  org: '西湖区总工会',
  role: 'cadre_admin',
  scope: 'subtree',
  password: kPassword,
};
// The grassroots union's cadre (role cadre); the org is a grassroots child of the county's,
// found once the demo exists.
const kGrassroots = {
  username: 'e2e_grassroots',
  displayName: '基层干部',
  role: 'cadre',
  scope: 'subtree',
  password: kPassword,
};
const kWorker = { name: '张晓明', masked: '张*明', initials: 'zxm', phone: '13957112233', password: 'Worker-Passw0rd!' };
const kSpouse = { name: '李芳' };
// Low enough for deep hardship: (20,000 − 5,000) ÷ 2 people ÷ 12 = 625 yuan < 1,150 (低保).
const kIncomeYuan = '20000';
const kMedicalYuan = '5000';
const kNoticeDaysBack = 20;
const kTimeZone = 'Asia/Shanghai';
const kTimeoutMs = 20_000;
// Demo members and hardship files besides ours (the what-if needs households to move).
const kDemoMembers = Number(process.env.ZHIJIA_E2E_DEMO_MEMBERS ?? 2000);
const kDemoHouseholds = Math.min(800, kDemoMembers);
const kOutputDir = process.env.ZHIJIA_TEST_OUTPUT || path.join(kRepoDir, 'test-output', 'e2e');

let server;
let browser;
// Filled as the tests go: the grassroots org, the worker's member and file.
const state = { grassroots: null, memberId: null, fileId: null };

// GB 11643 check character of the first 17 digits.
function checkCharacter(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i];
  return '10X98765432'[sum % 11];
}
const residentId = (first17) => first17 + checkCharacter(first17);
kWorker.idNumber = residentId('33010619850312987');
kSpouse.idNumber = residentId('33010619860707986');

// CRC-32 of PNG chunks (zlib.crc32 needs node 22).
function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A real PNG of `width` × `height` in one colour with a lighter diagonal band, built here. */
function makePng(width, height, [r, g, b]) {
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, tail]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const band = Math.abs(x - y) < width / 8;
      row.set(band ? [255, 255, 255] : [r, g, b], 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// The papers: the worker's photo of a payslip, the cadre's scan of the signed consent, and a text
// file that only pretends to be an image.
const kWorkerPaper = { name: '工资条.png', mimeType: 'image/png', buffer: makePng(48, 32, [31, 95, 191]) };
const kConsentPaper = { name: '核查授权书（签字）.png', mimeType: 'image/png', buffer: makePng(120, 160, [179, 32, 42]) };
const kFakePaper = { name: '收入证明.png', mimeType: 'image/png', buffer: Buffer.from('这不是图片，只是改了扩展名的文本\n') };

/** "YYYY-MM-DD" in Beijing, `days` from today (the server's calendar). */
function shanghaiDay(days = 0) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: kTimeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(new Date(Date.now() + days * 86_400_000))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** A session of the API from node (cookie and CSRF token), for the setup a cadre would click. */
async function apiLogin(username, password) {
  const response = await fetch(`${server.baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  return { cookie: response.headers.get('set-cookie').split(';')[0], csrf: body.csrf_token };
}

async function api(session, method, url, body) {
  const headers = { Accept: 'application/json', 'Accept-Language': 'zh-CN', Cookie: session.cookie };
  if (method !== 'GET') headers['X-CSRF-Token'] = session.csrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${server.baseUrl}${url}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

before(async () => {
  mkdirSync(kOutputDir, { recursive: true });
  server = await startServer({
    seed: 7,
    grassroots: 300,
    members: kDemoMembers,
    households: kDemoMembers > 0 ? kDemoHouseholds : 0,
    users: [kCounty],
  });
  browser = await launchChromium();

  // The grassroots union: the first active grassroots child of the county's union.
  const county = await apiLogin(kCounty.username, kCounty.password);
  const found = await api(county, 'GET', `/api/v1/orgs/search?q=${encodeURIComponent(kCounty.org)}&limit=5`);
  const xihu = found.body.items.find((org) => org.name === kCounty.org);
  assert.ok(xihu, `${kCounty.org} is in the demo`);
  const children = await api(county, 'GET', `/api/v1/orgs?parent_id=${xihu.id}`);
  state.grassroots = children.body.items
    .filter((org) => org.level === 'grassroots' && org.status === 'active')
    .sort((a, b) => a.id - b.id)[0];
  assert.ok(state.grassroots, `${kCounty.org} has a grassroots union`);
  server.addUser({ ...kGrassroots, org: state.grassroots.id });

  // The grassroots union registers the worker as a member; the county union approves it.
  const grassroots = await apiLogin(kGrassroots.username, kGrassroots.password);
  const created = await api(grassroots, 'POST', '/api/v1/members', {
    org_id: state.grassroots.id,
    name: kWorker.name,
    id_number: kWorker.idNumber,
    phone: kWorker.phone,
    hukou: 'urban',
    employment_form: 'standard',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  state.memberId = created.body.id;
  const approved = await api(county, 'POST', `/api/v1/members/${state.memberId}/actions/approve`, {});
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  assert.equal(approved.body.state, 'active');
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const kDesktop = { viewport: { width: 1366, height: 820 } };
const kPhone = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

async function newPage(device = kDesktop) {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    locale: 'zh-CN',
    timezoneId: kTimeZone,
    ...device,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(kTimeoutMs);
  // Uncaught exceptions in the app fail the test that caused them.
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { context, page, pageErrors };
}

const byTest = (scope, id) => scope.locator(`[data-test="${id}"]`);

// A whole-page shot starts from the top: a fixed bar (the phone pages' nav bar) would otherwise
// be drawn where the page was scrolled to.
async function shot(page, name, fullPage = false) {
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  return page.screenshot({ path: path.join(kOutputDir, `${name}.png`), fullPage });
}

// Lets loading masks and toasts (Element Plus' and Vant's) go so that screenshots show the end state.
async function settle(page) {
  await page.locator('.el-loading-mask').first().waitFor({ state: 'detached' }).catch(() => {});
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 6000 }).catch(() => {});
  await page.locator('.van-toast:visible').first().waitFor({ state: 'hidden', timeout: 6000 }).catch(() => {});
  await page.waitForTimeout(400);
}

async function logIn(page, user) {
  await page.goto('/login');
  await byTest(page, 'login-username').fill(user.username);
  await byTest(page, 'login-password').fill(user.password);
  await byTest(page, 'login-submit').click();
  await page.waitForURL(/\/orgs\/\d+$/);
}

/** The form item around a field with a data-test, and its error text once it shows. */
async function fieldError(page, id) {
  const item = page.locator('.el-form-item', { has: byTest(page, id) }).last();
  const error = item.locator('.el-form-item__error');
  await error.waitFor();
  return (await error.innerText()).trim();
}

// The phone pages (Vant) carry data-test on the van-field: its input takes the typing and its
// error message shows under it.
const field = (page, id) => byTest(page, id).locator('input, textarea').first();

async function mobileFieldError(page, id) {
  const error = byTest(page, id).locator('.van-field__error-message');
  await error.waitFor();
  return (await error.innerText()).trim();
}

/** Finds the file on the workbench through a queue tile and the search (`shotName`: a screenshot of the queue). */
async function openFromQueue(page, queue, shotName = '') {
  await byTest(page, 'nav-hardship').click();
  await page.waitForURL(/\/hardship$/);
  const tile = byTest(page, `hardship-queue-${queue}`);
  await page.locator(`[data-test="hardship-queue-${queue}"]:not([data-count="0"])`).waitFor();
  await tile.click();
  await page.locator(`[data-test="hardship-queue-${queue}"].queue--active`).waitFor();
  await page.locator('.hardship-row').first().waitFor();
  if (shotName) {
    await settle(page);
    await shot(page, shotName);
  }
  await byTest(page, 'hardship-search').fill(kWorker.initials);
  const row = page.locator('[data-test="hardship-row"]', { hasText: kWorker.name }).first();
  await row.waitFor();
  return row;
}

/** Takes a step through its dialog; `fill(dialog)` answers what the step asks. */
async function takeStep(page, action, fill = async () => {}) {
  await byTest(page, `hardship-action-${action}`).click();
  const dialog = page.locator('.el-dialog', { has: byTest(page, 'hardship-step-confirm') });
  await dialog.waitFor();
  await fill(dialog);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/actions/${action}`) && r.request().method() === 'POST'),
    byTest(dialog, 'hardship-step-confirm').click(),
  ]);
  return { response, dialog };
}

async function expectState(page, fileState) {
  await page.locator(`[data-test="hardship-state"][data-state="${fileState}"]`).waitFor();
}

describe('hardship household files', () => {
  test('the worker registers, signs in and applies on the phone pages', async () => {
    const { context, page, pageErrors } = await newPage(kPhone);
    try {
      // Registration checks the real name: a phone the union does not have is refused.
      await page.goto('/m/register');
      await field(page, 'm-register-name').fill(kWorker.name);
      await field(page, 'm-register-id').fill(kWorker.idNumber);
      await field(page, 'm-register-phone').fill('13900000000');
      await field(page, 'm-register-password').fill(kWorker.password);
      await field(page, 'm-register-confirm').fill(kWorker.password);
      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/workers/register')),
        byTest(page, 'm-register-submit').click(),
      ]);
      assert.equal(refused.status(), 400);
      const { error } = await refused.json();
      assert.equal(await mobileFieldError(page, `m-register-${error.field === 'id_number' ? 'id' : error.field}`), error.message);
      await field(page, 'm-register-phone').fill(kWorker.phone);
      await settle(page);
      await shot(page, 'hardship-mobile-register', true);
      const [registered] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/workers/register')),
        byTest(page, 'm-register-submit').click(),
      ]);
      assert.equal(registered.status(), 201, await registered.text());

      // Signing in with the phone number (filled in from the registration).
      await page.waitForURL(/\/m\/login\?/);
      await byTest(page, 'm-registered').waitFor();
      assert.equal(await field(page, 'm-login-username').inputValue(), kWorker.phone);
      await shot(page, 'hardship-mobile-login');
      await field(page, 'm-login-password').fill(kWorker.password);
      await byTest(page, 'm-login-submit').click();
      await page.waitForURL(/\/m\/my$/);
      await byTest(page, 'm-my-empty').waitFor();
      // No workbench for a worker's account.
      assert.equal(await byTest(page, 'nav').count(), 0);

      // The application, one section a step.
      await byTest(page, 'm-my-apply').click();
      await page.waitForURL(/\/m\/apply$/);
      const steps = byTest(page, 'm-apply-steps');
      await page.locator('[data-test="m-apply-steps"][data-step="household"]').waitFor();
      assert.equal(await field(page, 'decl-phone').inputValue(), kWorker.phone);
      await byTest(page, 'decl-health').getByText('健康', { exact: true }).click();
      await byTest(page, 'decl-add-person').click();
      await field(page, 'decl-person-name-0').fill(kSpouse.name);
      await field(page, 'decl-person-id-0').fill(kSpouse.idNumber);
      await byTest(page, 'decl-person-health-0').getByText('重病', { exact: true }).click();
      await settle(page);
      await shot(page, 'hardship-mobile-household', true);
      await byTest(page, 'm-apply-next').click();

      await page.locator('[data-test="m-apply-steps"][data-step="money"]').waitFor();
      await field(page, 'decl-incomes-amount-0').fill(kIncomeYuan);
      await byTest(page, 'decl-add-expense').click();
      await field(page, 'decl-expenses-amount-0').fill(kMedicalYuan);
      assert.match(await byTest(page, 'decl-incomes-total').innerText(), /20,000\.00/);
      await shot(page, 'hardship-mobile-money', true);
      await byTest(page, 'm-apply-next').click();

      await page.locator('[data-test="m-apply-steps"][data-step="assets"]').waitFor();
      await byTest(page, 'decl-housing-type').getByText('租房', { exact: true }).click();
      await byTest(page, 'm-apply-next').click();

      // The main cause is needed before going on.
      await page.locator('[data-test="m-apply-steps"][data-step="causes"]').waitFor();
      await byTest(page, 'm-apply-next').click();
      assert.equal(await mobileFieldError(page, 'decl-primary-cause'), '请选择主要致困原因');
      await byTest(page, 'decl-primary-cause').getByText('家属患重病', { exact: true }).click();
      await byTest(page, 'decl-secondary-causes').getByText('收入低', { exact: true }).click();
      await byTest(page, 'm-apply-next').click();

      // An account in another name is refused at its field, in the server's words.
      await page.locator('[data-test="m-apply-steps"][data-step="bank"]').waitFor();
      await field(page, 'decl-bank-name').fill('中国工商银行');
      await field(page, 'decl-bank-account').fill('6222 0212 3456 7890 123');
      await field(page, 'decl-bank-holder').fill('张小明');
      await byTest(page, 'm-apply-promise').click();
      const [wrongHolder] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/me/hardship') && r.request().method() === 'POST'),
        byTest(page, 'm-apply-submit').click(),
      ]);
      assert.equal(wrongHolder.status(), 400);
      const holderError = (await wrongHolder.json()).error;
      assert.equal(holderError.field, 'bank.holder_name');
      assert.equal(await mobileFieldError(page, 'decl-bank-holder'), holderError.message);
      await settle(page);
      await shot(page, 'hardship-mobile-apply', true);

      await field(page, 'decl-bank-holder').fill(kWorker.name);
      const [applied] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/me/hardship') && r.request().method() === 'POST'),
        byTest(page, 'm-apply-submit').click(),
      ]);
      assert.equal(applied.status(), 201, await applied.text());
      const file = await applied.json();
      state.fileId = file.id;
      assert.equal(file.state, 'applied');
      assert.equal(file.household_size, 2);
      assert.equal(file.declaration.incomes[0].amount_fen, 2_000_000);
      assert.equal(file.declaration.bank.account, '6222021234567890123');

      // My file: applied, with its first event.
      await page.waitForURL(/\/m\/my$/);
      await byTest(page, 'm-my-state').filter({ hasText: '已申请' }).waitFor();
      await byTest(page, 'm-my-timeline').locator('[data-test="hardship-event"][data-action="apply"]').waitFor();
      assert.equal(await steps.count(), 0);

      // While the file is only applied the worker may add papers: a photo of a payslip.
      const papers = byTest(page, 'm-my-attachments');
      await papers.waitFor();
      assert.equal(await byTest(papers, 'm-attachment').count(), 0);
      await byTest(page, 'm-attachment-kind').getByText('收入证明', { exact: true }).click();
      const [uploaded] = await Promise.all([
        page.waitForResponse((r) => r.url().includes(`/files/${state.fileId}/attachments?`) && r.request().method() === 'POST'),
        byTest(page, 'm-attachment-upload').locator('input[type="file"]').setInputFiles(kWorkerPaper),
      ]);
      assert.equal(uploaded.status(), 201, await uploaded.text());
      const paper = await uploaded.json();
      assert.equal(paper.kind, 'income');
      assert.equal(paper.name, kWorkerPaper.name);
      assert.equal(paper.size, kWorkerPaper.buffer.length);
      await byTest(papers, 'm-attachment').filter({ hasText: kWorkerPaper.name }).waitFor();
      await settle(page);
      await shot(page, 'hardship-my-file', true);

      // English on the phone pages too, Vant's own texts included; then back to Chinese.
      await byTest(page, 'lang-switch').click();
      await byTest(page, 'm-my-state').filter({ hasText: 'Applied' }).waitFor();
      await byTest(papers, 'm-attachment').filter({ hasText: 'Proof of income' }).waitFor();
      await shot(page, 'hardship-my-file-en', true);
      await byTest(page, 'lang-switch').click();
      await byTest(page, 'm-my-state').filter({ hasText: '已申请' }).waitFor();
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('the grassroots union checks, visits, verifies and posts the notice; the public page masks the name', async () => {
    assert.ok(state.fileId, 'the worker applied');
    const { context, page, pageErrors } = await newPage();
    try {
      await logIn(page, kGrassroots);
      const row = await openFromQueue(page, 'tasks', 'hardship-workbench');
      await row.click();
      await page.waitForURL(new RegExp(`/hardship/files/${state.fileId}$`));
      await expectState(page, 'applied');
      // The cadre's org is the file's: no unmasking for a plain cadre, the ID number stays masked.
      assert.equal(await byTest(page, 'hardship-unmask').count(), 0);
      assert.match(await byTest(page, 'hardship-id-number').innerText(), /\*/);

      // The papers: the worker's photo is listed; the cadre adds the signed consent and previews it.
      const papers = byTest(page, 'hardship-attachments');
      await byTest(papers, 'hardship-attachment').filter({ hasText: kWorkerPaper.name }).waitFor();
      await byTest(papers, 'hardship-attachment').filter({ hasText: '收入证明' }).waitFor();
      await byTest(page, 'hardship-attachment-kind').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: '核查授权书' }).click();
      const [uploaded] = await Promise.all([
        page.waitForResponse((r) => r.url().includes(`/files/${state.fileId}/attachments?`) && r.request().method() === 'POST'),
        byTest(page, 'hardship-attachment-upload').locator('input[type="file"]').setInputFiles(kConsentPaper),
      ]);
      assert.equal(uploaded.status(), 201, await uploaded.text());
      const consent = await uploaded.json();
      assert.equal(consent.kind, 'consent');
      assert.equal(consent.content_type, 'image/png');
      assert.equal(consent.name, kConsentPaper.name);
      const consentRow = papers.locator('[data-test="hardship-attachment"][data-kind="consent"]');
      await consentRow.waitFor();
      assert.match(await byTest(consentRow, 'hardship-attachment-kind-label').innerText(), /核查授权书/);
      assert.equal(await byTest(consentRow, 'hardship-attachment-size').innerText(), `${kConsentPaper.buffer.length} B`);
      assert.equal(await byTest(consentRow, 'hardship-attachment-open').getAttribute('href'), `/api/v1/hardship/attachments/${consent.id}`);
      await byTest(consentRow, 'hardship-attachment-preview').click();
      await page.waitForFunction(() => document.querySelector('.el-image-viewer__img')?.naturalWidth === 120);
      await page.locator('.el-image-viewer__close').click();
      await page.locator('.el-image-viewer__wrapper').waitFor({ state: 'detached' });

      // A text file named .png is refused by its content, in the server's words.
      const [refusedPaper] = await Promise.all([
        page.waitForResponse((r) => r.url().includes(`/files/${state.fileId}/attachments?`) && r.request().method() === 'POST'),
        byTest(page, 'hardship-attachment-upload').locator('input[type="file"]').setInputFiles(kFakePaper),
      ]);
      assert.equal(refusedPaper.status(), 415);
      const paperError = (await refusedPaper.json()).error;
      await byTest(page, 'hardship-attachment-error').filter({ hasText: paperError.message }).waitFor();
      assert.equal(await byTest(papers, 'hardship-attachment').count(), 2);
      await settle(page);
      await papers.scrollIntoViewIfNeeded();
      await papers.screenshot({ path: path.join(kOutputDir, 'hardship-attachments.png') });

      const checked = await takeStep(page, 'check');
      assert.equal(checked.response.status(), 200, await checked.response.text());
      await expectState(page, 'checked');

      // The home visit needs the signed consent.
      const visited = await takeStep(page, 'visit', async (dialog) => {
        await byTest(dialog, 'hardship-step-confirm').click();
        await dialog.locator('.el-form-item.is-error', { has: byTest(page, 'hardship-step-consent') }).waitFor();
        await byTest(dialog, 'hardship-step-consent').click();
      });
      assert.equal(visited.response.status(), 200, await visited.response.text());
      await expectState(page, 'visited');

      // Verification assesses against the province's policy and explains the result.
      const verified = await takeStep(page, 'verify');
      assert.equal(verified.response.status(), 200, await verified.response.text());
      await expectState(page, 'verified');
      await byTest(page, 'hardship-assessment-category').filter({ hasText: '深度困难' }).waitFor();
      assert.equal((await byTest(page, 'hardship-assessment-per-head').innerText()).trim(), '625.00');
      const lines = byTest(page, 'hardship-explanation-line');
      assert.ok((await lines.count()) >= 3, 'the assessment explains itself');
      assert.match(await lines.last().innerText(), /深度困难/);
      assert.match(await lines.last().innerText(), /deep hardship/, 'each line in both languages');
      await byTest(page, 'hardship-replay').filter({ hasText: '复算一致' }).waitFor();

      // The notice went up 20 days ago.
      const noticeStart = shanghaiDay(-kNoticeDaysBack);
      const noticed = await takeStep(page, 'start_notice', async (dialog) => {
        const input = byTest(dialog, 'hardship-step-notice-start').locator('input');
        await input.fill(noticeStart);
        await input.press('Enter');
        await dialog.locator('.el-dialog__title').click();
      });
      assert.equal(noticed.response.status(), 200, await noticed.response.text());
      const noticedFile = await noticed.response.json();
      assert.equal(noticedFile.notice_start, noticeStart);
      await expectState(page, 'notice');
      await byTest(page, 'hardship-notice-window').filter({ hasText: noticeStart }).waitFor();

      // The public notice page: no login, the name masked, printable.
      const visitor = await newPage();
      try {
        await visitor.page.goto(`/notice/${state.grassroots.id}`);
        await byTest(visitor.page, 'notice-org').filter({ hasText: state.grassroots.name }).waitFor();
        const names = byTest(visitor.page, 'notice-name');
        await names.filter({ hasText: kWorker.masked }).first().waitFor();
        const sheet = await byTest(visitor.page, 'notice-sheet').innerText();
        assert.ok(!sheet.includes(kWorker.name), 'the full name is never on the notice');
        assert.ok(!sheet.includes(kWorker.idNumber.slice(-4)), 'nor any ID number');
        assert.match(sheet, /深度困难/);
        await byTest(visitor.page, 'notice-print').waitFor();
        await settle(visitor.page);
        await shot(visitor.page, 'hardship-notice');
        await visitor.page.emulateMedia({ media: 'print' });
        await byTest(visitor.page, 'notice-print').waitFor({ state: 'hidden' });
        assert.deepEqual(visitor.pageErrors, []);
      } finally {
        await visitor.context.close();
      }

      // An objection is recorded; while it is unanswered the file cannot go up.
      await byTest(page, 'hardship-objection-raise').click();
      const objectionDialog = page.locator('.el-dialog', { has: byTest(page, 'hardship-objection-submit') });
      await byTest(objectionDialog, 'hardship-objection-by').fill('匿名群众');
      await byTest(objectionDialog, 'hardship-objection-content').fill('反映该户有私家车');
      await byTest(objectionDialog, 'hardship-objection-submit').click();
      await objectionDialog.waitFor({ state: 'hidden' });
      await byTest(page, 'hardship-objection').filter({ hasText: '反映该户有私家车' }).waitFor();
      const blocked = await takeStep(page, 'submit');
      assert.equal(blocked.response.status(), 409);
      const blockedError = (await blocked.response.json()).error;
      await byTest(blocked.dialog, 'hardship-step-error').filter({ hasText: blockedError.message }).waitFor();
      await blocked.dialog.locator('.el-dialog__headerbtn').click();
      await blocked.dialog.waitFor({ state: 'hidden' });

      await byTest(page, 'hardship-objection-answer').click();
      const box = page.locator('.el-message-box');
      await box.locator('textarea').fill('经入户核实，该户无机动车');
      await box.locator('.el-message-box__btns .el-button--primary').click();
      await byTest(page, 'hardship-objection').filter({ hasText: '经入户核实' }).waitFor();

      // The notice has ended: the file goes up to the county union.
      const submitted = await takeStep(page, 'submit');
      assert.equal(submitted.response.status(), 200, await submitted.response.text());
      await expectState(page, 'upper_review');

      // The grassroots union cannot approve its own file: no button, and the server refuses.
      await byTest(page, 'hardship-upper-only').waitFor();
      assert.equal(await byTest(page, 'hardship-action-approve').count(), 0);
      assert.equal(await byTest(page, 'hardship-action-return').count(), 0);
      const refused = await page.evaluate(async (id) => {
        const session = await (await fetch('/api/v1/session')).json();
        const response = await fetch(`/api/v1/hardship/files/${id}/actions/approve`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf_token },
          body: JSON.stringify({ level: 'local' }),
        });
        return { status: response.status, body: await response.json() };
      }, state.fileId);
      assert.equal(refused.status, 403);
      assert.match(refused.body.error.message, /上级工会/);
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('the county union approves; the file is filed with every step on its timeline', async () => {
    const { context, page, pageErrors } = await newPage();
    try {
      await logIn(page, kCounty);
      const row = await openFromQueue(page, 'upper_review');
      await row.click();
      await page.waitForURL(new RegExp(`/hardship/files/${state.fileId}$`));
      await expectState(page, 'upper_review');
      assert.equal(await byTest(page, 'hardship-upper-only').count(), 0);

      const approved = await takeStep(page, 'approve', async (dialog) => {
        await byTest(dialog, 'hardship-step-level').getByText('地方级', { exact: true }).click();
      });
      assert.equal(approved.response.status(), 200, await approved.response.text());
      const filed = await approved.response.json();
      assert.equal(filed.state, 'filed');
      assert.equal(filed.filed_level, 'local');
      await expectState(page, 'filed');

      const actions = await byTest(page, 'hardship-events').locator('[data-test="hardship-event"]').evaluateAll(
        (items) => items.map((item) => item.dataset.action),
      );
      for (const action of ['apply', 'check', 'visit', 'verify', 'start_notice', 'objection', 'objection_answer', 'submit', 'approve']) {
        assert.ok(actions.includes(action), `the timeline has ${action}`);
      }
      // The worker's account is named by the phone; the timeline does not show it.
      assert.ok(!(await byTest(page, 'hardship-events').innerText()).includes(kWorker.phone));
      // cadre_admin may see the full details; each view is audited.
      await byTest(page, 'hardship-unmask').click();
      await byTest(page, 'hardship-unmask-notice').waitFor();
      await byTest(page, 'hardship-id-number').filter({ hasText: kWorker.idNumber }).waitFor();
      await byTest(page, 'hardship-unmask').click();
      await byTest(page, 'hardship-id-number').filter({ hasText: '*' }).waitFor();

      await page.setViewportSize({ width: 1366, height: 2000 });
      await settle(page);
      await shot(page, 'hardship-profile');
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('the county union sets a policy and runs a what-if', async () => {
    const { context, page, pageErrors } = await newPage();
    try {
      await logIn(page, kCounty);
      await byTest(page, 'nav-hardship').click();

      // Beside the queues, the files in scope by state: the figures the server counts.
      const chart = byTest(page, 'hardship-state-chart');
      await chart.locator('canvas').waitFor();
      await chart.locator('[data-test="hardship-state-count"][data-state="filed"]').waitFor({ state: 'attached' });
      const charted = await byTest(chart, 'hardship-state-count').evaluateAll((rows) =>
        Object.fromEntries(rows.map((row) => [row.dataset.state, Number(row.dataset.count)])),
      );
      const queues = await page.evaluate(async () => (await fetch('/api/v1/hardship/queues')).json());
      assert.deepEqual(charted, Object.fromEntries(Object.entries(queues.states).filter(([, n]) => n > 0)));
      await settle(page);
      await chart.screenshot({ path: path.join(kOutputDir, 'hardship-workbench-chart.png') });

      // The chart follows the window (the tiles and the chart stack on a narrow one) and the language.
      const canvasFits = () =>
        page.waitForFunction(() => {
          const box = document.querySelector('[data-test="hardship-state-chart"] .echart');
          const canvas = box?.querySelector('canvas');
          return canvas && Math.abs(canvas.getBoundingClientRect().width - box.clientWidth) <= 1;
        });
      const wideWidth = await chart.locator('canvas').evaluate((canvas) => canvas.getBoundingClientRect().width);
      await page.setViewportSize({ width: 900, height: 900 });
      await canvasFits();
      assert.ok((await chart.locator('canvas').evaluate((canvas) => canvas.getBoundingClientRect().width)) > wideWidth);
      await byTest(page, 'lang-switch').click();
      await chart.locator('caption', { hasText: 'Files by state' }).waitFor({ state: 'attached' });
      await chart.locator('.panel__title', { hasText: 'Files by state' }).waitFor();
      await settle(page);
      await shot(page, 'hardship-workbench-en');
      await byTest(page, 'lang-switch').click();
      await chart.locator('.panel__title', { hasText: '档案状态分布' }).waitFor();
      await page.setViewportSize(kDesktop.viewport);
      await canvasFits();

      await byTest(page, 'hardship-tab-policy').click();
      await page.waitForURL(/\/hardship\/policy$/);
      // The region starts at the county's own; it inherits the province's 1,150 yuan.
      await byTest(page, 'policy-region').filter({ hasText: '330106' }).waitFor();
      await byTest(page, 'policy-in-force').filter({ hasText: '330000' }).waitFor();
      assert.equal(await byTest(page, 'policy-dibao').inputValue(), '1150');

      await byTest(page, 'policy-dibao').fill('1200');
      const [saved] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/hardship/policies') && r.request().method() === 'POST'),
        byTest(page, 'policy-save').click(),
      ]);
      assert.equal(saved.status(), 201, await saved.text());
      const policy = await saved.json();
      assert.equal(policy.region_code, '330106');
      assert.equal(policy.dibao_monthly_fen, 120_000);
      assert.equal(policy.effective_from, shanghaiDay(1));
      // The aid caps and approval limits come along from the inherited standard.
      assert.equal(policy.approval_city_max_fen, 2_000_000);
      assert.equal(policy.approval_province_max_fen, 5_000_000);
      assert.equal(policy.living_aid_months_relative, 8);
      await byTest(page, 'policy-history').locator('.el-table__row', { hasText: '1,200.00' }).waitFor();
      await page.setViewportSize({ width: 1366, height: 1100 });
      await page.locator('.workbench__main').evaluate((main) => main.scrollTo(0, 0));
      await settle(page);
      await shot(page, 'hardship-policy');
      const cityLimit = byTest(page, 'policy-approval_city_max_fen');
      await cityLimit.scrollIntoViewIfNeeded();
      assert.equal(await cityLimit.inputValue(), '20000');
      await settle(page);
      await shot(page, 'hardship-policy-aid');
      await page.setViewportSize(kDesktop.viewport);

      // What if 低保 were 2,000 yuan: households move up, nothing is stored.
      await byTest(page, 'hardship-tab-whatif').click();
      await page.waitForURL(/\/hardship\/whatif$/);
      await byTest(page, 'whatif-dibao').fill('2000');
      const [started] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/hardship/whatif') && r.request().method() === 'POST'),
        byTest(page, 'whatif-run').click(),
      ]);
      assert.equal(started.status(), 202, await started.text());
      await page.locator('[data-test="whatif-progress"][data-state="done"][data-percent="100"]').waitFor({ timeout: 60_000 });
      const assessed = Number((await byTest(page, 'whatif-assessed').innerText()).replace(/,/g, ''));
      const changed = Number((await byTest(page, 'whatif-changed').innerText()).replace(/,/g, ''));
      assert.ok(assessed >= 1, 'our household at least is assessed');
      assert.ok((await byTest(page, 'whatif-bar').count()) >= 1);
      await byTest(page, 'whatif-chart').locator('canvas').waitFor();
      if (changed > 0) {
        const names = byTest(page, 'whatif-name');
        await names.first().waitFor();
        assert.match(await names.first().innerText(), /\*|^.$/, 'names are masked');
      }
      // Nothing changed on the file.
      const ours = await page.evaluate(async (id) => (await fetch(`/api/v1/hardship/files/${id}`)).json(), state.fileId);
      assert.equal(ours.category, 'deep');
      assert.equal(ours.per_head_monthly_fen, 62_500);
      await settle(page);
      await page.setViewportSize({ width: 1366, height: 1200 });
      await shot(page, 'hardship-whatif');
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });
});
