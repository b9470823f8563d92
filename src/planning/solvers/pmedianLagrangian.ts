import type { SiteRelaxation } from './lagrangian.ts';
import type { DistanceInstance } from '../problem.ts';

/**
 * Lagrangian relaxation of the p-median assignment rows (Σ_j x_ij = 1, multiplier λ_i; Beasley 1985/1993)
 * in the max form of {@link SiteRelaxation} (a bound on the negated cost), for the shared subgradient
 * ascent, reduced-cost fixing and branch-and-bound: score_j = Σ_i max(0, λ_i − c_ij), constant −Σ λ_i.
 */
export class PMedianRelaxation implements SiteRelaxation {
  readonly siteCount: number;
  readonly multiplierCount: number;
  /** w_i · d_ij in the order of `sorted` (row i ascending), read sequentially by the hot loops. */
  private readonly sortedCost: Float64Array;
  constructor(
    private readonly instance: DistanceInstance,
    private readonly sorted: Int32Array,
  ) {
    this.siteCount = instance.siteCount;
    this.multiplierCount = instance.demandCount;
    const { demandCount: n, siteCount: m, distance, weights } = instance;
    this.sortedCost = new Float64Array(n * m);
    for (let i = 0; i < n; i++) {
      const row = i * m;
      const w = weights[i]!;
      for (let k = 0; k < m; k++) this.sortedCost[row + k] = w * distance[row + sorted[row + k]!]!;
    }
  }
  initialMultipliers(): Float64Array {
    const { demandCount: n, siteCount: m, distance, weights } = this.instance;
    const lambda = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const second = m > 1 ? this.sorted[i * m + 1]! : this.sorted[i * m]!;
      lambda[i] = weights[i]! * distance[i * m + second]!;
    }
    return lambda;
  }
  evaluate(lambda: Float64Array, scores: Float64Array): number {
    const { demandCount: n, siteCount: m } = this.instance;
    const sorted = this.sorted;
    const cost = this.sortedCost;
    scores.fill(0);
    let base = 0;
    let scanned = 0;
    for (let i = 0; i < n; i++) {
      const li = lambda[i]!;
      base -= li;
      const row = i * m;
      const end = row + m;
      let k = row;
      for (; k < end; k++) {
        const reduced = li - cost[k]!;
        if (reduced <= 0) break;
        scores[sorted[k]!]! += reduced;
      }
      scanned += k - row;
    }
    this.lastScanned = scanned;
    return base;
  }
  subgradient(lambda: Float64Array, open: Uint8Array, g: Float64Array): number {
    const { demandCount: n, siteCount: m, distance, weights } = this.instance;
    let openCount = 0;
    for (let j = 0; j < m; j++) openCount += open[j]!;
    if (openCount * n < this.lastScanned) {
      // Few open sites and long rows (at the last evaluation): test each open site per demand point
      // instead of scanning the sorted rows. Either way gives the same subgradient.
      const sites = this.openScratch(openCount);
      for (let j = 0, k = 0; j < m; j++) if (open[j] === 1) sites[k++] = j;
      let norm = 0;
      for (let i = 0; i < n; i++) {
        const li = lambda[i]!;
        const wi = weights[i]!;
        const row = i * m;
        let assigned = 0;
        for (let k = 0; k < openCount; k++) if (li - wi * distance[row + sites[k]!]! > 0) assigned++;
        const gi = assigned - 1;
        g[i] = gi;
        norm += gi * gi;
      }
      return norm;
    }
    const sorted = this.sorted;
    const cost = this.sortedCost;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      const li = lambda[i]!;
      const row = i * m;
      const end = row + m;
      let assigned = 0;
      for (let k = row; k < end; k++) {
        if (li - cost[k]! <= 0) break;
        if (open[sorted[k]!] === 1) assigned++;
      }
      const gi = assigned - 1;
      g[i] = gi;
      norm += gi * gi;
    }
    return norm;
  }
  /** Row entries the last `evaluate` scanned (a cost estimate for `subgradient`'s choice of loop). */
  private lastScanned = Infinity;
  private openSites = new Int32Array(0);
  private openScratch(size: number): Int32Array {
    if (this.openSites.length < size) this.openSites = new Int32Array(size);
    return this.openSites;
  }
  rawSubgradient(lambda: Float64Array, open: Uint8Array, g: Float64Array): void {
    this.subgradient(lambda, open, g);
  }
  blockDirection(lambda: Float64Array, direction: Float64Array, out: Float64Array): number {
    let norm = 0;
    for (let i = 0; i < lambda.length; i++) {
      const d = direction[i]!;
      const blocked = d > 0 && lambda[i]! <= 0;
      out[i] = blocked ? 0 : d;
      if (!blocked) norm += d * d;
    }
    return norm;
  }
  descend(lambda: Float64Array, g: Float64Array, t: number): void {
    for (let i = 0; i < lambda.length; i++) lambda[i] = Math.max(0, lambda[i]! - t * g[i]!);
  }
}
