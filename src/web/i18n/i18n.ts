import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { toLanguage, type Language } from '../format/localized.ts';
import de from './de.json';
import en from './en.json';

export const languageStorageKey = 'mobiles-rathaus.language';

function storedLanguage(): Language {
  try {
    return toLanguage(globalThis.localStorage?.getItem(languageStorageKey));
  } catch {
    // Storage can be blocked (privacy settings): German is the default then.
    return 'de';
  }
}

function rememberLanguage(language: Language) {
  try {
    globalThis.localStorage?.setItem(languageStorageKey, language);
  } catch {
    // Not remembered then; the page still switches.
  }
}

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { de: { translation: de }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'de',
  supportedLngs: ['de', 'en'],
  interpolation: { escapeValue: false },
  initAsync: false,
});

function reflectLanguage(language: string) {
  if (typeof document !== 'undefined') document.documentElement.lang = toLanguage(language);
}

reflectLanguage(i18n.language);
i18n.on('languageChanged', (language) => {
  reflectLanguage(language);
  rememberLanguage(toLanguage(language));
});
