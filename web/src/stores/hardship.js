import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import { getCauses } from '../api/hardship.js';

/**
 * The review workbench's queue, filters and page (kept while the cadre opens a file and comes
 * back), and the causes dictionary (read once; it changes rarely).
 */
export const useHardshipStore = defineStore('hardship', () => {
  const filters = reactive({ queue: 'all', state: '', q: '', org: null });
  const page = ref(1);
  const pageSize = ref(20);
  const causes = ref([]);
  let causesLoading = null;

  /** Resolves to the causes [{code, name_zh, name_en, active}]; a failure is retried next time. */
  function loadCauses() {
    if (causes.value.length) return Promise.resolve(causes.value);
    if (!causesLoading) {
      causesLoading = getCauses()
        .then((answer) => {
          causes.value = answer.items;
          return causes.value;
        })
        .finally(() => {
          causesLoading = null;
        });
    }
    return causesLoading;
  }

  return { filters, page, pageSize, causes, loadCauses };
});
