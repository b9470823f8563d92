import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PlanningInputError } from '../errors.ts';
import {
  maximoCoverage,
  maximoDistance,
  parseMaximoInstance,
  parseMaximoOptimum,
} from '../instances/maximoMclp.ts';
import { coverageFromLists } from '../problem.ts';
import { reduceCoverage } from './coverageReduction.ts';
import { solveMaxCovering } from './mclp.ts';
import { mclpObjective } from './mclpHeuristic.ts';
import { solveSetCovering } from './setCover.ts';
import { bruteForceMclp, bruteForceSetCover, coveredWeight, smallCoverageInstance } from './testInstances.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/planning/${name}`, import.meta.url), 'utf8');

describe('maximal covering', () => {
  it('exact path equals brute force on small random instances', async () => {
    await fc.assert(
      fc.asyncProperty(smallCoverageInstance, async ({ instance, p }) => {
        const result = await solveMaxCovering(instance, p, { method: 'exact', timeLimitSeconds: 20 });
        const optimum = bruteForceMclp(instance, p);
        expect(coveredWeight(instance, result.sites)).toBe(optimum);
        expect(result.objective).toBe(optimum);
        expect(result.sites).toHaveLength(p);
        expect(result.provenOptimal).toBe(true);
      }),
      { numRuns: 30, seed: 21 },
    );
  }, 60_000);

  it('heuristic path never exceeds the optimum; reported bounds are valid', async () => {
    await fc.assert(
      fc.asyncProperty(smallCoverageInstance, async ({ instance, p }) => {
        const result = await solveMaxCovering(instance, p, { method: 'heuristic', timeLimitSeconds: 0.05 });
        const optimum = bruteForceMclp(instance, p);
        expect(result.objective).toBeLessThanOrEqual(optimum);
        expect(result.objective).toBe(coveredWeight(instance, result.sites));
        if (result.upperBound !== undefined) expect(result.upperBound).toBeGreaterThanOrEqual(optimum);
        if (result.provenOptimal) expect(result.objective).toBe(optimum);
        expect(new Set(result.sites).size).toBe(p);
      }),
      { numRuns: 40, seed: 22 },
    );
  }, 60_000);

  it('heuristic finds the optimum when p = 1', async () => {
    await fc.assert(
      fc.asyncProperty(smallCoverageInstance, async ({ instance }) => {
        const result = await solveMaxCovering(instance, 1, { method: 'heuristic', timeLimitSeconds: 0.05 });
        expect(result.objective).toBe(bruteForceMclp(instance, 1));
      }),
      { numRuns: 30, seed: 23 },
    );
  }, 60_000);

  it('reduction keeps the optimum', () => {
    fc.assert(
      fc.property(smallCoverageInstance, ({ instance, p }) => {
        const reduced = reduceCoverage(instance, p);
        expect(bruteForceMclp(reduced.instance, Math.min(p, reduced.instance.siteCount))).toBe(
          bruteForceMclp(instance, p),
        );
      }),
      { numRuns: 40, seed: 24 },
    );
  }, 60_000);

  it('reproduces the published optimum of Máximo NewYork p=50 r=400 m with the float32 metric', () => {
    const instance = parseMaximoInstance(fixture('NewYork.txt'));
    expect(instance.demand).toHaveLength(2713);
    const optimum = parseMaximoOptimum(fixture('NewYork_50_400.txt'));
    expect(optimum.objective).toBe(1_153_640);
    expect(optimum.sites).toHaveLength(50);
    const coverage = maximoCoverage(instance, 400);
    expect(mclpObjective(coverage, optimum.sites)).toBe(1_153_640);
    // Reading the indices 1-based must not reproduce it (guards the 0-based convention).
    expect(
      mclpObjective(
        coverage,
        optimum.sites.map((j) => j + 1),
      ),
    ).not.toBe(1_153_640);
  });

  it('gets within 1 % of the NewYork p=50 optimum in a short run', { timeout: 60_000 }, async () => {
    const coverage = maximoCoverage(parseMaximoInstance(fixture('NewYork.txt')), 400);
    const result = await solveMaxCovering(coverage, 50, { method: 'heuristic', timeLimitSeconds: 3 });
    expect(result.objective).toBeLessThanOrEqual(1_153_640);
    expect(result.objective).toBeGreaterThanOrEqual(1_153_640 * 0.99);
  });

  it('uses the float32 spherical law of cosines with R = 6 378 100 m', () => {
    const d = maximoDistance(40.7943864, -73.8808032, 40.7897368, -73.8848442);
    expect(d).toBe(Math.fround(d));
    expect(d).toBeGreaterThan(600);
    expect(d).toBeLessThan(630);
  });

  it('rejects p outside 1..sites and empty demand', async () => {
    const instance = coverageFromLists(Float64Array.from([1, 2]), [[0], [1]]);
    for (const [p, field] of [
      [3, 'p'],
      [0, 'p'],
    ] as const) {
      await expect(solveMaxCovering(instance, p)).rejects.toMatchObject({
        name: 'PlanningInputError',
        field,
      });
    }
    const empty = coverageFromLists(new Float64Array(0), [[], []]);
    await expect(solveMaxCovering(empty, 1)).rejects.toBeInstanceOf(PlanningInputError);
  });
});

describe('set covering', () => {
  it('exact path equals brute force and covers every coverable point', async () => {
    await fc.assert(
      fc.asyncProperty(smallCoverageInstance, async ({ instance }) => {
        const result = await solveSetCovering(instance, { method: 'exact', timeLimitSeconds: 20 });
        expect(result.objective).toBe(bruteForceSetCover(instance));
        const coverable = new Set(instance.coverDemand);
        const covered = new Set<number>();
        for (const j of result.sites) {
          for (let k = instance.coverStart[j]!; k < instance.coverStart[j + 1]!; k++)
            covered.add(instance.coverDemand[k]!);
        }
        expect(covered.size).toBe(coverable.size);
      }),
      { numRuns: 30, seed: 31 },
    );
  }, 60_000);

  it('greedy heuristic covers everything and uses at least the optimal number of sites', async () => {
    await fc.assert(
      fc.asyncProperty(smallCoverageInstance, async ({ instance }) => {
        const result = await solveSetCovering(instance, { method: 'heuristic' });
        expect(result.objective).toBeGreaterThanOrEqual(bruteForceSetCover(instance));
        expect(result.objective).toBe(result.sites.length);
        const covered = new Set<number>();
        for (const j of result.sites) {
          for (let k = instance.coverStart[j]!; k < instance.coverStart[j + 1]!; k++)
            covered.add(instance.coverDemand[k]!);
        }
        expect(covered.size).toBe(new Set(instance.coverDemand).size);
      }),
      { numRuns: 30, seed: 32 },
    );
  }, 60_000);
});
