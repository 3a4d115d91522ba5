import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import { listFundAccounts } from '../api/funds.js';
import { todayInShanghai } from '../format.js';

/** This year so far, in Beijing: the period a report or a reconciliation starts with. */
function thisYear() {
  const today = todayInShanghai();
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

/**
 * The fund accounts in the cadre's scope (read when a funds page opens, shared by the pages that
 * name a fund), the fund whose report is on screen and the period of the reports and the
 * reconciliation (kept while the cadre moves between the funds pages).
 */
export const useFundsStore = defineStore('funds', () => {
  const accounts = ref([]);
  const totalBalance = ref(0);
  const loaded = ref(false);
  const chosenId = ref(null);
  const period = reactive(thisYear());
  let loading = null;

  /** Resolves to the accounts; `force` reads them again (balances move with every payment). */
  function loadAccounts(force = false) {
    if (loaded.value && !force) return Promise.resolve(accounts.value);
    if (!loading) {
      loading = listFundAccounts()
        .then((answer) => {
          accounts.value = answer.items;
          totalBalance.value = answer.total_balance;
          loaded.value = true;
          if (!accounts.value.some((account) => account.id === chosenId.value)) {
            chosenId.value = accounts.value[0]?.id ?? null;
          }
          return accounts.value;
        })
        .finally(() => {
          loading = null;
        });
    }
    return loading;
  }

  /** The account with this id when it is in scope, else null. */
  function account(id) {
    return accounts.value.find((item) => item.id === id) || null;
  }

  return { accounts, totalBalance, loaded, chosenId, period, loadAccounts, account };
});
