import { PlanningInputError } from './errors.ts';

/**
 * A p-median instance: `distance[i * siteCount + j]` is the cost of serving demand point i from site j
 * (metres, minutes, or any non-negative unit). Weights scale each demand point.
 */
export interface DistanceInstance {
  demandCount: number;
  siteCount: number;
  weights: Float64Array;
  distance: Float64Array;
}

/**
 * A covering instance in compressed form: site j covers the demand points
 * `coverDemand[coverStart[j] .. coverStart[j + 1] - 1]`.
 */
export interface CoverageInstance {
  demandCount: number;
  siteCount: number;
  weights: Float64Array;
  coverStart: Int32Array;
  coverDemand: Int32Array;
}

/** The transposed covering relation: demand i is covered by sites `bySite[byStart[i] .. byStart[i+1]-1]`. */
export interface CoveredBy {
  byStart: Int32Array;
  bySite: Int32Array;
}

/** Largest dense distance matrix we allow (entries); 8 bytes each, so about 1.2 GB. */
export const MAX_DISTANCE_ENTRIES = 150_000_000;

export function validateWeights(weights: ArrayLike<number>, field: string): number {
  if (weights.length === 0) throw new PlanningInputError(field, 'there is no demand point');
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (!Number.isFinite(w) || w < 0) {
      throw new PlanningInputError(`${field}[${i}]`, `weight must be a finite number >= 0, got ${w}`);
    }
    total += w;
  }
  return total;
}

export function validateDistanceInstance(instance: DistanceInstance): void {
  const { demandCount, siteCount, weights, distance } = instance;
  if (!Number.isInteger(siteCount) || siteCount < 1) {
    throw new PlanningInputError('sites', 'there is no candidate site');
  }
  if (!Number.isInteger(demandCount) || demandCount < 1) {
    throw new PlanningInputError('demand', 'there is no demand point');
  }
  if (demandCount * siteCount > MAX_DISTANCE_ENTRIES) {
    throw new PlanningInputError(
      'demand',
      `${demandCount} demand points × ${siteCount} sites would need about ` +
        `${Math.round((demandCount * siteCount * 8) / 1e9)} GB; aggregate the demand (e.g. a coarser grid)`,
    );
  }
  if (weights.length !== demandCount) {
    throw new PlanningInputError('demand', `expected ${demandCount} weights, got ${weights.length}`);
  }
  if (distance.length !== demandCount * siteCount) {
    throw new PlanningInputError(
      'distance',
      `expected ${demandCount * siteCount} distances, got ${distance.length}`,
    );
  }
  validateWeights(weights, 'demand.weight');
  for (let k = 0; k < distance.length; k++) {
    const d = distance[k]!;
    if (!Number.isFinite(d) || d < 0) {
      const i = Math.floor(k / siteCount);
      throw new PlanningInputError(
        `distance[${i}][${k - i * siteCount}]`,
        `distance must be a finite number >= 0, got ${d}`,
      );
    }
  }
}

export function validateCoverageInstance(instance: CoverageInstance): void {
  const { demandCount, siteCount, weights, coverStart, coverDemand } = instance;
  if (!Number.isInteger(siteCount) || siteCount < 1) {
    throw new PlanningInputError('sites', 'there is no candidate site');
  }
  if (!Number.isInteger(demandCount) || demandCount < 1) {
    throw new PlanningInputError('demand', 'there is no demand point');
  }
  if (weights.length !== demandCount) {
    throw new PlanningInputError('demand', `expected ${demandCount} weights, got ${weights.length}`);
  }
  validateWeights(weights, 'demand.weight');
  if (
    coverStart.length !== siteCount + 1 ||
    coverStart[0] !== 0 ||
    coverStart[siteCount] !== coverDemand.length
  ) {
    throw new PlanningInputError('coverage', 'malformed coverage index');
  }
  for (let k = 0; k < coverDemand.length; k++) {
    const i = coverDemand[k]!;
    if (i < 0 || i >= demandCount) throw new PlanningInputError('coverage', `demand index ${i} out of range`);
  }
}

export function validateSiteCount(p: number, siteCount: number): void {
  if (!Number.isInteger(p)) throw new PlanningInputError('p', `number of sites must be an integer, got ${p}`);
  if (p < 1) throw new PlanningInputError('p', `number of sites must be at least 1, got ${p}`);
  if (p > siteCount) {
    throw new PlanningInputError('p', `cannot choose ${p} sites from ${siteCount} candidate sites`);
  }
}

export function transposeCoverage(instance: CoverageInstance): CoveredBy {
  const { demandCount, siteCount, coverStart, coverDemand } = instance;
  const byStart = new Int32Array(demandCount + 1);
  for (let k = 0; k < coverDemand.length; k++) byStart[coverDemand[k]! + 1]!++;
  for (let i = 0; i < demandCount; i++) byStart[i + 1]! += byStart[i]!;
  const cursor = byStart.slice(0, demandCount);
  const bySite = new Int32Array(coverDemand.length);
  for (let j = 0; j < siteCount; j++) {
    for (let k = coverStart[j]!; k < coverStart[j + 1]!; k++) {
      const i = coverDemand[k]!;
      bySite[cursor[i]!++] = j;
    }
  }
  return { byStart, bySite };
}

/** Builds a coverage instance from a dense distance matrix and a radius (inclusive: d <= radius). */
export function coverageFromDistances(instance: DistanceInstance, radius: number): CoverageInstance {
  const { demandCount, siteCount, distance } = instance;
  const counts = new Int32Array(siteCount + 1);
  for (let i = 0; i < demandCount; i++) {
    for (let j = 0; j < siteCount; j++) if (distance[i * siteCount + j]! <= radius) counts[j + 1]!++;
  }
  for (let j = 0; j < siteCount; j++) counts[j + 1]! += counts[j]!;
  const coverDemand = new Int32Array(counts[siteCount]!);
  const cursor = counts.slice(0, siteCount);
  for (let i = 0; i < demandCount; i++) {
    for (let j = 0; j < siteCount; j++) {
      if (distance[i * siteCount + j]! <= radius) coverDemand[cursor[j]!++] = i;
    }
  }
  return { demandCount, siteCount, weights: instance.weights, coverStart: counts, coverDemand };
}

/** Builds a coverage instance from adjacency lists (site → covered demand indices). */
export function coverageFromLists(
  weights: Float64Array,
  siteLists: readonly (readonly number[])[],
): CoverageInstance {
  const coverStart = new Int32Array(siteLists.length + 1);
  siteLists.forEach((list, j) => (coverStart[j + 1] = coverStart[j]! + list.length));
  const coverDemand = new Int32Array(coverStart[siteLists.length]!);
  siteLists.forEach((list, j) => coverDemand.set(list, coverStart[j]!));
  return { demandCount: weights.length, siteCount: siteLists.length, weights, coverStart, coverDemand };
}
