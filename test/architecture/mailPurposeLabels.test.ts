import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import planningDe from '../../src/web/planning/i18n/de.json' with { type: 'json' };
import planningEn from '../../src/web/planning/i18n/en.json' with { type: 'json' };

// The failed-mail page (Nicht zugestellte E-Mails) names what each mail was for in words: every mail purpose the
// server uses has a label in German and English, so no internal key like `booking.confirm_request` shows.

const serverDir = fileURLToPath(new URL('../../src/server/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const purposes = new Set<string>();
for (const file of sourceFiles(serverDir)) {
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/purpose: '([a-z_.]+)'/g)) purposes.add(match[1]!);
  for (const match of text.matchAll(/Purpose = '([a-z_.]+)'/g)) purposes.add(match[1]!);
}

describe('mail purpose labels of the failed-mail page', () => {
  it('finds the purposes the server sends', () => {
    expect(purposes.has('booking.confirm_request')).toBe(true);
    expect(purposes.size).toBeGreaterThan(10);
  });
  for (const [name, messages] of Object.entries({ de: planningDe, en: planningEn })) {
    it(`${name} labels every purpose`, () => {
      const labels = (messages as { mailFailures: { purposes: Record<string, string> } }).mailFailures
        .purposes;
      const missing = [...purposes].filter((purpose) => !labels[purpose.replace(/\./g, '_')]);
      expect(missing).toEqual([]);
    });
  }
});
