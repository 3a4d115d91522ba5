import { createApp } from 'vue';
import { createPinia } from 'pinia';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import './styles/main.css';
import App from './App.vue';
import { i18n } from './i18n/index.js';
import { router } from './router.js';
import { configureApi } from './api/client.js';
import { useSessionStore } from './stores/session.js';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
app.use(router);
app.use(ElementPlus);

const session = useSessionStore(pinia);
configureApi({
  csrfToken: () => session.csrfToken,
  language: () => i18n.global.locale.value,
  networkErrorMessage: () => i18n.global.t('app.networkError'),
  onUnauthorized: () => {
    session.clear();
    const here = router.currentRoute.value;
    if (here.meta.public) return;
    router.push({ name: here.meta.mobile ? 'm-login' : 'login', query: { redirect: here.fullPath } });
  },
});

app.mount('#app');
