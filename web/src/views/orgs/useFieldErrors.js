import { reactive, ref } from 'vue';

/**
 * Server validation errors for a form: an error naming one of `fields` shows next to that field
 * (el-form-item :error), any other error shows as the form's general message.
 */
export function useFieldErrors(fields) {
  const fieldErrors = reactive(Object.fromEntries(fields.map((name) => [name, ''])));
  const generalError = ref('');

  function reset() {
    for (const name of fields) fieldErrors[name] = '';
    generalError.value = '';
  }

  function show(failure) {
    reset();
    if (failure.field && fields.includes(failure.field)) fieldErrors[failure.field] = failure.message;
    else generalError.value = failure.message;
  }

  return { fieldErrors, generalError, reset, show };
}
