import { computed } from 'vue';
import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN.js';
import en from './en.js';

// Chinese by default; the choice is remembered in this browser.
const kStorageKey = 'zhijia.locale';
export const kLocales = ['zh-CN', 'en'];

function initialLocale() {
  try {
    const saved = localStorage.getItem(kStorageKey);
    if (kLocales.includes(saved)) return saved;
  } catch {
    // Storage may be disabled; the default applies.
  }
  return 'zh-CN';
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

document.documentElement.lang = i18n.global.locale.value;

export const currentLocale = computed(() => i18n.global.locale.value);

export function setLocale(locale) {
  if (!kLocales.includes(locale)) return;
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(kStorageKey, locale);
  } catch {
    // Not remembered, still applied.
  }
}

export function toggleLocale() {
  setLocale(i18n.global.locale.value === 'zh-CN' ? 'en' : 'zh-CN');
}

/** Label of a coded value (levels, kinds, statuses), the raw code when it has no label. */
export function codeLabel(group, code) {
  if (code === null || code === undefined || code === '') return '';
  const key = `${group}.${code}`;
  return i18n.global.te(key) ? i18n.global.t(key) : String(code);
}
