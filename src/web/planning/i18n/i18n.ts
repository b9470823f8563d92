import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import de from './de.json';
import en from './en.json';

export type PlanningLanguage = 'de' | 'en';
const storageKey = 'mobiles-rathaus.planning.language';

function storedLanguage(): PlanningLanguage {
  try {
    return globalThis.localStorage?.getItem(storageKey) === 'en' ? 'en' : 'de';
  } catch {
    return 'de';
  }
}

/** The planner's own i18next instance: its messages live apart from the citizen portal's. */
export const planningI18n = i18next.createInstance();

void planningI18n.use(initReactI18next).init({
  resources: { de: { translation: de }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'de',
  supportedLngs: ['de', 'en'],
  interpolation: { escapeValue: false },
  initAsync: false,
});

function reflect(language: string) {
  if (typeof document !== 'undefined') document.documentElement.lang = language === 'en' ? 'en' : 'de';
}
reflect(planningI18n.language);
planningI18n.on('languageChanged', (language) => {
  reflect(language);
  try {
    globalThis.localStorage?.setItem(storageKey, language);
  } catch {
    // Not remembered then.
  }
});
