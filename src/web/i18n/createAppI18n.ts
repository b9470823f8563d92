import i18next, { type ResourceKey } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { directionOf, languages, toLanguage, type Language } from '../format/localized.ts';

interface AppI18nOptions {
  /** The app's own messages: German and English always, more languages where the app has them. */
  messages: { de: ResourceKey; en: ResourceKey } & Partial<Record<Language, ResourceKey>>;
  /** The localStorage key under which the app remembers the language choice. */
  storageKey: string;
}

/**
 * An app's own i18next instance (citizen portal, station app, planner: each keeps its messages apart).
 * German by default; the language choice is remembered in localStorage and reflected in <html lang dir>.
 */
export function createAppI18n({ messages, storageKey }: AppI18nOptions) {
  const instance = i18next.createInstance();
  const supported = languages.filter((language) => messages[language] !== undefined);
  const resources = Object.fromEntries(
    supported.map((language) => [language, { translation: messages[language]! }]),
  );
  void instance.use(initReactI18next).init({
    resources,
    lng: storedLanguage(storageKey, supported),
    fallbackLng: 'de',
    supportedLngs: supported,
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

/** The languages an app instance offers, in the order of the switch. */
export function supportedLanguages(instance: { options: { supportedLngs?: false | readonly string[] } }) {
  const supported = instance.options.supportedLngs || [];
  return languages.filter((language) => supported.includes(language));
}

function storedLanguage(storageKey: string, supported: Language[]): Language {
  try {
    const stored = toLanguage(globalThis.localStorage?.getItem(storageKey));
    return supported.includes(stored) ? stored : 'de';
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
  if (typeof document === 'undefined') return;
  const chosen = toLanguage(language);
  document.documentElement.lang = chosen;
  document.documentElement.dir = directionOf(chosen);
}
