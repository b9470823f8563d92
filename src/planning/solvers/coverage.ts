import type { CoverageInstance, DistanceInstance } from '../problem.ts';
import type { CoverageSummary } from './types.ts';

export function coverageOfSites(instance: CoverageInstance, sites: readonly number[]): CoverageSummary {
  const covered = new Uint8Array(instance.demandCount);
  for (const j of sites) {
    for (let k = instance.coverStart[j]!; k < instance.coverStart[j + 1]!; k++)
      covered[instance.coverDemand[k]!] = 1;
  }
  return summarise(instance.weights, covered);
}

export function coverageWithinThreshold(
  instance: DistanceInstance,
  sites: readonly number[],
  threshold: number,
): CoverageSummary {
  const covered = new Uint8Array(instance.demandCount);
  const m = instance.siteCount;
  for (let i = 0; i < instance.demandCount; i++) {
    for (const j of sites) {
      if (instance.distance[i * m + j]! <= threshold) {
        covered[i] = 1;
        break;
      }
    }
  }
  return summarise(instance.weights, covered);
}

function summarise(weights: Float64Array, covered: Uint8Array): CoverageSummary {
  let total = 0;
  let coveredWeight = 0;
  let points = 0;
  for (let i = 0; i < weights.length; i++) {
    total += weights[i]!;
    if (covered[i] === 1) {
      coveredWeight += weights[i]!;
      points++;
    }
  }
  return {
    weightedPct: total > 0 ? (coveredWeight / total) * 100 : 0,
    pointsPct: weights.length > 0 ? (points / weights.length) * 100 : 0,
  };
}
