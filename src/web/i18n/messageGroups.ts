/**
 * The portal's German messages come in three parts (German is bundled, the other languages load whole when
 * chosen): the groups the start page paints with (header, footer, language switch, loading status, start page),
 * in the first load; the groups of the booking flow (`/buchen`, all its steps), loaded with the booking page;
 * and all other groups, loaded together with the first other page (App.tsx) before it shows.
 * `import messages from './de.json?first-paint'`, `'./de.json?booking'` and `'./de.json?later'` are built by
 * the `messageGroups` Vite plugin (vite.config.ts) from the one message file, so de.json stays the single German
 * source.
 */
export const firstPaintGroups: readonly string[] = [
  'app',
  'nav',
  'language',
  'footer',
  'status',
  'errorSummary',
  'home',
];

/**
 * The groups the booking flow shows besides the first-paint ones (src/web/pages/BookingPage.tsx and what it
 * imports; messageGroups.test.ts checks that none is missing).
 */
export const bookingGroups: readonly string[] = [
  'booking',
  'calendar',
  'captcha',
  'contact',
  'filters',
  'form',
  'notFound',
  'picker',
  'resend',
  'service',
  'slots',
  'steps',
];

export type MessagePart = 'first-paint' | 'booking' | 'later';

const partOf = (group: string): MessagePart =>
  firstPaintGroups.includes(group) ? 'first-paint' : bookingGroups.includes(group) ? 'booking' : 'later';

/** The part of a message file's top-level groups. */
export function messagePart(messages: Record<string, unknown>, part: MessagePart): Record<string, unknown> {
  return Object.fromEntries(Object.entries(messages).filter(([group]) => partOf(group) === part));
}
