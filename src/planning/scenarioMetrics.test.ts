import { describe, expect, it } from 'vitest';
import { runScenario } from './scenario.ts';
import { computeScenarioMetrics } from './scenarioMetrics.ts';

describe('scenario metrics', () => {
  const travel = {
    demandCount: 3,
    siteCount: 2,
    weights: Float64Array.from([2, 1, 1]),
    distance: Float64Array.from([5, 30, 20, 10, 40, 40]),
  };

  it('computes coverage, travel times, seniors and cost', () => {
    const metrics = computeScenarioMetrics({
      travel,
      chosenSites: [0, 1],
      coverageThresholdMinutes: 15,
      residents65plus: [1, 3, 5],
      staffHoursPerMonth: 100,
      unitDaysPerMonth: 10,
      costPerStaffHour: 50,
      costPerUnitDay: 200,
    });
    expect(metrics.coverageWeightedPct).toBeCloseTo(75);
    expect(metrics.coveragePointsPct).toBeCloseTo(200 / 3);
    expect(metrics.residents65plusCovered).toBe(4);
    expect(metrics.meanTravelMinutes).toBeCloseTo((2 * 5 + 10 + 40) / 4);
    expect(metrics.worstTravelMinutes).toBe(40);
    expect(metrics.costPerMonth).toBe(100 * 50 + 10 * 200);
  });

  it('rejects an empty or out-of-range site list', () => {
    const base = {
      travel,
      coverageThresholdMinutes: 15,
      staffHoursPerMonth: 0,
      unitDaysPerMonth: 0,
      costPerStaffHour: 0,
      costPerUnitDay: 0,
    };
    expect(() => computeScenarioMetrics({ ...base, chosenSites: [] })).toThrow(
      expect.objectContaining({ field: 'chosenSites' }),
    );
    expect(() => computeScenarioMetrics({ ...base, chosenSites: [2] })).toThrow(
      expect.objectContaining({ field: 'chosenSites' }),
    );
  });

  it('runs a whole scenario from districts to chosen site ids', async () => {
    const result = await runScenario({
      demand: [
        {
          id: 'a',
          lat: 51.9,
          lon: 8.38,
          source: 'district',
          counts: { residents: 100, residents65plus: 20 },
        },
        {
          id: 'b',
          lat: 51.95,
          lon: 8.38,
          source: 'district',
          counts: { residents: 300, residents65plus: 30 },
        },
      ],
      sites: [
        { id: 'near-a', lat: 51.9005, lon: 8.38 },
        { id: 'near-b', lat: 51.9495, lon: 8.38 },
      ],
      access: { mode: 'walk' },
      coverageThresholdMinutes: 15,
      objective: 'mclp',
      p: 1,
    });
    expect(result.chosenSiteIds).toEqual(['near-b']);
    expect(result.metrics.coverageWeightedPct).toBeCloseTo((330 / 450) * 100);
    expect(result.metrics.residents65plusCovered).toBe(30);
    expect(result.servedWeightBySite['near-b']).toBe(450);
  });
});
