import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { restrictToSites, solvePMedian } from './pmedian.ts';
import { pMedianObjective, sortSitesByDistance } from './pmedianHeuristic.ts';
import { combinations, bruteForcePMedian, smallDistanceInstance } from './testInstances.ts';

const fixingFor = (siteCount: number) =>
  fc.array(fc.constantFrom<-1 | 0 | 1>(-1, 0, 0, 1), { minLength: siteCount, maxLength: siteCount });

describe('p-median: the instance without the sites fixed closed', () => {
  it('keeps the other sites in order, their distances and each row sorted by distance', () => {
    fc.assert(
      fc.property(
        smallDistanceInstance.chain(({ instance }) =>
          fixingFor(instance.siteCount).map((fixing) => ({ instance, fixing: Int8Array.from(fixing) })),
        ),
        ({ instance, fixing }) => {
          const sub = restrictToSites(instance, sortSitesByDistance(instance), fixing);
          const { demandCount: n, siteCount: m } = instance;
          const kept = sub.sites.length;
          expect(sub.sites).toEqual([...Array(m).keys()].filter((j) => fixing[j] !== -1));
          for (let i = 0; i < n; i++) {
            const row = Array.from(sub.sorted.subarray(i * kept, (i + 1) * kept));
            expect([...row].sort((a, b) => a - b)).toEqual([...Array(kept).keys()]);
            for (let k = 0; k < kept; k++) {
              expect(sub.instance.distance[i * kept + k]).toBe(instance.distance[i * m + sub.sites[k]!]);
              if (k > 0)
                expect(sub.instance.distance[i * kept + row[k]!]).toBeGreaterThanOrEqual(
                  sub.instance.distance[i * kept + row[k - 1]!]!,
                );
            }
          }
          // Any choice of kept sites costs the same in both instances.
          const p = Math.min(2, kept);
          if (p > 0)
            for (const choice of combinations(kept, p))
              expect(pMedianObjective(sub.instance, choice)).toBe(
                pMedianObjective(
                  instance,
                  choice.map((k) => sub.sites[k]!),
                ),
              );
        },
      ),
      { numRuns: 100, seed: 51 },
    );
  }, 30_000);

  it('auto path with fractional data: proven means optimal within the one tolerance, the bound stays below', async () => {
    const solvers = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(smallDistanceInstance, async ({ instance, p }) => {
        // Thirds make the data non-integral, so the relative tolerance is the one in force.
        const fractional = { ...instance, weights: instance.weights.map((w) => w / 3 + 0.1) };
        const result = await solvePMedian(fractional, p, { timeLimitSeconds: 5, boundIterations: 2 });
        solvers.set(result.solver!, (solvers.get(result.solver!) ?? 0) + 1);
        const optimum = bruteForcePMedian(fractional, p);
        expect(result.objective).toBeCloseTo(pMedianObjective(fractional, result.sites), 9);
        expect(result.bound!).toBeLessThanOrEqual(optimum + 1e-9 * Math.max(1, optimum));
        expect(result.provenOptimal).toBe(true);
        expect(result.objective - optimum).toBeLessThanOrEqual(1e-9 * Math.max(1, optimum));
      }),
      { numRuns: 25, seed: 52 },
    );
    // Most of these runs need the branch-and-bound (two bound iterations prove little).
    expect(solvers.get('branch-and-bound') ?? 0).toBeGreaterThan(0);
  }, 60_000);
});
