/**
 * The portal's German messages come in two parts (German is bundled, the other languages load whole when
 * chosen): the groups the start page paints with (header, footer, language switch, loading status, start page),
 * in the first load, and all other groups, loaded together with the first other page (App.tsx) before it shows.
 * `import messages from './de.json?first-paint'` and `'./de.json?later'` are built by the `messageGroups`
 * Vite plugin (vite.config.ts) from the one message file, so de.json stays the single German source.
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

export type MessagePart = 'first-paint' | 'later';

/** The part of a message file's top-level groups. */
export function messagePart(messages: Record<string, unknown>, part: MessagePart): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(messages).filter(
      ([group]) => firstPaintGroups.includes(group) === (part === 'first-paint'),
    ),
  );
}
