/** The languages of the citizen portal, the mails and the walk-in pages. Arabic is written right to left. */
export type Language = 'de' | 'en' | 'tr' | 'uk' | 'ar';
export const languages: readonly Language[] = ['de', 'en', 'tr', 'uk', 'ar'];

/** Intl locales: numbers, dates and currency follow the chosen language. */
export const intlLocales: Record<Language, string> = {
  de: 'de-DE',
  en: 'en-GB',
  tr: 'tr-TR',
  uk: 'uk-UA',
  // Latin digits, as on Arabic pages of German authorities and in the booking code.
  ar: 'ar-u-nu-latn',
};

export function toLanguage(value: string | undefined | null): Language {
  const short = value?.slice(0, 2);
  return languages.find((language) => language === short) ?? 'de';
}

/** Arabic is written right to left. */
export function directionOf(language: Language): 'rtl' | 'ltr' {
  return language === 'ar' ? 'rtl' : 'ltr';
}

/**
 * Picks the German or English name of a record that has both (nameDe/nameEn). The city's data exists in
 * German and English only: other languages show the German name (mark it with lang="de" where it matters).
 */
export function localizedName(record: { nameDe: string; nameEn: string }, language: Language): string {
  return language === 'en' ? record.nameEn : record.nameDe;
}

export function localizedLabel(record: { labelDe: string; labelEn: string }, language: Language): string {
  return language === 'en' ? record.labelEn : record.labelDe;
}
