import type { Translator as I18n } from '../../i18n/translator.ts';
import type { Language } from '../../format/localized.ts';

/** What a fee case needs to be named: its variant (`under_24`) and the city's German and English labels. */
export interface FeeCase {
  variant?: string;
  labelDe: string;
  labelEn: string;
}

/**
 * A fee case's name in the page's language: the city's own label in German and English; in Turkish,
 * Ukrainian and Arabic the message file's name of the variant (`feeVariants.<variant>`), and where a variant
 * has none, the German label marked as German (`lang: 'de'`).
 */
export function feeLabel(fee: FeeCase, language: Language, i18n: I18n): { text: string; lang?: 'de' } {
  if (language === 'de') return { text: fee.labelDe };
  if (language === 'en') return fee.labelEn ? { text: fee.labelEn } : { text: fee.labelDe, lang: 'de' };
  const key = `feeVariants.${fee.variant ?? ''}`;
  if (fee.variant && i18n.exists(key)) return { text: i18n.t(key) };
  return { text: fee.labelDe, lang: 'de' };
}
