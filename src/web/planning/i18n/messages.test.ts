import { describe, expect, it } from 'vitest';
import { describeMessageParity } from '../../testing/messageParity.ts';
import type { ScenarioLayerKind } from '../scenarioLayers.ts';
import de from './de.json';
import en from './en.json';

describeMessageParity('planner message files', de, en);

// Every layer kind a scenario weighs (the record's type makes the list complete).
const layerKinds = Object.keys({
  districts: true,
  grid: true,
  points: true,
  pastContacts: true,
  departmentEstimates: true,
  suggestions: true,
} satisfies Record<ScenarioLayerKind, true>);

describe('planner texts of the demand layers', () => {
  it.each([
    ['de', de],
    ['en', en],
  ])('names every layer kind in the robustness check (%s)', (_, messages) => {
    const names: Record<string, string> = messages.robustness.layers;
    for (const kind of layerKinds) expect(names[kind], kind).toMatch(/\S/);
  });
});
