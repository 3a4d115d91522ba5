import { ref, watch } from 'vue';
import { fenToYuanText, yuanToFen } from '../format.js';

/** The most characters a money field takes. */
export const kMoneyMaxChars = 16;

/**
 * The text of a money field whose v-model `model` is integer fen (null when empty, NaN while the
 * text is not an amount): the desktop MoneyInput and the phone pages' MobileMoneyField share it.
 * Bind `text` as the field's value and `onInput` to its input.
 */
export function useMoneyText(model) {
  const text = ref('');

  // A value set from outside (a loaded declaration) replaces the text; one typed here does not.
  watch(
    model,
    (fen) => {
      const typed = yuanToFen(text.value);
      if (Number.isNaN(fen) && Number.isNaN(typed)) return;
      if (typed !== fen) text.value = fenToYuanText(fen);
    },
    { immediate: true },
  );

  function onInput(value) {
    text.value = value;
    model.value = yuanToFen(value);
  }

  return { text, onInput };
}
