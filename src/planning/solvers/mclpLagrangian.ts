import { type CoverageInstance, transposeCoverage } from '../problem.ts';
import type { SiteFixing, SiteRelaxation } from './lagrangian.ts';

/**
 * MCLP as used by the bound and the exact paths: demand rows covered by two or more sites, and per
 * site a fixed `bonus` — the demand only that site covers, folded into its weight (an exact reduction:
 * such a row is covered exactly when its one site is open).
 */
export interface MclpModel {
  siteCount: number;
  rowCount: number;
  rowWeight: Float64Array;
  /** Site j covers rows `siteRows[siteStart[j] .. siteStart[j+1]-1]`. */
  siteStart: Int32Array;
  siteRows: Int32Array;
  /** Row i is covered by sites `rowSites[rowStart[i] .. rowStart[i+1]-1]`. */
  rowStart: Int32Array;
  rowSites: Int32Array;
  bonus: Float64Array;
  /** Demand rows folded into site bonuses. */
  folded: number;
}

export function buildMclpModel(instance: CoverageInstance): MclpModel {
  const by = transposeCoverage(instance);
  const { demandCount: n, siteCount: m, weights } = instance;
  const bonus = new Float64Array(m);
  const rowOf = new Int32Array(n).fill(-1);
  const rowWeights: number[] = [];
  let folded = 0;
  for (let i = 0; i < n; i++) {
    const count = by.byStart[i + 1]! - by.byStart[i]!;
    if (count === 0) continue;
    if (count === 1) {
      bonus[by.bySite[by.byStart[i]!]!]! += weights[i]!;
      folded++;
    } else {
      rowOf[i] = rowWeights.length;
      rowWeights.push(weights[i]!);
    }
  }
  const rowCount = rowWeights.length;
  const siteStart = new Int32Array(m + 1);
  for (let j = 0; j < m; j++) {
    let count = 0;
    for (let k = instance.coverStart[j]!; k < instance.coverStart[j + 1]!; k++)
      if (rowOf[instance.coverDemand[k]!]! >= 0) count++;
    siteStart[j + 1] = siteStart[j]! + count;
  }
  const siteRows = new Int32Array(siteStart[m]!);
  for (let j = 0, t = 0; j < m; j++) {
    for (let k = instance.coverStart[j]!; k < instance.coverStart[j + 1]!; k++) {
      const row = rowOf[instance.coverDemand[k]!]!;
      if (row >= 0) siteRows[t++] = row;
    }
  }
  const rowStart = new Int32Array(rowCount + 1);
  for (let k = 0; k < siteRows.length; k++) rowStart[siteRows[k]! + 1]!++;
  for (let i = 0; i < rowCount; i++) rowStart[i + 1]! += rowStart[i]!;
  const cursor = rowStart.slice(0, rowCount);
  const rowSites = new Int32Array(siteRows.length);
  for (let j = 0; j < m; j++)
    for (let k = siteStart[j]!; k < siteStart[j + 1]!; k++) rowSites[cursor[siteRows[k]!]!++] = j;
  return {
    siteCount: m,
    rowCount,
    rowWeight: Float64Array.from(rowWeights),
    siteStart,
    siteRows,
    rowStart,
    rowSites,
    bonus,
    folded,
  };
}

/**
 * Lagrangian relaxation of the coverage rows z_i ≤ Σ_{j covers i} y_j with multipliers 0 ≤ λ_i ≤ w_i:
 * the bound is Σ_i max(0, w_i − λ_i) plus the p largest site scores bonus_j + Σ_{i covered by j} λ_i.
 */
export class MclpRelaxation implements SiteRelaxation {
  readonly siteCount: number;
  readonly multiplierCount: number;
  constructor(private readonly model: MclpModel) {
    this.siteCount = model.siteCount;
    this.multiplierCount = model.rowCount;
  }
  initialMultipliers(): Float64Array {
    const { rowCount, rowWeight, rowStart } = this.model;
    const lambda = new Float64Array(rowCount);
    for (let i = 0; i < rowCount; i++)
      lambda[i] = rowWeight[i]! / Math.max(1, rowStart[i + 1]! - rowStart[i]!);
    return lambda;
  }
  /** Multipliers and site scores of the last evaluation, for incremental updates. */
  private lastLambda: Float64Array | undefined;
  private lastScores: Float64Array | undefined;
  private incrementalUpdates = 0;
  evaluate(lambda: Float64Array, scores: Float64Array): number {
    const { siteCount, rowCount, rowWeight, siteStart, siteRows, rowStart, rowSites, bonus } = this.model;
    let base = 0;
    for (let i = 0; i < rowCount; i++) {
      const slack = rowWeight[i]! - lambda[i]!;
      if (slack > 0) base += slack;
    }
    const last = this.lastLambda;
    const lastScores = this.lastScores;
    if (last && lastScores && this.incrementalUpdates < 64) {
      // Only rows whose multiplier changed move the scores: cheap when the step is sparse.
      let work = 0;
      for (let i = 0; i < rowCount; i++) if (lambda[i] !== last[i]) work += rowStart[i + 1]! - rowStart[i]!;
      if (work * 2 < siteRows.length) {
        for (let i = 0; i < rowCount; i++) {
          const delta = lambda[i]! - last[i]!;
          if (delta === 0) continue;
          for (let k = rowStart[i]!; k < rowStart[i + 1]!; k++) lastScores[rowSites[k]!]! += delta;
          last[i] = lambda[i]!;
        }
        this.incrementalUpdates++;
        scores.set(lastScores);
        return base;
      }
    }
    for (let j = 0; j < siteCount; j++) {
      let s = bonus[j]!;
      for (let k = siteStart[j]!; k < siteStart[j + 1]!; k++) s += lambda[siteRows[k]!]!;
      scores[j] = s;
    }
    this.lastLambda = lambda.slice();
    this.lastScores = scores.slice();
    this.incrementalUpdates = 0;
    return base;
  }
  /** How many open sites cover each row (walks only the open sites' rows). */
  private coveringCounts(open: Uint8Array): Int32Array {
    const { siteCount, siteStart, siteRows } = this.model;
    const count = (this.counts ??= new Int32Array(this.model.rowCount));
    count.fill(0);
    for (let j = 0; j < siteCount; j++) {
      if (open[j] !== 1) continue;
      for (let k = siteStart[j]!; k < siteStart[j + 1]!; k++) count[siteRows[k]!]!++;
    }
    return count;
  }
  private counts: Int32Array | undefined;
  subgradient(lambda: Float64Array, open: Uint8Array, g: Float64Array): number {
    const { rowCount, rowWeight } = this.model;
    const covering = this.coveringCounts(open);
    let norm = 0;
    for (let i = 0; i < rowCount; i++) {
      const gi = covering[i]! - (rowWeight[i]! > lambda[i]! ? 1 : 0);
      // A move the projection would undo does not count towards the step length.
      const blocked = (gi > 0 && lambda[i]! <= 0) || (gi < 0 && lambda[i]! >= rowWeight[i]!);
      g[i] = blocked ? 0 : gi;
      if (!blocked) norm += gi * gi;
    }
    return norm;
  }
  rawSubgradient(lambda: Float64Array, open: Uint8Array, g: Float64Array): void {
    const { rowCount, rowWeight } = this.model;
    const covering = this.coveringCounts(open);
    for (let i = 0; i < rowCount; i++) g[i] = covering[i]! - (rowWeight[i]! > lambda[i]! ? 1 : 0);
  }
  blockDirection(lambda: Float64Array, direction: Float64Array, out: Float64Array): number {
    const w = this.model.rowWeight;
    let norm = 0;
    for (let i = 0; i < lambda.length; i++) {
      const d = direction[i]!;
      const blocked = (d > 0 && lambda[i]! <= 0) || (d < 0 && lambda[i]! >= w[i]!);
      out[i] = blocked ? 0 : d;
      if (!blocked) norm += d * d;
    }
    return norm;
  }
  descend(lambda: Float64Array, g: Float64Array, t: number): void {
    const w = this.model.rowWeight;
    for (let i = 0; i < lambda.length; i++) lambda[i] = Math.min(w[i]!, Math.max(0, lambda[i]! - t * g[i]!));
  }
}

/** Objective of p open sites under the model (equals the covered demand of the instance it came from). */
export function mclpModelObjective(model: MclpModel, sites: readonly number[], mark: Uint8Array): number {
  mark.fill(0);
  let total = 0;
  for (const j of sites) {
    total += model.bonus[j]!;
    for (let k = model.siteStart[j]!; k < model.siteStart[j + 1]!; k++) {
      const i = model.siteRows[k]!;
      if (mark[i] === 0) {
        mark[i] = 1;
        total += model.rowWeight[i]!;
      }
    }
  }
  return total;
}

/** Size of the MIP left after fixing: columns, rows and non-zeros. */
export function mclpMipSize(
  model: MclpModel,
  fixing: SiteFixing,
): { columns: number; rows: number; nonzeros: number } {
  let columns = 0;
  let rows = 0;
  let nonzeros = 0;
  for (let j = 0; j < model.siteCount; j++) if (fixing[j] === 0) columns++;
  for (let i = 0; i < model.rowCount; i++) {
    let free = 0;
    let coveredByOpen = false;
    for (let k = model.rowStart[i]!; k < model.rowStart[i + 1]!; k++) {
      const f = fixing[model.rowSites[k]!]!;
      if (f === 1) coveredByOpen = true;
      else if (f === 0) free++;
    }
    if (!coveredByOpen && free >= 2) {
      rows++;
      columns++;
      nonzeros += free + 1;
    }
  }
  return { columns, rows, nonzeros: nonzeros + columns };
}
