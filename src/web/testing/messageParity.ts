import { describe, expect, it } from 'vitest';

type Messages = { [key: string]: string | Messages };

function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    if (typeof value === 'string') entries.set(`${prefix}${key}`, value);
    else for (const [nested, text] of flatten(value, `${prefix}${key}.`)) entries.set(nested, text);
  }
  return entries;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();

/** The checks every app's German and English message files must pass: same keys, no empty texts, same placeholders. */
export function describeMessageParity(title: string, de: Messages, en: Messages) {
  const german = flatten(de);
  const english = flatten(en);

  describe(title, () => {
    it('German and English have the same keys', () => {
      expect([...english.keys()].sort()).toEqual([...german.keys()].sort());
    });

    it('every message is a non-empty text', () => {
      for (const [key, text] of [...german, ...english]) expect(text.trim(), key).not.toBe('');
    });

    it('a message uses the same placeholders in both languages', () => {
      for (const [key, text] of german)
        expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(text));
    });
  });
}
