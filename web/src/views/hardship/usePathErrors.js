import { reactive, ref } from 'vue';

/**
 * Server validation errors for a form whose fields are named by paths ("people[0].id_number"):
 * an error naming a field the form shows (`isFormField(path)`) appears at it, any other error
 * as the form's general message.
 */
export function usePathErrors(isFormField) {
  const errors = reactive({});
  const generalError = ref('');

  function reset() {
    for (const path of Object.keys(errors)) delete errors[path];
    generalError.value = '';
  }

  function show(failure) {
    reset();
    if (failure.field && isFormField(failure.field)) errors[failure.field] = failure.message;
    else generalError.value = failure.message;
  }

  /** Errors the browser found itself, {path: message}. */
  function set(found) {
    reset();
    Object.assign(errors, found);
  }

  return { errors, generalError, reset, show, set };
}
