import { createAppI18n } from './createAppI18n.ts';
import de from './de.json';

export const languageStorageKey = 'mobiles-rathaus.language';

export const i18n = createAppI18n({
  de,
  en: async () => (await import('./en.json')).default,
  storageKey: languageStorageKey,
});
