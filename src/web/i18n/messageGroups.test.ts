import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import booking from './de.json?booking';
import de from './de.json';
import firstPaint from './de.json?first-paint';
import later from './de.json?later';
import { bookingGroups, firstPaintGroups } from './messageGroups.ts';

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
    expect({ ...firstPaint, ...booking, ...later }).toEqual(de);
    const keys = [firstPaint, booking, later].flatMap((part) => Object.keys(part));
    expect(keys).toHaveLength(Object.keys(de).length);
    expect(Object.keys(firstPaint).sort()).toEqual([...firstPaintGroups].sort());
    expect(Object.keys(booking).sort()).toEqual([...bookingGroups].sort());
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

  it('give the booking flow every message it shows, in all its steps and the modules they import', () => {
    const groups = Object.keys(de).join('|');
    const seen = new Set<string>();
    const missing: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const [, imported] of source.matchAll(/(?:from |import\()'(\.[^']+\.tsx?)'/g)) {
        const target = resolve(dirname(file), imported!);
        if (existsSync(target) && !target.endsWith('.test.ts')) visit(target);
      }
      for (const [, group] of source.matchAll(new RegExp(`['"\`](${groups})\\.[\\w$]`, 'g'))) {
        if (!firstPaintGroups.includes(group!) && !bookingGroups.includes(group!))
          missing.push(`${group} (${file})`);
      }
    };
    visit(fileURLToPath(new URL('../pages/BookingPage.tsx', import.meta.url)));
    expect(seen.size).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});
