import { intlLocales, type Language } from './localized.ts';

const cache = new Map<Language, Intl.NumberFormat>();

/** Euro amounts the way the page's language writes them (46,00 € in German, €46.00 in English). */
export function formatEuro(amount: number, language: Language = 'de'): string {
  let format = cache.get(language);
  if (!format) {
    format = new Intl.NumberFormat(intlLocales[language], { style: 'currency', currency: 'EUR' });
    cache.set(language, format);
  }
  return format.format(amount);
}

/** A whole number with the page language's grouping (102.464 / 102,464). */
export function formatInteger(value: number, language: Language = 'de'): string {
  return new Intl.NumberFormat(intlLocales[language]).format(value);
}
