// Assistance funds (帮扶资金) in a real browser against a real zhijia server with the demo's funds
// (the province's fund and one per county with an allocation; aid up to 2,000 yuan is approved by
// the grassroots union, up to 10,000 by the county). A household is filed through the API (the
// browser walk of that is hardship.test.mjs); then a grassroots cadre requests 5,000 yuan of
// living aid from the county's fund on the household profile (the server's refusals show at their
// fields), the grassroots queue does not offer it, the county cadre sees it reserved on the funds
// overview and approves it in the aid queue, the fund's statement shows the posted transfer
// linked to the household, the profile's aid panel shows it paid, and the bank reconciliation of
// a small CSV finds it matched (with one extra line and one unreadable row). Last, the county
// cadre gathers the paid aid into a payment run and downloads its bank file, and the public
// recipients' notice of the county shows the household's masked name and the amount.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchChromium } from './browser.mjs';
import { kRepoDir, startServer } from './server.mjs';

const kPassword = 'Zj-e2e-Passw0rd!';
// The county union: its fund pays, it approves amounts above the grassroots limit.
const kCounty = {
  username: 'e2e_funds_county',
  displayName: '西湖区财务干部',
  org: '西湖区总工会',
  role: 'cadre_admin',
  scope: 'subtree',
  password: kPassword,
};
// A grassroots union's cadre (role cadre); the org is found once the demo exists.
const kGrassroots = {
  username: 'e2e_funds_grassroots',
  displayName: '基层帮扶干部',
  role: 'cadre',
  scope: 'subtree',
  password: kPassword,
};
const kHolder = { name: '赵春生', phone: '13957118866', account: '6222021208881234567', bank: '中国工商银行' };
const kRegion = '330106';
const kAidYuan = '5000';
const kAidFen = 500_000;
const kOverCapYuan = '12000';
const kNoticeDaysBack = 20;
const kTimeZone = 'Asia/Shanghai';
const kTimeoutMs = 20_000;
const kOutputDir = process.env.ZHIJIA_TEST_OUTPUT || path.join(kRepoDir, 'test-output', 'e2e');

let server;
let browser;
// Filled as the tests go: the orgs, the county's fund, the filed household, the aid.
const state = { county: null, grassroots: null, fund: null, fileId: null, aidId: null };

// GB 11643 check character of the first 17 digits.
function checkCharacter(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i];
  return '10X98765432'[sum % 11];
}
kHolder.idNumber = '33010619790415871' + checkCharacter('33010619790415871');

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

/** Asserts the status of an API answer, showing the answer when it differs. */
function expectStatus(answer, status) {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  return answer.body;
}

/**
 * The household: a member of the grassroots union whose union applies for them, checks, visits,
 * verifies (deep hardship: 12,000 yuan a year for one person), posts the notice 20 days back and
 * submits; the county files it at the local level (the level the county's fund serves).
 */
async function fileHousehold(county, grassroots) {
  const member = expectStatus(
    await api(grassroots, 'POST', '/api/v1/members', {
      org_id: state.grassroots.id,
      name: kHolder.name,
      id_number: kHolder.idNumber,
      phone: kHolder.phone,
      hukou: 'urban',
      employment_form: 'standard',
    }),
    201,
  );
  expectStatus(await api(county, 'POST', `/api/v1/members/${member.id}/actions/approve`, {}), 200);
  const declaration = {
    phone: kHolder.phone,
    health: 'chronic',
    people: [],
    incomes: [{ kind: 'wage', amount_fen: 1_200_000 }],
    expenses: [],
    housing_type: 'rented',
    homes: 0,
    primary_cause: 'own_illness',
    secondary_causes: [],
    bank: { bank: kHolder.bank, account: kHolder.account, holder_name: kHolder.name },
  };
  const file = expectStatus(await api(grassroots, 'POST', '/api/v1/hardship/files', { member_id: member.id, declaration }), 201);
  const steps = [
    [grassroots, 'check', {}],
    [grassroots, 'visit', { consent: true }],
    [grassroots, 'verify', {}],
    [grassroots, 'start_notice', { notice_start: shanghaiDay(-kNoticeDaysBack) }],
    [grassroots, 'submit', {}],
    [county, 'approve', { level: 'local' }],
  ];
  let answer = file;
  for (const [who, action, body] of steps) {
    answer = expectStatus(await api(who, 'POST', `/api/v1/hardship/files/${file.id}/actions/${action}`, body), 200);
  }
  assert.equal(answer.state, 'filed');
  return file.id;
}

before(async () => {
  mkdirSync(kOutputDir, { recursive: true });
  server = await startServer({ seed: 7, grassroots: 300, users: [kCounty] });
  browser = await launchChromium();

  const county = await apiLogin(kCounty.username, kCounty.password);
  const found = expectStatus(await api(county, 'GET', `/api/v1/orgs/search?q=${encodeURIComponent(kCounty.org)}&limit=5`), 200);
  state.county = found.items.find((org) => org.name === kCounty.org);
  assert.ok(state.county, `${kCounty.org} is in the demo`);
  const children = expectStatus(await api(county, 'GET', `/api/v1/orgs?parent_id=${state.county.id}`), 200);
  state.grassroots = children.items
    .filter((org) => org.level === 'grassroots' && org.status === 'active')
    .sort((a, b) => a.id - b.id)[0];
  assert.ok(state.grassroots, `${kCounty.org} has a grassroots union`);
  server.addUser({ ...kGrassroots, org: state.grassroots.id });
  const grassroots = await apiLogin(kGrassroots.username, kGrassroots.password);

  // The demo's policy: 5,000 yuan is above the grassroots union's limit and within the county's.
  const policy = expectStatus(await api(county, 'GET', `/api/v1/hardship/policies/${kRegion}`), 200);
  assert.ok(policy.approval_grassroots_max_fen < kAidFen && kAidFen <= policy.approval_county_max_fen, JSON.stringify(policy));
  assert.ok(policy.aid_cap_living_fen < 1_200_000, 'the over-cap amount is over the cap');
  // The county's fund, fed by the province's allocation.
  const funds = expectStatus(await api(county, 'GET', `/api/v1/funds/accounts?org_id=${state.county.id}`), 200);
  state.fund = funds.items.find((account) => account.org_id === state.county.id);
  assert.ok(state.fund && state.fund.available > kAidFen, JSON.stringify(funds));

  state.fileId = await fileHousehold(county, grassroots);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function newPage(viewport = { width: 1366, height: 900 }) {
  const context = await browser.newContext({ baseURL: server.baseUrl, locale: 'zh-CN', timezoneId: kTimeZone, viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(kTimeoutMs);
  // Uncaught exceptions in the app fail the test that caused them.
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { context, page, pageErrors };
}

const byTest = (scope, id) => scope.locator(`[data-test="${id}"]`);

function shot(page, name) {
  return page.screenshot({ path: path.join(kOutputDir, `${name}.png`) });
}

// Lets loading masks and toasts go so that screenshots show the end state.
async function settle(page) {
  await page.locator('.el-loading-mask').first().waitFor({ state: 'detached' }).catch(() => {});
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 6000 }).catch(() => {});
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
async function fieldError(scope, id) {
  // The inner locator of `has` is relative to the form item: it starts from the page.
  const error = scope.locator('.el-form-item', { has: byTest(scope.page(), id) }).last().locator('.el-form-item__error');
  await error.waitFor();
  return (await error.innerText()).trim();
}

/** Picks an option of an Element Plus select by its text. */
async function choose(page, select, text) {
  await select.click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
}

/** Sends the aid dialog and returns the server's answer. */
async function sendAid(page, dialog) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/funds/aid') && r.request().method() === 'POST'),
    byTest(dialog, 'aid-form-submit').click(),
  ]);
  return { status: response.status(), body: await response.json() };
}

async function openFunds(page, tab) {
  await byTest(page, 'nav-funds').click();
  await page.waitForURL(/\/funds$/);
  if (tab !== 'overview') {
    await byTest(page, `funds-tab-${tab}`).click();
    const paths = { queue: /\/funds\/aid$/, reconcile: /\/funds\/reconcile$/, runs: /\/funds\/runs$/ };
    await page.waitForURL(paths[tab]);
  }
}

describe('assistance funds', () => {
  test('the grassroots cadre requests 5,000 yuan from the county fund; its own queue does not offer it', async () => {
    const { context, page, pageErrors } = await newPage();
    try {
      await logIn(page, kGrassroots);
      await page.goto(`/hardship/files/${state.fileId}`);
      const panel = byTest(page, 'aid-panel');
      await byTest(panel, 'aid-empty').waitFor();
      assert.equal(await byTest(panel, 'aid-posted-total').getAttribute('data-fen'), '0');

      await byTest(panel, 'aid-request').click();
      const dialog = page.locator('.el-dialog', { has: byTest(page, 'aid-form-submit') });
      await dialog.waitFor();
      await byTest(dialog, 'aid-form-bank').filter({ hasText: kHolder.name }).waitFor();
      // The fund list holds the funds in the cadre's scope: a grassroots union has none, so the
      // county's fund is named by its number (GET /api/v1/funds/accounts lists no upper funds).
      const byNumber = byTest(dialog, 'aid-form-fund-number');
      await byTest(dialog, 'aid-form-fund').or(byNumber).first().waitFor();
      if (await byNumber.isVisible()) await byNumber.locator('input').fill(String(state.fund.id));
      else await choose(page, byTest(dialog, 'aid-form-fund'), state.fund.name);

      // Medical aid needs the self-paid share: the server says so at that field.
      await choose(page, byTest(dialog, 'aid-form-kind'), '医疗救助');
      await byTest(dialog, 'aid-form-amount').fill(kAidYuan);
      let answer = await sendAid(page, dialog);
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error.field, 'self_paid_fen');
      assert.equal(await fieldError(dialog, 'aid-form-self-paid'), answer.body.error.message);

      // Living aid above the year's cap: refused at the amount, in the server's words.
      await choose(page, byTest(dialog, 'aid-form-kind'), '生活救助');
      await byTest(dialog, 'aid-form-amount').fill(kOverCapYuan);
      answer = await sendAid(page, dialog);
      assert.equal(answer.status, 409);
      assert.equal(answer.body.error.field, 'amount_fen');
      assert.equal(await fieldError(dialog, 'aid-form-amount'), answer.body.error.message);
      assert.match(answer.body.error.message, /上限/);
      await settle(page);
      await dialog.screenshot({ path: path.join(kOutputDir, 'funds-aid-request-error.png') });

      // 5,000 yuan: the county must approve it, as the dialog says before sending.
      await byTest(dialog, 'aid-form-amount').fill(kAidYuan);
      await dialog.locator('[data-test="aid-form-level"][data-level="county"]').waitFor();
      await byTest(dialog, 'aid-form-reason').fill('户主慢性病，长期服药，生活困难');
      answer = await sendAid(page, dialog);
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      assert.equal(answer.body.state, 'awaiting_approval');
      assert.equal(answer.body.approval_level, 'county');
      assert.equal(answer.body.amount_fen, kAidFen);
      assert.equal(answer.body.fund_account_id, state.fund.id);
      state.aidId = answer.body.id;
      await dialog.waitFor({ state: 'hidden' });
      const record = panel.locator(`[data-test="aid-record"][data-aid-id="${state.aidId}"]`);
      await panel.locator(`[data-test="aid-record"][data-aid-id="${state.aidId}"][data-state="awaiting_approval"]`).waitFor();
      assert.match(await byTest(record, 'aid-record-amount').innerText(), /5,000\.00/);
      await page.locator('[data-test="hardship-event"][data-action="aid_request"]').filter({ hasText: '生活救助 5,000.00 元' }).waitFor();

      // The grassroots union may not decide 5,000 yuan: not in its queue, and the server refuses.
      const [queued] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/funds/aid/queue')),
        openFunds(page, 'queue'),
      ]);
      assert.equal(queued.status(), 200);
      await settle(page);
      assert.equal(await page.locator(`[data-test="aid-row"][data-aid-id="${state.aidId}"]`).count(), 0);
      assert.equal(await byTest(page, 'aid-queue-count').getAttribute('data-count'), '0');
      const refused = await page.evaluate(async (id) => {
        const session = await (await fetch('/api/v1/session')).json();
        const response = await fetch(`/api/v1/funds/aid/${id}/approve`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf_token },
          body: '{}',
        });
        return { status: response.status, body: await response.json() };
      }, state.aidId);
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.field, 'approval_level');
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('the county cadre sees it reserved, approves it; the statement and the household show it paid', async () => {
    assert.ok(state.aidId, 'the aid was requested');
    const { context, page, pageErrors } = await newPage({ width: 1366, height: 1000 });
    try {
      await logIn(page, kCounty);

      // The overview: the county's fund, 5,000 yuan of it held for the request.
      await openFunds(page, 'overview');
      const row = page.locator(`[data-test="fund-row"][data-fund-id="${state.fund.id}"]`);
      await row.waitFor();
      await page.locator(`[data-test="funds-total-reserved"][data-fen="${kAidFen}"]`).waitFor();
      await page.locator(`[data-test="funds-total-available"][data-fen="${state.fund.available - kAidFen}"]`).waitFor();
      const chart = byTest(page, 'funds-balance-chart');
      await chart.locator('canvas').waitFor();
      const bar = chart.locator(`[data-test="funds-balance-bar"][data-fund-id="${state.fund.id}"]`);
      assert.equal(await bar.getAttribute('data-balance'), String(state.fund.balance));
      assert.equal(await bar.getAttribute('data-available'), String(state.fund.available - kAidFen));
      // The fund's report: the province's allocation came in this year; nothing spent yet.
      const report = page.locator(`[data-test="fund-report"][data-fund-id="${state.fund.id}"]`);
      await report.locator('[data-test="fund-report-source"][data-source="upper_allocation"]').waitFor();
      assert.equal(await byTest(report, 'fund-report-reserved').getAttribute('data-fen'), String(kAidFen));
      assert.equal(await byTest(report, 'fund-report-purpose').count(), 0);
      await settle(page);
      await shot(page, 'funds-overview');

      // The queue: approve.
      await byTest(page, 'funds-tab-queue').click();
      await page.waitForURL(/\/funds\/aid$/);
      const aidRow = page.locator(`[data-test="aid-row"][data-aid-id="${state.aidId}"]`);
      await aidRow.waitFor();
      assert.equal(await aidRow.getAttribute('data-level'), 'county');
      const tableRow = page.locator('.el-table__row', { has: aidRow });
      assert.match(await tableRow.innerText(), new RegExp(kHolder.name));
      await settle(page);
      await shot(page, 'funds-queue');
      await byTest(tableRow, 'aid-approve').click();
      const box = page.locator('.el-message-box.aid-decision');
      await box.filter({ hasText: kHolder.name }).waitFor();
      const [approved] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/api/v1/funds/aid/${state.aidId}/approve`)),
        box.locator('.el-message-box__btns .el-button--primary').click(),
      ]);
      assert.equal(approved.status(), 200, await approved.text());
      assert.equal((await approved.json()).state, 'posted');
      await aidRow.waitFor({ state: 'detached' });

      // The statement: the reservation and its posting, newest first, linked to the household.
      await byTest(page, 'funds-tab-overview').click();
      await row.waitFor();
      await page.locator('.el-table__row', { has: row }).locator('[data-test="fund-statement-link"]').click();
      await page.waitForURL(new RegExp(`/funds/accounts/${state.fund.id}$`));
      await byTest(page, 'fund-statement-name').filter({ hasText: state.fund.name }).waitFor();
      const posted = page.locator('[data-test="statement-row"][data-kind="post"]').first();
      await posted.waitFor();
      assert.equal(await posted.getAttribute('data-direction'), 'debit');
      assert.equal(await posted.getAttribute('data-amount'), String(kAidFen));
      assert.equal(await posted.getAttribute('data-aid-id'), String(state.aidId));
      assert.equal(await byTest(page, 'statement-row').first().getAttribute('data-kind'), 'post');
      const postedRow = page.locator('.el-table__row', { has: posted });
      assert.match(await byTest(postedRow, 'statement-amount').innerText(), /^−5,000\.00$/);
      assert.equal((await byTest(postedRow, 'statement-purpose').innerText()).trim(), '生活救助');
      await page.locator(`[data-test="statement-row"][data-kind="pending"][data-aid-id="${state.aidId}"]`).waitFor();
      await page.locator(`[data-test="fund-statement-balance"][data-fen="${state.fund.balance - kAidFen}"]`).waitFor();
      await settle(page);
      await shot(page, 'funds-statement');

      // The household, through the statement's link: the aid is paid.
      await byTest(postedRow, 'statement-household').click();
      await page.waitForURL(new RegExp(`/hardship/files/${state.fileId}$`));
      const panel = byTest(page, 'aid-panel');
      await panel.locator(`[data-test="aid-record"][data-aid-id="${state.aidId}"][data-state="posted"]`).waitFor();
      assert.equal(await byTest(panel, 'aid-posted-total').getAttribute('data-fen'), String(kAidFen));
      assert.equal((await byTest(panel, 'aid-posted-total').innerText()).trim(), '5,000.00');
      await page.locator('[data-test="hardship-state"][data-state="aided"]').waitFor();
      await page.locator('[data-test="hardship-event"][data-action="aid_posted"]').filter({ hasText: '生活救助 5,000.00 元' }).waitFor();
      await settle(page);
      await panel.scrollIntoViewIfNeeded();
      await panel.screenshot({ path: path.join(kOutputDir, 'funds-household-aid.png') });

      // The report now counts the spending by purpose.
      await openFunds(page, 'overview');
      const spent = page.locator(`[data-test="fund-report"][data-fund-id="${state.fund.id}"] [data-test="fund-report-purpose"][data-purpose="living"]`);
      await spent.waitFor();
      assert.equal(await spent.getAttribute('data-fen'), String(kAidFen));
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('the bank statement reconciles: the payment matched, an extra line, an unreadable row', async () => {
    assert.ok(state.aidId, 'the aid was paid');
    const { context, page, pageErrors } = await newPage({ width: 1366, height: 1200 });
    try {
      await logIn(page, kCounty);
      await openFunds(page, 'reconcile');
      await byTest(page, 'reconcile-fund').filter({ hasText: state.fund.name }).waitFor();
      const today = shanghaiDay();
      const csv = [
        '交易日期,金额,对方账号,对方户名,摘要',
        `${today},-5000.00,${kHolder.account},${kHolder.name},困难职工生活救助`,
        `${today},-300.00,6222020000111122223,钱多多,手续费退回`,
        `${today},五百元,6222020000111122224,孙小美,金额写成了汉字`,
      ].join('\r\n');
      const [answered] = await Promise.all([
        page.waitForResponse((r) => r.url().includes(`/api/v1/funds/accounts/${state.fund.id}/reconcile?`)),
        byTest(page, 'reconcile-upload').locator('input[type="file"]').setInputFiles({
          name: '工商银行流水.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(`\ufeff${csv}\r\n`, 'utf8'),
        }),
      ]);
      assert.equal(answered.status(), 200, await answered.text());
      const result = await answered.json();
      assert.equal(result.matched.length, 1);
      assert.equal(result.matched[0].payment.aid_id, state.aidId);
      for (const [key, n] of [['matched', 1], ['missing', 0], ['extra', 1], ['bad', 1]]) {
        await page.locator(`[data-test="reconcile-count-${key}"][data-count="${n}"]`).waitFor();
      }
      await page.locator(`[data-test="reconcile-matched-row"][data-aid-id="${state.aidId}"][data-row="2"]`).waitFor();
      await page.locator('[data-test="reconcile-extra-row"][data-row="3"]').waitFor();
      await page.locator('[data-test="reconcile-bad-row"][data-row="4"]').waitFor();
      await byTest(page, 'reconcile-matched').filter({ hasText: kHolder.name }).waitFor();
      await settle(page);
      await shot(page, 'funds-reconcile');
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('the county cadre makes a payment run with its bank file; the public notice lists the aid masked', async () => {
    assert.ok(state.aidId, 'the aid was paid');
    const { context, page, pageErrors } = await newPage({ width: 1366, height: 1000 });
    try {
      await logIn(page, kCounty);
      // The overview links to the county's public recipients' notice.
      await openFunds(page, 'overview');
      assert.equal(await byTest(page, 'funds-aid-notice-link').getAttribute('href'), `/aid-notice/${state.county.id}`);

      // The approved aid waits for the next run of the county's fund.
      await openFunds(page, 'runs');
      await byTest(page, 'runs-fund').filter({ hasText: state.fund.name }).waitFor();
      const unpaidRow = page.locator(`[data-test="runs-unpaid-row"][data-aid-id="${state.aidId}"]`);
      await unpaidRow.waitFor();
      const unpaidLine = page.locator('.el-table__row', { has: unpaidRow });
      assert.match(await unpaidLine.innerText(), new RegExp(kHolder.name));
      assert.match(await byTest(unpaidLine, 'runs-unpaid-amount').innerText(), /^5,000\.00$/);
      // The account number is masked on screen.
      assert.doesNotMatch(await unpaidLine.innerText(), new RegExp(kHolder.account));
      await settle(page);
      await shot(page, 'funds-payment-run-unpaid');

      await byTest(page, 'runs-create').click();
      const box = page.locator('.el-message-box.payment-run-confirm');
      await box.filter({ hasText: '5,000.00' }).waitFor();
      const [created] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/api/v1/funds/accounts/${state.fund.id}/payment-runs`) && r.request().method() === 'POST'),
        box.locator('.el-message-box__btns .el-button--primary').click(),
      ]);
      assert.equal(created.status(), 201, await created.text());
      const run = await created.json();
      assert.equal(run.items, 1);
      assert.equal(run.total_fen, kAidFen);
      const runRow = page.locator(`[data-test="run-row"][data-run-id="${run.id}"][data-items="1"][data-fen="${kAidFen}"]`);
      await runRow.waitFor();
      await unpaidRow.waitFor({ state: 'detached' });
      assert.equal(await byTest(page, 'runs-unpaid-total').getAttribute('data-count'), '0');
      assert.ok(await byTest(page, 'runs-create').isDisabled());
      assert.match(await byTest(page, 'runs-download-hint').innerText(), /审计日志/);

      // The bank file, through the link on the run: an XLSX (a zip, "PK").
      const link = byTest(page.locator('.el-table__row', { has: runRow }), 'run-download');
      const href = await link.getAttribute('href');
      assert.equal(href, `/api/v1/funds/payment-runs/${run.id}/bank-file.xlsx`);
      const file = await page.evaluate(async (url) => {
        const response = await fetch(url);
        const bytes = new Uint8Array(await response.arrayBuffer());
        return { status: response.status, type: response.headers.get('content-type'), head: String.fromCharCode(bytes[0], bytes[1]) };
      }, href);
      assert.equal(file.status, 200);
      assert.equal(file.head, 'PK');
      assert.match(file.type, /spreadsheetml/);
      await settle(page);
      await shot(page, 'funds-payment-run');
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }

    // The recipients' notice of the county, without a login: the masked name and the amount.
    const visitor = await newPage({ width: 1000, height: 900 });
    try {
      await visitor.page.goto(`/aid-notice/${state.county.id}`);
      const sheet = byTest(visitor.page, 'aid-notice-sheet');
      await byTest(sheet, 'aid-notice-org').filter({ hasText: kCounty.org }).waitFor();
      const row = sheet.locator(`[data-test="aid-notice-row"][data-amount="${kAidFen}"]`).first();
      await row.waitFor();
      const masked = (await byTest(row, 'aid-notice-name').innerText()).trim();
      assert.notEqual(masked, kHolder.name);
      assert.match(masked, /^赵\*+生$/);
      assert.equal((await byTest(row, 'aid-notice-amount').innerText()).trim(), '5,000.00');
      assert.match(await row.innerText(), /生活救助/);
      assert.doesNotMatch(await sheet.innerText(), new RegExp(kHolder.name));
      assert.ok(await byTest(visitor.page, 'aid-notice-print').isEnabled());
      await settle(visitor.page);
      await shot(visitor.page, 'funds-aid-notice');
      assert.deepEqual(visitor.pageErrors, []);
    } finally {
      await visitor.context.close();
    }
  });

  test('the county cadre retires an empty fund: it shows as retired and takes no more money', async () => {
    const county = await apiLogin(kCounty.username, kCounty.password);
    const spare = expectStatus(
      await api(county, 'POST', '/api/v1/funds/accounts', { name: '县总备用资金（待停用）', org_id: state.county.id, sources: ['donation'], purposes: ['living'] }),
      201,
    );
    const { context, page, pageErrors } = await newPage();
    try {
      await logIn(page, kCounty);
      await openFunds(page, 'overview');
      const row = page.locator('.el-table__row').filter({ has: page.locator(`[data-test="fund-row"][data-fund-id="${spare.id}"]`) });
      await row.waitFor();
      // A fund with money on it offers no retirement.
      const funded = page.locator('.el-table__row').filter({ has: page.locator(`[data-test="fund-row"][data-fund-id="${state.fund.id}"]`) });
      assert.equal(await byTest(funded, 'fund-retire').count(), 0);
      await byTest(row, 'fund-retire').click();
      const box = page.locator('.funds-retire-box');
      await box.waitFor();
      await box.locator('input').fill('与县总帮扶资金合并');
      await box.locator('.el-button--primary').click();
      await byTest(row, 'fund-retired').waitFor();
      assert.equal(await byTest(row, 'fund-retire').count(), 0);
      await settle(page);
      await shot(page, 'funds-retired');
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
    const refused = await api(county, 'POST', `/api/v1/funds/accounts/${spare.id}/income`, { source: 'donation', amount_fen: 100, counterparty: '某公司' });
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.match(refused.body.error.message, /已停用/);
  });
});
