import { createContext, use, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { TFunction, Translator } from './translator.ts';

const TranslatorContext = createContext<Translator | undefined>(undefined);

/** Gives the components below an app's translator (src/web/i18n/createAppI18n.ts). */
export function I18nProvider({ i18n, children }: { i18n: Translator; children?: ReactNode }) {
  return <TranslatorContext value={i18n}>{children}</TranslatorContext>;
}

/**
 * The texts of the app's current language: `t` and the translator itself (`i18n.language`,
 * `i18n.changeLanguage`). Renders again when the language changes. While a remembered language other than the
 * bundled one still loads at start, the component suspends (as react-i18next did), so no key is ever shown.
 */
export function useTranslation(): { t: TFunction; i18n: Translator } {
  const i18n = useContext(TranslatorContext);
  if (!i18n) throw new Error('useTranslation needs an I18nProvider around it');
  const language = useSyncExternalStore(
    (onChange) => {
      i18n.on('languageChanged', onChange);
      return () => i18n.off('languageChanged', onChange);
    },
    () => i18n.language,
    () => i18n.language,
  );
  if (!i18n.isReady()) use(i18n.ready());
  // A new function per language, as react-i18next gave: effects that depend on `t` run again after a switch.
  const t = useMemo<TFunction>(() => (key, options) => i18n.t(key, options), [i18n, language]);
  return { t, i18n };
}
