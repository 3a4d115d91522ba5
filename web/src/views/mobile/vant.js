// Vant 4 for the workers' phone pages: only the components these pages use, each with its own
// styles (vant/es/<name>/style pulls Vant's base variables and the component's CSS). The mobile
// views import them from here and register them locally, so Vant stays out of the cadres'
// workbench bundle.
import { watch } from 'vue';
import { Locale } from 'vant';
import enUS from 'vant/es/locale/lang/en-US';
import zhCN from 'vant/es/locale/lang/zh-CN';
import 'vant/es/button/style/index';
import 'vant/es/cell/style/index';
import 'vant/es/cell-group/style/index';
import 'vant/es/checkbox/style/index';
import 'vant/es/checkbox-group/style/index';
import 'vant/es/empty/style/index';
import 'vant/es/field/style/index';
import 'vant/es/form/style/index';
import 'vant/es/loading/style/index';
import 'vant/es/nav-bar/style/index';
import 'vant/es/radio/style/index';
import 'vant/es/radio-group/style/index';
import 'vant/es/step/style/index';
import 'vant/es/stepper/style/index';
import 'vant/es/steps/style/index';
import 'vant/es/tag/style/index';
import 'vant/es/toast/style/index';
import 'vant/es/uploader/style/index';
import { currentLocale } from '../../i18n/index.js';

export {
  Button,
  Cell,
  CellGroup,
  Checkbox,
  CheckboxGroup,
  Empty,
  Field,
  Form,
  Loading,
  NavBar,
  Radio,
  RadioGroup,
  Step,
  Stepper,
  Steps,
  Tag,
  Uploader,
  showFailToast,
  showSuccessToast,
} from 'vant';

/** Vant's own texts (placeholders of pickers, the uploader, toasts) follow the app's language. */
export function useVantLocale() {
  watch(
    currentLocale,
    (locale) => (locale === 'en' ? Locale.use('en-US', enUS) : Locale.use('zh-CN', zhCN)),
    { immediate: true },
  );
}

/** The Vant tag type of a file state (the same reading as the workbench's tags). */
export function vantTagType(elementType) {
  return { success: 'success', primary: 'primary', warning: 'warning', danger: 'danger' }[elementType] || 'default';
}
