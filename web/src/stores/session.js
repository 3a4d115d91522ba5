import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as sessionApi from '../api/session.js';

/**
 * The signed-in cadre: user, permissions and the CSRF token that unsafe requests must carry.
 * The token lives only in memory; after a page reload `restore()` asks the server for it again.
 */
export const useSessionStore = defineStore('session', () => {
  const user = ref(null);
  const permissions = ref([]);
  const csrfToken = ref(null);
  const checked = ref(false);

  const signedIn = computed(() => user.value !== null);
  // A worker's own account (tied to their member record) rather than a cadre's.
  const worker = computed(() => Boolean(user.value?.member_id) && !permissions.value.includes('org:read'));

  function apply(session) {
    user.value = session ? session.user : null;
    permissions.value = session ? session.permissions || [] : [];
    csrfToken.value = session ? session.csrf_token : null;
    checked.value = true;
  }

  function can(permission) {
    return permissions.value.includes(permission);
  }

  async function login(username, password) {
    apply(await sessionApi.login(username, password));
  }

  /** Loads the session behind the cookie once; resolves to whether one exists. */
  async function restore() {
    if (checked.value) return signedIn.value;
    try {
      apply(await sessionApi.fetchSession());
    } catch (error) {
      if (error.status !== 401) throw error;
      apply(null);
    }
    return signedIn.value;
  }

  async function logout() {
    try {
      await sessionApi.logout();
    } finally {
      apply(null);
    }
  }

  /** Forgets the session without asking the server (it already said 401). */
  function clear() {
    apply(null);
  }

  return { user, permissions, csrfToken, signedIn, worker, can, login, restore, logout, clear };
});
