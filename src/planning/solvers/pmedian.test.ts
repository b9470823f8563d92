import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PlanningInputError } from '../errors.ts';
import { parseOrLibPMedian } from '../instances/orlibPmed.ts';
import { pMedianObjective } from './pmedianHeuristic.ts';
import { solvePMedian } from './pmedian.ts';
import { bruteForcePMedian, smallDistanceInstance } from './testInstances.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/planning/${name}`, import.meta.url), 'utf8');

describe('p-median', () => {
  it('exact path equals brute force on small random instances', async () => {
    await fc.assert(
      fc.asyncProperty(smallDistanceInstance, async ({ instance, p }) => {
        const result = await solvePMedian(instance, p, { method: 'exact', timeLimitSeconds: 20 });
        const optimum = bruteForcePMedian(instance, p);
        expect(result.objective).toBe(optimum);
        expect(pMedianObjective(instance, result.sites)).toBe(optimum);
        expect(result.sites).toHaveLength(p);
        expect(result.provenOptimal).toBe(true);
      }),
      { numRuns: 30, seed: 11 },
    );
  }, 60_000);

  it('heuristic path never beats the optimum and its lower bound is valid', async () => {
    await fc.assert(
      fc.asyncProperty(smallDistanceInstance, async ({ instance, p }) => {
        const result = await solvePMedian(instance, p, { method: 'heuristic', timeLimitSeconds: 0.05 });
        const optimum = bruteForcePMedian(instance, p);
        expect(result.method).toBe('heuristic');
        expect(result.objective).toBeGreaterThanOrEqual(optimum);
        expect(result.lowerBound!).toBeLessThanOrEqual(optimum + 1e-9);
        if (result.provenOptimal) expect(result.objective).toBe(optimum);
        expect(new Set(result.sites).size).toBe(p);
      }),
      { numRuns: 40, seed: 12 },
    );
  }, 60_000);

  it('heuristic finds the optimum when p = 1 (the swap neighbourhood is complete)', async () => {
    await fc.assert(
      fc.asyncProperty(smallDistanceInstance, async ({ instance }) => {
        const result = await solvePMedian(instance, 1, { method: 'heuristic', timeLimitSeconds: 0.05 });
        expect(result.objective).toBe(bruteForcePMedian(instance, 1));
      }),
      { numRuns: 30, seed: 13 },
    );
  }, 60_000);

  it('solves OR-Library pmed1 to its published optimum 5819', async () => {
    const { instance, p } = parseOrLibPMedian(fixture('pmed1.txt'));
    expect(instance.demandCount).toBe(100);
    expect(p).toBe(5);
    const result = await solvePMedian(instance, p, { timeLimitSeconds: 10 });
    expect(result.objective).toBe(5819);
    expect(result.lowerBound).toBe(5819);
    expect(result.gapPct).toBe(0);
    expect(result.sites).toHaveLength(5);
  });

  it('applies the last-cost-wins rule for repeated edges (the optimal set of pmed1 costs 5819)', () => {
    const { instance } = parseOrLibPMedian(fixture('pmed1.txt'));
    // Beasley's optimal set for pmed1 (1-based vertices 7, 13, 65, 91, 99).
    expect(pMedianObjective(instance, [6, 12, 64, 90, 98])).toBe(5819);
  });

  it('reports coverage within a threshold', async () => {
    const instance = {
      demandCount: 3,
      siteCount: 2,
      weights: Float64Array.from([1, 1, 2]),
      distance: Float64Array.from([0, 9, 5, 9, 9, 20]),
    };
    const result = await solvePMedian(instance, 1, { coverageThreshold: 6 });
    expect(result.sites).toEqual([0]);
    expect(result.objective).toBe(0 + 5 + 18);
    expect(result.coverage.pointsPct).toBeCloseTo(200 / 3);
    expect(result.coverage.weightedPct).toBeCloseTo(50);
  });

  describe('rejects bad input with a field name', () => {
    const instance = {
      demandCount: 2,
      siteCount: 2,
      weights: Float64Array.from([1, 1]),
      distance: Float64Array.from([0, 1, 1, 0]),
    };
    const cases: [string, () => Promise<unknown>, string][] = [
      ['p larger than the number of sites', () => solvePMedian(instance, 3), 'p'],
      ['p below 1', () => solvePMedian(instance, 0), 'p'],
      ['p not an integer', () => solvePMedian(instance, 1.5), 'p'],
      [
        'NaN distance',
        () => solvePMedian({ ...instance, distance: Float64Array.from([0, NaN, 1, 0]) }, 1),
        'distance[0][1]',
      ],
      [
        'no demand',
        () => solvePMedian({ ...instance, demandCount: 0, weights: new Float64Array(0) }, 1),
        'demand',
      ],
      [
        'negative weight',
        () => solvePMedian({ ...instance, weights: Float64Array.from([1, -1]) }, 1),
        'demand.weight[1]',
      ],
      [
        'a model that would need gigabytes',
        () =>
          solvePMedian(
            {
              demandCount: 200_000,
              siteCount: 2_000,
              weights: new Float64Array(1),
              distance: new Float64Array(1),
            },
            5,
          ),
        'demand',
      ],
    ];
    it.each(cases)('%s', async (_, run, field) => {
      const error = await run().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PlanningInputError);
      expect((error as PlanningInputError).field).toBe(field);
    });
  });
});
