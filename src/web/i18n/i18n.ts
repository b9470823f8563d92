import { createAppI18n } from './createAppI18n.ts';
import de from './de.json';

export const languageStorageKey = 'mobiles-rathaus.language';

export const i18n = createAppI18n({
  de,
  others: {
    en: async () => (await import('./en.json')).default,
    tr: async () => (await import('./tr.json')).default,
    uk: async () => (await import('./uk.json')).default,
    ar: async () => (await import('./ar.json')).default,
  },
  storageKey: languageStorageKey,
});
