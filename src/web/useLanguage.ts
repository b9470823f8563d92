import { useTranslation } from './i18n/react.tsx';
import { toLanguage, type Language } from './format/localized.ts';

export function useLanguage(): Language {
  const { i18n } = useTranslation();
  return toLanguage(i18n.language);
}
