import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';

/**
 * The member list's filters, sort and page, kept while the cadre opens a profile and comes back.
 * `org` is {id, name} or null (the caller's whole scope); `adoptedOrgId` remembers which org of
 * the tree the filter last followed, so that opening another org and then the member list
 * filters by that org.
 */
export const useMembersStore = defineStore('members', () => {
  const filters = reactive({ q: '', org: null, state: '', employmentForm: '' });
  const sort = ref('-updated_at');
  const page = ref(1);
  const pageSize = ref(20);
  const unmask = ref(false);
  const adoptedOrgId = ref(null);

  /** Filters by the org on screen in the tree if it changed since the last time. */
  function adoptOrg(org) {
    if (!org || org.id === adoptedOrgId.value) return false;
    adoptedOrgId.value = org.id;
    filters.org = { id: org.id, name: org.name };
    return true;
  }

  function setOrg(org) {
    filters.org = org ? { id: org.id, name: org.name } : null;
    if (org) adoptedOrgId.value = org.id;
  }

  return { filters, sort, page, pageSize, unmask, adoptedOrgId, adoptOrg, setOrg };
});
