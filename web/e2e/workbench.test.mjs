// The cadres' workbench in a real browser against a real zhijia server with demo data:
// log in, walk the org tree, search by pinyin initials, switch language, reject a bad password.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchChromium } from './browser.mjs';
import { kRepoDir, startServer } from './server.mjs';

const kCadre = {
  username: 'e2e_cadre',
  displayName: '测试干部',
  org: '浙江省总工会',
  role: 'cadre_admin',
  scope: 'subtree',
  password: 'Zj-e2e-Passw0rd!',
};
const kTimeoutMs = 15_000;
const kOutputDir = process.env.ZHIJIA_TEST_OUTPUT || path.join(kRepoDir, 'test-output', 'e2e');

let server;
let browser;

before(async () => {
  mkdirSync(kOutputDir, { recursive: true });
  server = await startServer({ seed: 7, grassroots: 300, users: [kCadre] });
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
  });
  const page = await context.newPage();
  page.setDefaultTimeout(kTimeoutMs);
  // Uncaught exceptions in the app fail the test that caused them.
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { context, page, pageErrors };
}

function shot(page, name) {
  return page.screenshot({ path: path.join(kOutputDir, `${name}.png`), fullPage: false });
}

// Lets transitions (tree expansion, loading masks) finish so that screenshots show the end state.
async function settle(page) {
  await page.locator('.el-loading-mask').first().waitFor({ state: 'detached' }).catch(() => {});
  await page.waitForTimeout(400);
}

async function logIn(page) {
  await page.goto('/login');
  await byTest(page, 'login-username').fill(kCadre.username);
  await byTest(page, 'login-password').fill(kCadre.password);
  await byTest(page, 'login-submit').click();
  await page.waitForURL(/\/orgs\/\d+$/);
}

const byTest = (page, id) => page.locator(`[data-test="${id}"]`);

describe('cadre workbench', () => {
  test('log in, browse the tree, search by initials, switch to English', async () => {
    const { context, page, pageErrors } = await newPage();
    try {
      await page.goto('/');
      await page.waitForURL(/\/login/);
      await byTest(page, 'login-username').waitFor();
      await shot(page, 'login');

      await byTest(page, 'login-username').fill(kCadre.username);
      await byTest(page, 'login-password').fill(kCadre.password);
      await byTest(page, 'login-submit').click();

      // The workbench opens on the cadre's own org; the header names the cadre.
      await page.waitForURL(/\/orgs\/\d+$/);
      await assert.doesNotReject(
        byTest(page, 'org-detail-name').filter({ hasText: /^浙江省总工会$/ }).waitFor(),
      );
      const userMenu = byTest(page, 'user-menu');
      assert.match(await userMenu.innerText(), /测试干部/);
      assert.match(await userMenu.innerText(), /浙江省总工会/);

      // The tree holds the cadre's scope root; expanding it loads the city unions.
      const tree = byTest(page, 'org-tree');
      const province = tree.locator('.el-tree-node__content', { hasText: '浙江省总工会' }).first();
      await province.waitFor();
      const hangzhou = tree.locator('.el-tree-node__content', { hasText: /^杭州市总工会/ });
      if (!(await hangzhou.first().isVisible())) {
        await province.locator('.el-tree-node__expand-icon').click();
      }
      await hangzhou.first().waitFor();
      assert.equal(await hangzhou.count(), 1);
      await settle(page);
      // The national union is above the cadre's scope and must not be shown.
      assert.equal(await tree.locator('.el-tree-node__content', { hasText: '中华全国总工会' }).count(), 0);
      await shot(page, 'workbench');

      // Pinyin initials find Xihu district's union.
      await byTest(page, 'org-search').fill('xhq');
      const result = byTest(page, 'org-search-result').filter({ hasText: '西湖区总工会' });
      await result.first().waitFor();
      assert.match(await result.first().innerText(), /杭州市总工会/);
      await settle(page);
      await shot(page, 'search');
      await result.first().click();

      const name = byTest(page, 'org-detail-name');
      await name.filter({ hasText: /^西湖区总工会$/ }).waitFor();
      await byTest(page, 'org-detail-region-code').filter({ hasText: '330106' }).waitFor();
      const crumbs = byTest(page, 'org-breadcrumb');
      assert.deepEqual(
        (await crumbs.locator('.el-breadcrumb__inner').allInnerTexts()).map((text) => text.trim()),
        ['中华全国总工会', '浙江省总工会', '杭州市总工会', '西湖区总工会'],
      );
      // Ancestors inside the cadre's scope are links; the national union above it is not.
      await crumbs.locator('.is-link', { hasText: '杭州市总工会' }).waitFor();
      assert.equal(await crumbs.locator('.is-link', { hasText: '中华全国总工会' }).count(), 0);
      // The tree reveals the opened org under its ancestors.
      await tree
        .locator('.el-tree-node.is-current > .el-tree-node__content', { hasText: '西湖区总工会' })
        .waitFor();
      // The subtree table lists grassroots unions below the district.
      await byTest(page, 'org-subtree').locator('.el-table__row').first().waitFor();
      assert.ok((await byTest(page, 'org-subtree').locator('.el-table__row').count()) > 0);

      // English: labels change, the org's data stays.
      const descriptions = byTest(page, 'org-descriptions');
      assert.match(await descriptions.innerText(), /层级/);
      await byTest(page, 'lang-switch').click();
      await descriptions.filter({ hasText: 'Level' }).waitFor();
      assert.doesNotMatch(await descriptions.innerText(), /层级/);
      assert.match(await descriptions.innerText(), /County/);
      assert.equal(await name.innerText(), '西湖区总工会');
      assert.equal(await page.evaluate(() => localStorage.getItem('zhijia.locale')), 'en');
      await settle(page);
      await shot(page, 'english');

      // The choice survives a reload, and the session is restored from the cookie.
      await page.reload();
      await descriptions.filter({ hasText: 'Level' }).waitFor();
      await name.filter({ hasText: /^西湖区总工会$/ }).waitFor();

      // Log out: the session is gone and the workbench sends the user to the login page.
      await byTest(page, 'user-menu').click();
      await byTest(page, 'logout').click();
      await page.waitForURL(/\/login/);
      const answer = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
      assert.equal(answer, 401);
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('a cadre with org:write creates a child org; a bad region code is shown at its field', async () => {
    const { context, page, pageErrors } = await newPage();
    try {
      await logIn(page);
      await byTest(page, 'org-search').fill('西湖区总工会');
      await byTest(page, 'org-search-result').filter({ hasText: '西湖区总工会' }).first().click();
      await byTest(page, 'org-detail-name').filter({ hasText: /^西湖区总工会$/ }).waitFor();

      await byTest(page, 'org-create').click();
      const dialog = page.locator('.el-dialog', { has: byTest(page, 'org-form-region') });
      await dialog.waitFor();
      await dialog.locator('[data-test="org-form-name"]').fill('西湖区测试企业工会');
      await dialog.locator('[data-test="org-form-kind"]').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: /^企业工会$/ }).click();
      await dialog.locator('[data-test="org-form-region"]').fill('99999');
      await dialog.locator('[data-test="org-form-submit"]').click();
      const regionItem = dialog.locator('.el-form-item', { has: page.locator('[data-test="org-form-region"]') });
      await regionItem.locator('.el-form-item__error').waitFor();
      assert.match(await regionItem.locator('.el-form-item__error').innerText(), /\S/);
      await shot(page, 'create-error');

      await dialog.locator('[data-test="org-form-region"]').fill('330106');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/orgs') && r.request().method() === 'POST'),
        dialog.locator('[data-test="org-form-submit"]').click(),
      ]);
      assert.equal(response.status(), 201);
      assert.equal(response.request().headers()['x-csrf-token']?.length > 0, true);
      await dialog.waitFor({ state: 'hidden' });
      await byTest(page, 'org-tree')
        .locator('.el-tree-node__content', { hasText: '西湖区测试企业工会' })
        .waitFor();
      await byTest(page, 'subtree-filter-name').fill('测试企业');
      await byTest(page, 'org-subtree')
        .locator('.el-table__row', { hasText: '西湖区测试企业工会' })
        .waitFor();
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('a wrong password shows the server message', async () => {
    const { context, page } = await newPage();
    try {
      await page.goto('/login');
      await byTest(page, 'login-username').fill(kCadre.username);
      await byTest(page, 'login-password').fill('not-the-password');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'POST'),
        byTest(page, 'login-submit').click(),
      ]);
      assert.equal(response.status(), 401);
      const body = await response.json();
      assert.ok(body.error && body.error.message, 'the 401 carries an error message');
      const error = byTest(page, 'login-error');
      await error.waitFor();
      assert.equal((await error.innerText()).trim(), body.error.message);
      assert.match(body.error.message, /\p{Script=Han}/u, 'the message is in Chinese, the default language');
      assert.match(page.url(), /\/login/);
      await shot(page, 'login-error');
    } finally {
      await context.close();
    }
  });
});
