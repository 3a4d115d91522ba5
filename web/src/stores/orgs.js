import { defineStore } from 'pinia';
import { ref } from 'vue';

/**
 * What the org tree and the org pages share: the org on screen (with its ancestors, so the tree
 * can reveal it) and a signal to reload the children of an org after a create, rename or close.
 */
export const useOrgsStore = defineStore('orgs', () => {
  const current = ref(null);
  const rootIds = ref([]);
  const changed = ref({ id: null, serial: 0 });

  function show(org) {
    current.value = org;
  }

  /** Records the roots of the caller's scope (the tree's top level). */
  function setRoots(ids) {
    rootIds.value = ids;
  }

  /**
   * Ancestors of `org` (root first) with `reachable` telling whether the caller may open each:
   * only those at or below one of the scope's roots are.
   */
  function ancestorsInScope(org) {
    const ancestors = org.ancestors || [];
    const first = ancestors.findIndex((ancestor) => rootIds.value.includes(ancestor.id));
    return ancestors.map((ancestor, index) => ({ ...ancestor, reachable: first >= 0 && index >= first }));
  }

  /** Tells the tree that the children of `parentId` (or the roots, for null) changed. */
  function childrenChanged(parentId) {
    changed.value = { id: parentId, serial: changed.value.serial + 1 };
  }

  return { current, rootIds, changed, show, setRoots, ancestorsInScope, childrenChanged };
});
