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
        { path: '', name: 'home', component: () => import('./views/HomeView.vue') },
        {
          path: 'orgs/:id(\\d+)',
          name: 'org',
          component: () => import('./views/orgs/OrgDetailView.vue'),
          props: (route) => ({ id: Number(route.params.id) }),
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
