import { createRouter, createWebHistory } from 'vue-router';
import { i18n } from './i18n/index.js';
import { useSessionStore } from './stores/session.js';

// HTML5 history: the server answers index.html for every path outside /api.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    {
      path: '/login',
      name: 'login',
      component: () => import('./views/LoginView.vue'),
      meta: { public: true },
    },
    // The workers' own pages (Vant), narrow, for phones: meta.mobile sends a missing session to
    // m-login; meta.back puts a back arrow to that route in the nav bar.
    {
      path: '/m',
      component: () => import('./layouts/MobileLayout.vue'),
      children: [
        { path: '', redirect: { name: 'm-my' } },
        {
          path: 'login',
          name: 'm-login',
          component: () => import('./views/mobile/MobileLoginView.vue'),
          meta: { public: true, mobile: true },
        },
        {
          path: 'register',
          name: 'm-register',
          component: () => import('./views/mobile/MobileRegisterView.vue'),
          meta: { public: true, mobile: true, back: 'm-login' },
        },
        {
          path: 'my',
          name: 'm-my',
          component: () => import('./views/mobile/MobileMyFileView.vue'),
          meta: { mobile: true },
        },
        {
          path: 'apply',
          name: 'm-apply',
          component: () => import('./views/mobile/MobileApplyView.vue'),
          meta: { mobile: true, back: 'm-my' },
        },
      ],
    },
    // The public notice board of a union: anyone may read (and print) it.
    {
      path: '/notice/:orgId(\\d+)',
      name: 'notice',
      component: () => import('./views/notice/PublicNoticeView.vue'),
      props: (route) => ({ orgId: Number(route.params.orgId) }),
      meta: { public: true, notice: true },
    },
    // The public list of a union's aid recipients for a year (受助名单公示), printable.
    {
      path: '/aid-notice/:orgId(\\d+)',
      name: 'aid-notice',
      component: () => import('./views/notice/AidNoticeView.vue'),
      props: (route) => ({ orgId: Number(route.params.orgId) }),
      meta: { public: true, notice: true, aidNotice: true },
    },
    {
      path: '/',
      component: () => import('./layouts/WorkbenchLayout.vue'),
      children: [
        // meta.section: the header tab that is lit; meta.tree: the org tree is shown beside it.
        {
          path: '',
          name: 'home',
          component: () => import('./views/HomeView.vue'),
          meta: { section: 'orgs', tree: true },
        },
        {
          path: 'orgs/:id(\\d+)',
          name: 'org',
          component: () => import('./views/orgs/OrgDetailView.vue'),
          props: (route) => ({ id: Number(route.params.id) }),
          meta: { section: 'orgs', tree: true },
        },
        {
          path: 'members',
          name: 'members',
          component: () => import('./views/members/MemberListView.vue'),
          meta: { section: 'members', tree: true },
        },
        {
          path: 'members/import',
          name: 'member-import',
          component: () => import('./views/members/MemberImportView.vue'),
          meta: { section: 'import' },
        },
        {
          path: 'members/:id(\\d+)',
          name: 'member',
          component: () => import('./views/members/MemberProfileView.vue'),
          props: (route) => ({ id: Number(route.params.id) }),
          meta: { section: 'members' },
        },
        {
          path: 'transfers',
          name: 'transfers',
          component: () => import('./views/transfers/TransferQueueView.vue'),
          meta: { section: 'transfers' },
        },
        {
          path: 'hardship',
          component: () => import('./views/hardship/HardshipSection.vue'),
          // meta.sub: the tab of the hardship section that is lit.
          children: [
            {
              path: '',
              name: 'hardship',
              component: () => import('./views/hardship/HardshipWorkbenchView.vue'),
              meta: { section: 'hardship', sub: 'workbench' },
            },
            {
              path: 'files/:id(\\d+)',
              name: 'hardship-file',
              component: () => import('./views/hardship/HardshipFileView.vue'),
              props: (route) => ({ id: Number(route.params.id) }),
              meta: { section: 'hardship', sub: 'workbench' },
            },
            {
              path: 'files/:id(\\d+)/edit',
              name: 'hardship-file-edit',
              component: () => import('./views/hardship/HardshipApplyView.vue'),
              props: (route) => ({ id: Number(route.params.id) }),
              meta: { section: 'hardship', sub: 'workbench' },
            },
            {
              path: 'apply',
              name: 'hardship-apply',
              component: () => import('./views/hardship/HardshipApplyView.vue'),
              meta: { section: 'hardship', sub: 'apply' },
            },
            {
              path: 'policy',
              name: 'hardship-policy',
              component: () => import('./views/hardship/PolicyEditorView.vue'),
              meta: { section: 'hardship', sub: 'policy' },
            },
            {
              path: 'whatif',
              name: 'hardship-whatif',
              component: () => import('./views/hardship/WhatIfView.vue'),
              meta: { section: 'hardship', sub: 'whatif' },
            },
          ],
        },
        {
          path: 'funds',
          component: () => import('./views/funds/FundsSection.vue'),
          // meta.sub: the tab of the funds section that is lit.
          children: [
            {
              path: '',
              name: 'funds',
              component: () => import('./views/funds/FundsOverviewView.vue'),
              meta: { section: 'funds', sub: 'overview' },
            },
            {
              path: 'accounts/:id(\\d+)',
              name: 'fund-statement',
              component: () => import('./views/funds/FundStatementView.vue'),
              props: (route) => ({ id: Number(route.params.id) }),
              meta: { section: 'funds', sub: 'overview' },
            },
            {
              path: 'aid',
              name: 'funds-queue',
              component: () => import('./views/funds/AidQueueView.vue'),
              meta: { section: 'funds', sub: 'queue' },
            },
            {
              path: 'reconcile',
              name: 'funds-reconcile',
              component: () => import('./views/funds/ReconcileView.vue'),
              meta: { section: 'funds', sub: 'reconcile' },
            },
            {
              path: 'runs',
              name: 'funds-runs',
              component: () => import('./views/funds/PaymentRunsView.vue'),
              meta: { section: 'funds', sub: 'runs' },
            },
          ],
        },
      ],
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  const session = useSessionStore();
  const signedIn = await session.restore();
  if (to.meta.mobile) return signedIn || { name: 'm-login', query: { redirect: to.fullPath } };
  if (!signedIn) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  // A worker's own account has no workbench: its pages are the mobile ones.
  if (session.worker) return { name: 'm-my' };
  return true;
});

router.afterEach((to) => {
  const { t } = i18n.global;
  if (to.meta.mobile) document.title = t('mobile.brand');
  else if (to.meta.aidNotice) document.title = t('aidNotice.title');
  else if (to.meta.notice) document.title = t('notice.title');
  else document.title = `${t('app.name')} · ${t('app.subtitle')}`;
});
