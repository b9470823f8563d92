import type { AccessibilityTranslations } from '../../api/types.ts';
import { useLanguage } from '../../useLanguage.ts';
import { GermanDataText } from '../GermanDataText/GermanDataText.tsx';

/**
 * How to get into a site, in the page's language where the city wrote it; otherwise the German text, marked
 * as German.
 */
export function AccessInfo({
  german,
  translations,
}: {
  german: string;
  translations: AccessibilityTranslations | undefined;
}) {
  const language = useLanguage();
  const translated = language === 'de' ? undefined : translations?.[language];
  return translated ? <>{translated}</> : <GermanDataText>{german}</GermanDataText>;
}
