/**
 * The apps' own small translator: the part of i18next the web apps use, at a fraction of its size in the first
 * load (issue 12: the portal's first load ≤ 100 KB gzip). It keeps i18next's message format, so the message
 * files stay as they are:
 * - nested keys with `.` (`booking.steps.services`); a missing key shows as the key itself;
 * - `{{name}}` placeholders filled from the options (a value left out keeps its placeholder, as in i18next);
 * - plural forms by `count` with the CLDR suffixes of the language (`_zero`, `_one`, `_two`, `_few`, `_many`,
 *   `_other`; `_zero` first for a count of 0), falling back to the key without suffix;
 * - German as the fallback of every other language (key by key), `defaultValue` when neither has the key.
 * German is bundled; other languages are loaded when first chosen, before the switch (no flash of keys).
 */

export type Messages = { [key: string]: string | Messages };

/** Options of `t`: `count` chooses the plural form, `defaultValue` stands in for a missing key, the rest fill placeholders. */
export interface TOptions {
  /** A number chooses the plural form; a (formatted) string only fills `{{count}}`, as in i18next. */
  count?: number | string;
  defaultValue?: string;
  [variable: string]: unknown;
}

export type TFunction = (key: string, options?: TOptions) => string;

type Listener = (language: string) => void;

export interface TranslatorOptions {
  /** The messages bundled with the app (German). */
  resources: Record<string, Messages>;
  /** The language every other one falls back to, key by key. */
  fallbackLanguage: string;
  /** The languages offered, in any order. A language outside them becomes the fallback language. */
  supportedLanguages: readonly string[];
  /** The language to start in. */
  language: string;
  /** Loads a language's messages when it is first chosen (not called for bundled languages). */
  load: (language: string) => Promise<Messages>;
}

export interface Translator {
  /** The language shown now. */
  readonly language: string;
  readonly options: { readonly supportedLngs: readonly string[] };
  t: TFunction;
  /** Whether `key` has a text in the current language or its fallback. */
  exists(key: string): boolean;
  /** Switches to `language` once its messages are there; resolves with the new `t`. */
  changeLanguage(language: string): Promise<TFunction>;
  /** Loads languages ahead of their choice (the station app keeps English for offline use). */
  loadLanguages(...languages: string[]): Promise<void>;
  /** Adds messages to a language (the namespace is always the one translation); `overwrite` replaces texts. */
  addResourceBundle(
    language: string,
    namespace: string,
    messages: Messages,
    deep?: boolean,
    overwrite?: boolean,
  ): Translator;
  /** Whether the current language's messages are there (false only while the starting language loads). */
  isReady(): boolean;
  /** Settles when the current language's messages are there. */
  ready(): Promise<void>;
  on(event: 'languageChanged', listener: Listener): void;
  off(event: 'languageChanged', listener: Listener): void;
}

const pluralRules = new Map<string, Intl.PluralRules>();

function pluralCategory(language: string, count: number): string {
  let rules = pluralRules.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(language, { type: 'cardinal' });
    pluralRules.set(language, rules);
  }
  return rules.select(count);
}

function lookup(messages: Messages | undefined, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

function merge(target: Messages, source: Messages, overwrite: boolean): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (typeof value !== 'string' && existing !== undefined && typeof existing !== 'string') {
      merge(existing, value, overwrite);
    } else if (existing === undefined || overwrite) {
      target[key] = typeof value === 'string' ? value : structuredClone(value);
    }
  }
}

function interpolate(text: string, options: TOptions | undefined): string {
  if (!options || !text.includes('{{')) return text;
  return text.replace(/\{\{([^{}]+)\}\}/g, (placeholder, name: string) => {
    const variable = name.trim();
    if (!Object.prototype.hasOwnProperty.call(options, variable)) return placeholder;
    const value = options[variable];
    return value === undefined || value === null ? '' : String(value as string | number);
  });
}

export function createTranslator(options: TranslatorOptions): Translator {
  const store: Record<string, Messages> = {};
  for (const [language, messages] of Object.entries(options.resources))
    store[language] = structuredClone(messages);
  const loading = new Map<string, Promise<void>>();
  /** Languages whose load failed last time: shown in the fallback language until chosen again. */
  const failed = new Set<string>();
  const listeners = new Set<Listener>();
  const { fallbackLanguage } = options;
  const supported = (language: string) =>
    options.supportedLanguages.includes(language) ? language : fallbackLanguage;
  let language = supported(options.language);
  let latestRequest = 0;

  /** The language's messages, loaded once; a failed load leaves the fallback to show and may be tried again. */
  function loadLanguage(wanted: string): Promise<void> {
    if (store[wanted]) return Promise.resolve();
    failed.delete(wanted);
    let pending = loading.get(wanted);
    if (!pending) {
      pending = options.load(wanted).then(
        (messages) => {
          const bundle: Messages = {};
          merge(bundle, store[wanted] ?? {}, true);
          merge(bundle, messages, false);
          store[wanted] = bundle;
          loading.delete(wanted);
        },
        () => {
          // Shown in the fallback language then; the next choice of the language tries again.
          failed.add(wanted);
          loading.delete(wanted);
        },
      );
      loading.set(wanted, pending);
    }
    return pending;
  }

  function resolve(key: string, tOptions: TOptions | undefined): string | undefined {
    const count = tOptions?.count;
    const codes = language === fallbackLanguage ? [language] : [language, fallbackLanguage];
    for (const code of codes) {
      const messages = store[code];
      if (typeof count === 'number') {
        if (count === 0) {
          const zero = lookup(messages, `${key}_zero`);
          if (zero !== undefined) return zero;
        }
        const plural = lookup(messages, `${key}_${pluralCategory(code, count)}`);
        if (plural !== undefined) return plural;
      }
      const text = lookup(messages, key);
      if (text !== undefined) return text;
    }
    return undefined;
  }

  const t: TFunction = (key, tOptions) =>
    interpolate(resolve(key, tOptions) ?? tOptions?.defaultValue ?? key, tOptions);

  const translator: Translator = {
    get language() {
      return language;
    },
    options: { supportedLngs: [...options.supportedLanguages] },
    t,
    exists: (key) => resolve(key, undefined) !== undefined,
    async changeLanguage(wanted) {
      const request = ++latestRequest;
      const next = supported(wanted);
      await loadLanguage(next);
      if (request === latestRequest) {
        language = next;
        for (const listener of [...listeners]) listener(next);
      }
      return t;
    },
    async loadLanguages(...wanted) {
      await Promise.all(wanted.map((each) => loadLanguage(supported(each))));
    },
    addResourceBundle(target, _namespace, messages, _deep = true, overwrite = false) {
      store[target] ??= {};
      merge(store[target], messages, overwrite);
      return translator;
    },
    isReady: () => store[language] !== undefined || failed.has(language),
    ready: () => loadLanguage(language),
    on: (_event, listener) => void listeners.add(listener),
    off: (_event, listener) => void listeners.delete(listener),
  };
  // A remembered language other than the bundled ones loads at once; until then, pages wait (useTranslation).
  void loadLanguage(language);
  return translator;
}
