import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { getSteps } from '../api/hardship.js';
import { getLimits } from '../api/limits.js';

/**
 * The server's rules, read once per session: the hardship workflow's steps (GET
 * /api/v1/hardship/steps: who takes each, whether it needs a reason, whether it ends or sets back
 * the file) and the limits of text boxes, uploads and lists (GET /api/v1/limits). The server is
 * their one source; the web keeps no copy. Until the answers arrive, or when they fail, there are
 * no steps (no step asks for a reason or shows as dangerous) and every limit is undefined (a text
 * box takes any length, an upload any size): the server still refuses what breaks its rules, and
 * the next `load()` asks again.
 */
export const useRulesStore = defineStore('rules', () => {
  const steps = ref([]);
  const limits = ref({});
  const loaded = ref(false);
  let loading = null;

  const stepsByAction = computed(() => new Map(steps.value.map((step) => [step.action, step])));

  /** The step {action, from, to, permission, who, needs_reason, danger}, or null while unknown. */
  const step = (action) => stepsByAction.value.get(action) || null;
  /** Whether the server refuses the step without a reason. */
  const needsReason = (action) => Boolean(step(action)?.needs_reason);
  /** Whether the step ends or sets back the file (its button is red). */
  const isDanger = (action) => Boolean(step(action)?.danger);
  /** Whether only a union above the file's own takes the step. */
  const isAboveOnly = (action) => step(action)?.who === 'above_only';

  /** One of the server's limits (text_max_chars, attachment_max_bytes, ...); undefined while unknown. */
  function limit(name) {
    const value = limits.value[name];
    return Number.isFinite(value) ? value : undefined;
  }

  /**
   * Reads the steps and the limits once; resolves to whether they are known (never rejects). Pages
   * call it when they open; a failure is retried by the next call.
   */
  function load() {
    if (loaded.value) return Promise.resolve(true);
    if (!loading) {
      loading = Promise.all([getSteps(), getLimits()])
        .then(([stepAnswer, limitAnswer]) => {
          steps.value = stepAnswer.items || [];
          limits.value = limitAnswer || {};
          loaded.value = true;
          return true;
        })
        .catch(() => false)
        .finally(() => {
          loading = null;
        });
    }
    return loading;
  }

  return { steps, limits, loaded, step, needsReason, isDanger, isAboveOnly, limit, load };
});
