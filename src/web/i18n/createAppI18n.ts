import { directionOf, languages, toLanguage, type Language } from '../format/localized.ts';
import { createTranslator, type Messages, type Translator } from './translator.ts';

interface AppI18nOptions {
  /** The app's own German messages, bundled: German is the default and renders at once. */
  de: Messages;
  /**
   * Loaders of the app's other languages (dynamic imports: each a chunk of its own, fetched only when chosen).
   * English always; more languages where the app has them.
   */
  others: { en: () => Promise<Messages> } & Partial<Record<Exclude<Language, 'de'>, () => Promise<Messages>>>;
  /** The localStorage key under which the app remembers the language choice. */
  storageKey: string;
}

/**
 * An app's own translator (citizen portal, station app, planner: each keeps its messages apart; translator.ts).
 * German by default; the language choice is remembered in localStorage and reflected in <html lang dir>.
 * Other languages are loaded on first use, so a German first visit downloads German messages only.
 */
export function createAppI18n({ de, others, storageKey }: AppI18nOptions): Translator {
  const supported = languages.filter((language) => language === 'de' || others[language] !== undefined);
  const loaders: Partial<Record<Language, () => Promise<Messages>>> = others;
  const instance = createTranslator({
    resources: { de },
    fallbackLanguage: 'de',
    supportedLanguages: supported,
    language: storedLanguage(storageKey, supported),
    load: async (language) => (await loaders[language as Language]?.()) ?? {},
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
