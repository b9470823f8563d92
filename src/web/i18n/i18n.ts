import { createAppI18n } from './createAppI18n.ts';
import firstPaint from './de.json?first-paint';

export const languageStorageKey = 'mobiles-rathaus.language';

export const i18n = createAppI18n({
  de: firstPaint,
  others: {
    en: async () => (await import('./en.json')).default,
    tr: async () => (await import('./tr.json')).default,
    uk: async () => (await import('./uk.json')).default,
    ar: async () => (await import('./ar.json')).default,
  },
  storageKey: languageStorageKey,
});

let later: Promise<void> | undefined;

/**
 * The German messages the start page does not paint with (src/web/i18n/messageGroups.ts), fetched once: every
 * other page waits for them before it shows (App.tsx). German is also the fallback of the other languages.
 */
export function loadLaterMessages(): Promise<void> {
  later ??= import('./de.json?later').then(
    ({ default: messages }) => {
      i18n.addResourceBundle('de', 'translation', messages, true, false);
    },
    (error: unknown) => {
      later = undefined; // tried again with the next page
      throw error;
    },
  );
  return later;
}
