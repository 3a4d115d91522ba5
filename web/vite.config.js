import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The zhijia server serves /api, /healthz and /metrics; during development it runs on 8080 and
// Vite forwards those paths to it, so the browser sees one origin (the session cookie is
// SameSite=Strict).
const kServer = process.env.ZHIJIA_DEV_SERVER || 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [vue()],
  server: {
    proxy: {
      '/api': { target: kServer, changeOrigin: false },
      '/healthz': { target: kServer, changeOrigin: false },
    },
  },
  build: {
    // Element Plus is registered whole (~330 kB gzip) rather than per component: the workbench is
    // an intranet admin tool used all day from cache, and one import keeps the views plain.
    chunkSizeWarningLimit: 1100,
    rolldownOptions: {
      output: {
        // Libraries change less often than our code: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'element-plus', test: /node_modules[\\/](element-plus|@element-plus|@floating-ui|@popperjs|@ctrl|lodash|lodash-es|dayjs|async-validator|@vueuse)[\\/]/ },
            { name: 'vue', test: /node_modules[\\/](vue|@vue|vue-router|pinia|vue-i18n|@intlify)[\\/]/ },
            // Loaded only by the pages with charts (what-if, review workbench, funds overview):
            // core, bar chart, grid, tooltip, legend and the canvas renderer (src/charts/echarts.js).
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/ },
          ],
        },
      },
    },
  },
});
