import { createRouter, createWebHistory } from 'vue-router';
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
      ],
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  const session = useSessionStore();
  if (await session.restore()) return true;
  return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
});
