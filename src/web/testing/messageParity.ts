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

/** Plural suffixes (CLDR, as the translator reads them): a language may need other forms than German (Ukrainian: one, few, many, other). */
const pluralSuffix = /_(zero|one|two|few|many|other)$/;
const baseKey = (key: string) => key.replace(pluralSuffix, '');

/**
 * The checks every app's message files must pass: German and English have the same keys, every further
 * language (`others`) has exactly the keys of German (plural forms may differ by language), no empty texts,
 * the same placeholders everywhere.
 */
export function describeMessageParity(
  title: string,
  de: Messages,
  en: Messages,
  others: Record<string, Messages> = {},
) {
  const german = flatten(de);
  const english = flatten(en);
  const germanBases = [...new Set([...german.keys()].map(baseKey))].sort();

  describe(title, () => {
    it('German and English have the same keys', () => {
      expect([...english.keys()].sort()).toEqual([...german.keys()].sort());
    });

    for (const [language, messages] of Object.entries(others)) {
      it(`${language} has the same keys as German`, () => {
        const keys = [...new Set([...flatten(messages).keys()].map(baseKey))].sort();
        expect(keys).toEqual(germanBases);
      });
    }

    it('every message is a non-empty text', () => {
      const all = [german, english, ...Object.values(others).map((messages) => flatten(messages))];
      for (const entries of all) for (const [key, text] of entries) expect(text.trim(), key).not.toBe('');
    });

    it('a message uses the same placeholders in every language', () => {
      for (const [key, text] of german)
        expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(text));
      const germanByBase = new Map([...german].map(([key, text]) => [baseKey(key), placeholders(text)]));
      for (const [language, messages] of Object.entries(others))
        for (const [key, text] of flatten(messages)) {
          const expected = germanByBase.get(baseKey(key)) ?? [];
          // A plural form may leave out {{count}} ("one" in words); every other placeholder stays.
          const found = placeholders(text);
          expect(
            expected.filter((name) => name !== 'count' && !found.includes(name)),
            `${language}: ${key}`,
          ).toEqual([]);
        }
    });
  });
}
