import { describe, expect, it } from 'vitest';
import type { DemandPoint } from './demand.ts';
import { classifySites, proportional, robustnessVariants, runRobustness } from './robustness.ts';
import type { ScenarioInput } from './scenario.ts';

const point = (id: string, counts: DemandPoint['counts']): DemandPoint => ({
  id,
  lat: 51.9,
  lon: 8.38,
  source: 'district',
  counts,
});

/**
 * Two layers and three sites, travel minutes given (threshold 10):
 *   A (districts: 105 residents) is reached from S1 only;
 *   B (districts: 50 residents, 40 of them 65+) and C (points: 40 residents) from S2 only; S3 reaches nobody.
 * Weights: residents 1, 65+ 0.25 extra, so B weighs 60. Base: S1 covers 105, S2 covers 100, one site: S1.
 */
function instance(p: number): ScenarioInput {
  return {
    demand: [
      point('districts0:A', { residents: 105 }),
      point('districts0:B', { residents: 50, residents65plus: 40 }),
      point('points1:C', { residents: 40 }),
    ],
    weightFactors: {
      residents: 1,
      residents65plus: 0.25,
      limitedMobility: 0,
      pastBookings: 0,
      distancePerKm: 0,
      distanceCapKm: 10,
    },
    sites: [
      { id: 'S1', lat: 51.9, lon: 8.38 },
      { id: 'S2', lat: 51.9, lon: 8.38 },
      { id: 'S3', lat: 51.9, lon: 8.38 },
    ],
    access: { mode: 'walk' },
    travelMinutes: [5, 30, 30, 30, 5, 30, 30, 5, 30],
    coverageThresholdMinutes: 10,
    objective: 'mclp',
    p,
    solve: { timeLimitSeconds: 10 },
  };
}
const layers = [
  { key: 'districts0', kind: 'districts' },
  { key: 'points1', kind: 'points' },
];

describe('robustness variants', () => {
  it('varies each layer by ± 20 % and each group weight above 0 by ± 20 %', () => {
    const { variants, skipped } = robustnessVariants(instance(1), layers);
    expect(variants.map((variant) => variant.spec.id)).toEqual([
      'layer:districts0:0.8',
      'layer:districts0:1.2',
      'layer:points1:0.8',
      'layer:points1:1.2',
      'weight:residents:0.8',
      'weight:residents:1.2',
      'weight:residents65plus:0.8',
      'weight:residents65plus:1.2',
    ]);
    expect(skipped).toEqual([]);
    // Only the varied layer changes.
    const districts = variants[0]!.input.demand;
    expect(districts.map((p) => p.counts)).toEqual([
      { residents: 84 },
      { residents: 40, residents65plus: 32 },
      { residents: 40 },
    ]);
    expect(variants[6]!.input.weightFactors?.residents65plus).toBeCloseTo(0.2);
    expect(variants[6]!.input.weightFactors?.residents).toBe(1);
  });

  it('leaves out variants that only scale all demand alike, and twins of earlier variants', () => {
    const single: ScenarioInput = {
      ...instance(1),
      demand: [point('A', { residents: 10 }), point('B', { residents: 20 })],
      weightFactors: { ...instance(1).weightFactors!, residents65plus: 0 },
      travelMinutes: [5, 30, 30, 30, 5, 30],
    };
    const { variants, skipped } = robustnessVariants(single, []);
    expect(variants).toEqual([]);
    expect(skipped.map((entry) => [entry.id, entry.sameAs])).toEqual([
      ['layer:districts:0.8', 'base'],
      ['layer:districts:1.2', 'base'],
      ['weight:residents:0.8', 'base'],
      ['weight:residents:1.2', 'base'],
    ]);
    // A contacts layer counts only past contacts: its weight ± 20 % is the layer's demand ± 20 %.
    const contacts: ScenarioInput = {
      ...instance(1),
      demand: [point('districts0:A', { residents: 10 }), point('pastContacts1:A', { pastBookings: 7 })],
      weightFactors: { ...instance(1).weightFactors!, residents65plus: 0, pastBookings: 1 },
      travelMinutes: [5, 30, 30, 30, 5, 30],
    };
    const twins = robustnessVariants(contacts, [
      { key: 'districts0', kind: 'districts' },
      { key: 'pastContacts1', kind: 'pastContacts' },
    ]);
    expect(twins.variants.map((variant) => variant.spec.id)).toEqual([
      'layer:districts0:0.8',
      'layer:districts0:1.2',
      'layer:pastContacts1:0.8',
      'layer:pastContacts1:1.2',
    ]);
    expect(twins.skipped.map((entry) => [entry.id, entry.sameAs])).toEqual([
      ['weight:residents:0.8', 'layer:districts0:0.8'],
      ['weight:residents:1.2', 'layer:districts0:1.2'],
      ['weight:pastBookings:0.8', 'layer:pastContacts1:0.8'],
      ['weight:pastBookings:1.2', 'layer:pastContacts1:1.2'],
    ]);
  });

  it('set covering does not use the weights: no variants', async () => {
    const result = await runRobustness({
      base: { ...instance(1), objective: 'setCover', p: undefined as unknown as number },
      layers,
      baseChosenSiteIds: ['S1', 'S2'],
      timeLimitSeconds: 5,
    });
    expect(result).toMatchObject({ status: 'notApplicable', reason: 'setCover', variantCount: 0 });
  });

  it('tells proportional weight vectors apart from others', () => {
    expect(proportional([2, 4, 6], [1, 2, 3])).toBe(true);
    expect(proportional([2, 4, 7], [1, 2, 3])).toBe(false);
    expect(proportional([0, 0], [0, 0])).toBe(true);
    expect(proportional([1], [1, 2])).toBe(false);
  });
});

describe('robustness of a choice', () => {
  it('one site: S1 wins 6 of 8 variants, S2 the two where its demand grows, S3 none (worked by hand)', async () => {
    // districts × 0.8: S1 84, S2 48 + 40 = 88 → S2.  districts × 1.2: S1 126, S2 112 → S1.
    // points × 0.8: S2 92 → S1.  points × 1.2: S2 108 → S2.
    // residents × 0.8: S1 84, S2 50 + 32 = 82 → S1.  residents × 1.2: S1 126, S2 70 + 48 = 118 → S1.
    // 65+ × 0.8: S2 98 → S1.  65+ × 1.2: S2 102 → S1.
    const result = await runRobustness({
      base: instance(1),
      layers,
      baseChosenSiteIds: ['S1'],
      timeLimitSeconds: 8,
    });
    expect(result.status).toBe('done');
    expect(result.variantCount).toBe(8);
    expect(Object.fromEntries(result.variants.map((v) => [v.id, v.chosenSiteIds]))).toEqual({
      'layer:districts0:0.8': ['S2'],
      'layer:districts0:1.2': ['S1'],
      'layer:points1:0.8': ['S1'],
      'layer:points1:1.2': ['S2'],
      'weight:residents:0.8': ['S1'],
      'weight:residents:1.2': ['S1'],
      'weight:residents65plus:0.8': ['S1'],
      'weight:residents65plus:1.2': ['S1'],
    });
    expect(result.sites).toEqual([
      { siteId: 'S1', chosenIn: 6, inBase: true, class: 'sometimes' },
      { siteId: 'S2', chosenIn: 2, inBase: false, class: 'sometimes' },
      { siteId: 'S3', chosenIn: 0, inBase: false, class: 'never' },
    ]);
    expect(result.provenOptimalCount).toBe(8);
    expect(result.timeLimitSecondsPerVariant).toBe(1);
  });

  it('two sites: S1 and S2 are chosen in every variant (robust), S3 never', async () => {
    const result = await runRobustness({
      base: instance(2),
      layers,
      baseChosenSiteIds: ['S1', 'S2'],
      timeLimitSeconds: 16,
    });
    expect(result.sites).toEqual([
      { siteId: 'S1', chosenIn: 8, inBase: true, class: 'robust' },
      { siteId: 'S2', chosenIn: 8, inBase: true, class: 'robust' },
      { siteId: 'S3', chosenIn: 0, inBase: false, class: 'never' },
    ]);
    expect(result.timeLimitSecondsPerVariant).toBe(2);
  });

  it('classifies by count: all variants robust, some sometimes, none never; robust first', () => {
    expect(classifySites(['a', 'b', 'c'], ['b'], [['b', 'c'], ['c']])).toEqual([
      { siteId: 'c', chosenIn: 2, inBase: false, class: 'robust' },
      { siteId: 'b', chosenIn: 1, inBase: true, class: 'sometimes' },
      { siteId: 'a', chosenIn: 0, inBase: false, class: 'never' },
    ]);
    // Without variants nothing is robust.
    expect(classifySites(['a'], ['a'], []).map((site) => site.class)).toEqual(['never']);
  });
});
