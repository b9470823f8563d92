import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import de from './de.json';
import firstPaint from './de.json?first-paint';
import later from './de.json?later';
import { firstPaintGroups } from './messageGroups.ts';

/** The modules of the portal's first load that show messages (App.tsx loads every other page lazily). */
const firstLoadModules = [
  '../components/Layout/Layout.tsx',
  '../components/ApiStatus/ApiStatus.tsx',
  '../components/LanguageSwitch/LanguageSwitch.tsx',
  '../components/PageHeading/PageHeading.tsx',
  '../components/SkipLink/SkipLink.tsx',
  '../pages/HomePage.tsx',
];

describe("the portal's German message parts", () => {
  it('hold every group of de.json exactly once', () => {
    expect({ ...firstPaint, ...later }).toEqual(de);
    expect(Object.keys(firstPaint).filter((group) => group in later)).toEqual([]);
    expect(Object.keys(firstPaint).sort()).toEqual([...firstPaintGroups].sort());
  });

  it("give the start page's first load every message it shows", () => {
    const groups = Object.keys(de).join('|');
    for (const module of firstLoadModules) {
      const source = readFileSync(new URL(module, import.meta.url), 'utf8');
      const used = [...source.matchAll(new RegExp(`['"\`](${groups})\\.\\w`, 'g'))].map((match) => match[1]);
      expect(
        used.filter((group) => !firstPaintGroups.includes(group!)),
        module,
      ).toEqual([]);
    }
  });
});
