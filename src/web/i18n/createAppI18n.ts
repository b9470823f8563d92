import i18next, { type BackendModule, type ResourceKey } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { directionOf, languages, toLanguage, type Language } from '../format/localized.ts';

interface AppI18nOptions {
  /** The app's own German messages, bundled: German is the default and renders at once. */
  de: ResourceKey;
  /**
   * Loaders of the app's other languages (dynamic imports: each a chunk of its own, fetched only when chosen).
   * English always; more languages where the app has them.
   */
  others: { en: () => Promise<ResourceKey> } & Partial<
    Record<Exclude<Language, 'de'>, () => Promise<ResourceKey>>
  >;
  /** The localStorage key under which the app remembers the language choice. */
  storageKey: string;
}

/** Loads the languages that are not bundled, each once, when i18next first needs them. */
function lazyLanguages(loaders: Partial<Record<Language, () => Promise<ResourceKey>>>): BackendModule {
  return {
    type: 'backend',
    init: () => undefined,
    read(language, _namespace, callback) {
      const load = loaders[language as Language];
      if (!load) return callback(null, {});
      load().then(
        (messages) => callback(null, messages),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), false),
      );
    },
  };
}

/**
 * An app's own i18next instance (citizen portal, station app, planner: each keeps its messages apart).
 * German by default; the language choice is remembered in localStorage and reflected in <html lang dir>.
 * Other languages are loaded on first use, so a German first visit downloads German messages only.
 */
export function createAppI18n({ de, others, storageKey }: AppI18nOptions) {
  const instance = i18next.createInstance();
  const supported = languages.filter((language) => language === 'de' || others[language] !== undefined);
  void instance
    .use(lazyLanguages(others))
    .use(initReactI18next)
    .init({
      resources: { de: { translation: de } },
      partialBundledLanguages: true,
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
