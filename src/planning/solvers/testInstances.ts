import fc from 'fast-check';
import type { CoverageInstance, DistanceInstance } from '../problem.ts';
import { coverageFromDistances } from '../problem.ts';

interface Sizes {
  min: number;
  max: number;
}

/**
 * Random p-median instances with integer weights (from `weightMin` to 20) and distances (0 to 100), the number
 * of sites, demand points and p drawn from the given ranges (p at most the sites).
 */
export function distanceInstances(sites: Sizes, demands: Sizes, p: Sizes, weightMin: number) {
  return fc
    .record({ siteCount: fc.integer(sites), demandCount: fc.integer(demands) })
    .chain(({ siteCount, demandCount }) =>
      fc.record({
        siteCount: fc.constant(siteCount),
        demandCount: fc.constant(demandCount),
        weights: fc.array(fc.integer({ min: weightMin, max: 20 }), {
          minLength: demandCount,
          maxLength: demandCount,
        }),
        distance: fc.array(fc.integer({ min: 0, max: 100 }), {
          minLength: demandCount * siteCount,
          maxLength: demandCount * siteCount,
        }),
        p: fc.integer({ min: p.min, max: Math.min(p.max, siteCount) }),
      }),
    )
    .map(({ siteCount, demandCount, weights, distance, p }) => ({
      instance: {
        siteCount,
        demandCount,
        weights: Float64Array.from(weights),
        distance: Float64Array.from(distance),
      } satisfies DistanceInstance,
      p,
    }));
}

/** Random small p-median instances with integer weights and distances (for brute-force checks). */
export const smallDistanceInstance = distanceInstances(
  { min: 2, max: 9 },
  { min: 5, max: 15 },
  { min: 1, max: 3 },
  0,
);

export const smallCoverageInstance = smallDistanceInstance.chain(({ instance, p }) =>
  fc
    .integer({ min: 10, max: 60 })
    .map((radius) => ({ instance: coverageFromDistances(instance, radius), p })),
);

export function* combinations(n: number, k: number, start = 0, prefix: number[] = []): Generator<number[]> {
  if (prefix.length === k) {
    yield prefix;
    return;
  }
  for (let j = start; j < n; j++) yield* combinations(n, k, j + 1, [...prefix, j]);
}

export function bruteForcePMedian(instance: DistanceInstance, p: number): number {
  let best = Infinity;
  for (const sites of combinations(instance.siteCount, p)) {
    let total = 0;
    for (let i = 0; i < instance.demandCount; i++) {
      let nearest = Infinity;
      for (const j of sites) nearest = Math.min(nearest, instance.distance[i * instance.siteCount + j]!);
      total += instance.weights[i]! * nearest;
    }
    best = Math.min(best, total);
  }
  return best;
}

export function coveredWeight(instance: CoverageInstance, sites: readonly number[]): number {
  const covered = new Set<number>();
  for (const j of sites) {
    for (let k = instance.coverStart[j]!; k < instance.coverStart[j + 1]!; k++)
      covered.add(instance.coverDemand[k]!);
  }
  let total = 0;
  for (const i of covered) total += instance.weights[i]!;
  return total;
}

export function bruteForceMclp(instance: CoverageInstance, p: number): number {
  let best = -Infinity;
  for (const sites of combinations(instance.siteCount, p))
    best = Math.max(best, coveredWeight(instance, sites));
  return best;
}

/** Fewest sites covering every coverable point (counting points, as the solver does). */
export function bruteForceSetCover(instance: CoverageInstance): number {
  const coverable = new Set<number>();
  for (let k = 0; k < instance.coverDemand.length; k++) coverable.add(instance.coverDemand[k]!);
  for (let size = 0; size <= instance.siteCount; size++) {
    for (const sites of combinations(instance.siteCount, size)) {
      const covered = new Set<number>();
      for (const j of sites) {
        for (let k = instance.coverStart[j]!; k < instance.coverStart[j + 1]!; k++)
          covered.add(instance.coverDemand[k]!);
      }
      if (covered.size === coverable.size) return size;
    }
  }
  return instance.siteCount;
}
