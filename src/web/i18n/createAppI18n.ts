import i18next, { type BackendModule, type ResourceKey } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { toLanguage, type Language } from '../format/localized.ts';

interface AppI18nOptions {
  /** The app's own German messages, bundled: German is the default and renders at once. */
  de: ResourceKey;
  /** Loads the English messages (a dynamic import: a chunk of its own, fetched only when chosen). */
  en: () => Promise<ResourceKey>;
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
 * German by default; the language choice is remembered in localStorage and reflected in <html lang>.
 * English is loaded on first use, so a German first visit downloads German messages only.
 */
export function createAppI18n({ de, en, storageKey }: AppI18nOptions) {
  const instance = i18next.createInstance();

  void instance
    .use(lazyLanguages({ en }))
    .use(initReactI18next)
    .init({
      resources: { de: { translation: de } },
      partialBundledLanguages: true,
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
