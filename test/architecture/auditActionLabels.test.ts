import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { auditActions } from '../../src/web/planning/auditFilters.ts';
import de from '../../src/web/planning/i18n/de.json' with { type: 'json' };
import en from '../../src/web/planning/i18n/en.json' with { type: 'json' };
import { stationOperationTypes } from '../../src/server/station/stationOperations.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

/**
 * The action strings written by src/server: string literals in the expression after `action:` (also both
 * sides of a conditional), constants that look like actions (`… = 'booking.links_resent'`), and the station
 * operations, which are audited as `station.<type>`.
 */
function serverActions(): Set<string> {
  const found = new Set<string>();
  const literal = /'([a-z_]+\.[a-z_]+)'/g;
  for (const file of sourceFiles(join(root, 'src/server'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\baction:\s*([^,\n}]+)/g)) {
      for (const inner of (match[1] ?? '').matchAll(literal)) found.add(inner[1] ?? '');
    }
    for (const match of text.matchAll(/Purpose\s*=\s*'([a-z_]+\.[a-z_]+)'/g)) found.add(match[1] ?? '');
  }
  for (const type of stationOperationTypes) found.add(`station.${type}`);
  return found;
}

const labelIn = (messages: unknown, action: string): unknown => {
  let node: unknown = (messages as { auditFilters: { actions: unknown } }).auditFilters.actions;
  for (const part of action.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
};

describe('audit action labels', () => {
  const used = serverActions();

  it('finds the actions the server writes (the search itself works)', () => {
    expect(used).toContain('booking.confirmed');
    expect(used).toContain('scenario.run_finished');
    expect(used).toContain('booking.links_resent');
    expect(used).toContain('station.open_stop');
    expect(used.size).toBeGreaterThan(50);
  });

  it('the filter offers every action used in src/server', () => {
    expect([...used].filter((action) => !(auditActions as readonly string[]).includes(action))).toEqual([]);
  });

  it('every offered action has a label in the planner messages, German and English', () => {
    for (const messages of [de, en]) {
      const missing = auditActions.filter((action) => {
        const label = labelIn(messages, action);
        return typeof label !== 'string' || label.trim() === '';
      });
      expect(missing).toEqual([]);
    }
  });
});
