import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMAND_LAYER_KINDS } from '../../planning/demandLayers.ts';
import de from './scenarioReport.de.json';
import en from './scenarioReport.en.json';

// The PDF's words live on the server (the server may not import the web app's files); the run's notes are the
// planner's sentences, so they are copied and must stay the same.
const planner = (language: 'de' | 'en') =>
  JSON.parse(readFileSync(new URL(`../../web/planning/i18n/${language}.json`, import.meta.url), 'utf8')) as {
    notes: unknown;
    weekday: unknown;
    frequency: unknown;
  };

/** Every key path with the placeholders of its text. */
function shape(messages: unknown, prefix = ''): Record<string, string[]> {
  if (typeof messages === 'string')
    return { [prefix]: [...messages.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort() };
  return Object.fromEntries(
    Object.entries(messages as Record<string, unknown>).flatMap(([key, value]) =>
      Object.entries(shape(value, prefix ? `${prefix}.${key}` : key)),
    ),
  );
}

describe('the scenario report’s messages', () => {
  it('have the same keys and placeholders in German and English', () => {
    expect(shape(en)).toEqual(shape(de));
  });

  it('carry the planner’s notes, weekdays and frequencies word for word', () => {
    for (const [language, labels] of [
      ['de', de],
      ['en', en],
    ] as const) {
      const web = planner(language);
      expect(labels.notes).toEqual(web.notes);
      expect(labels.weekday).toEqual(web.weekday);
      expect(labels.frequency).toEqual(web.frequency);
    }
  });

  it('name every demand layer, objective and travel mode', () => {
    for (const labels of [de, en]) {
      for (const kind of DEMAND_LAYER_KINDS) expect(labels.robustnessLayers).toHaveProperty(kind);
      expect(Object.keys(labels.objective).sort()).toEqual(['mclp', 'pmedian', 'setcover']);
      expect(Object.keys(labels.modeIn).sort()).toEqual(['bike', 'bus', 'car', 'transit', 'walk']);
    }
  });
});
