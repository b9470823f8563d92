export type Language = 'de' | 'en';

export const languages: readonly Language[] = ['de', 'en'];

export function toLanguage(value: string | undefined | null): Language {
  return value?.startsWith('en') ? 'en' : 'de';
}

/** Picks the German or English name of a record that has both (nameDe/nameEn). */
export function localizedName(record: { nameDe: string; nameEn: string }, language: Language): string {
  return language === 'en' ? record.nameEn : record.nameDe;
}

export function localizedLabel(record: { labelDe: string; labelEn: string }, language: Language): string {
  return language === 'en' ? record.labelEn : record.labelDe;
}
