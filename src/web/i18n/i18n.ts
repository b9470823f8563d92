import { createAppI18n } from './createAppI18n.ts';
import firstPaint from './de.json?first-paint';
import type { Messages } from './translator.ts';

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

type Part = 'booking' | 'later';
const parts = new Map<Part, Promise<void>>();
const importers: Record<Part, () => Promise<{ default: Messages }>> = {
  booking: () => import('./de.json?booking'),
  later: () => import('./de.json?later'),
};

/** One part of the German messages (src/web/i18n/messageGroups.ts), fetched once and added to German. */
function loadPart(part: Part): Promise<void> {
  let pending = parts.get(part);
  if (!pending) {
    pending = importers[part]().then(
      ({ default: messages }) => {
        i18n.addResourceBundle('de', 'translation', messages, true, false);
      },
      (error: unknown) => {
        parts.delete(part); // tried again with the next page
        throw error;
      },
    );
    parts.set(part, pending);
  }
  return pending;
}

/**
 * The German messages of the booking flow (src/web/i18n/messageGroups.ts): the booking page waits for them
 * before it shows (App.tsx).
 */
export function loadBookingMessages(): Promise<void> {
  return loadPart('booking');
}

/**
 * All German messages the start page does not paint with: every page other than the booking page waits for
 * them before it shows (App.tsx). German is also the fallback of the other languages.
 */
export async function loadLaterMessages(): Promise<void> {
  await Promise.all([loadPart('booking'), loadPart('later')]);
}
