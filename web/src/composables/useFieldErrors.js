import { reactive, ref } from 'vue';

/**
 * Server validation errors for a form: an error whose `field` the form shows appears at that
 * field (el-form-item :error, van-field error-message), any other as the form's general message.
 * `fields` names the form's fields: a list of names, or for fields named by paths
 * ("people[0].id_number") a test `(path) => boolean`. `fieldErrors` holds only the fields in error.
 */
export function useFieldErrors(fields) {
  const isFormField = typeof fields === 'function' ? fields : (name) => fields.includes(name);
  const fieldErrors = reactive({});
  const generalError = ref('');

  function reset() {
    for (const path of Object.keys(fieldErrors)) delete fieldErrors[path];
    generalError.value = '';
  }

  function show(failure) {
    reset();
    if (failure.field && isFormField(failure.field)) fieldErrors[failure.field] = failure.message;
    else generalError.value = failure.message;
  }

  /** Errors the browser found itself, {path: message}. */
  function set(found) {
    reset();
    Object.assign(fieldErrors, found);
  }

  return { fieldErrors, generalError, reset, show, set };
}
