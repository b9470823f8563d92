import i18next, { type ResourceKey } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { toLanguage, type Language } from '../format/localized.ts';

interface AppI18nOptions {
  /** The app's own German and English messages. */
  de: ResourceKey;
  en: ResourceKey;
  /** The localStorage key under which the app remembers the language choice. */
  storageKey: string;
}

/**
 * An app's own i18next instance (citizen portal, station app, planner: each keeps its messages apart).
 * German by default; the language choice is remembered in localStorage and reflected in <html lang>.
 */
export function createAppI18n({ de, en, storageKey }: AppI18nOptions) {
  const instance = i18next.createInstance();

  void instance.use(initReactI18next).init({
    resources: { de: { translation: de }, en: { translation: en } },
    lng: storedLanguage(storageKey),
    fallbackLng: 'de',
    supportedLngs: ['de', 'en'],
    interpolation: { escapeValue: false },
    initAsync: false,
  });

  reflectLanguage(instance.language);
  instance.on('languageChanged', (language) => {
    reflectLanguage(language);
    rememberLanguage(storageKey, toLanguage(language));
  });
  return instance;
}

function storedLanguage(storageKey: string): Language {
  try {
    return toLanguage(globalThis.localStorage?.getItem(storageKey));
  } catch {
    // Storage can be blocked (privacy settings): German is the default then.
    return 'de';
  }
}

function rememberLanguage(storageKey: string, language: Language) {
  try {
    globalThis.localStorage?.setItem(storageKey, language);
  } catch {
    // Not remembered then; the page still switches.
  }
}

function reflectLanguage(language: string) {
  if (typeof document !== 'undefined') document.documentElement.lang = toLanguage(language);
}
