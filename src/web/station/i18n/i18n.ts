import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import de from './de.json';
import en from './en.json';

/** The language choice is the only thing the station app keeps in localStorage. */
export const stationLanguageKey = 'mobiles-rathaus.station.language';

function storedLanguage(): 'de' | 'en' {
  try {
    return globalThis.localStorage?.getItem(stationLanguageKey) === 'en' ? 'en' : 'de';
  } catch {
    return 'de';
  }
}

export const stationI18n = i18next.createInstance();

void stationI18n.use(initReactI18next).init({
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

reflect(stationI18n.language);
stationI18n.on('languageChanged', (language) => {
  reflect(language);
  try {
    globalThis.localStorage?.setItem(stationLanguageKey, language === 'en' ? 'en' : 'de');
  } catch {
    // not remembered
  }
});
