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
  constructor(
    private readonly instance: DistanceInstance,
    private readonly sorted: Int32Array,
  ) {
    this.siteCount = instance.siteCount;
    this.multiplierCount = instance.demandCount;
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
    const { demandCount: n, siteCount: m, distance, weights } = this.instance;
    const sorted = this.sorted;
    scores.fill(0);
    let base = 0;
    for (let i = 0; i < n; i++) {
      const li = lambda[i]!;
      base -= li;
      const wi = weights[i]!;
      const row = i * m;
      for (let k = 0; k < m; k++) {
        const j = sorted[row + k]!;
        const reduced = li - wi * distance[row + j]!;
        if (reduced <= 0) break;
        scores[j]! += reduced;
      }
    }
    return base;
  }
  subgradient(lambda: Float64Array, open: Uint8Array, g: Float64Array): number {
    const { demandCount: n, siteCount: m, distance, weights } = this.instance;
    const sorted = this.sorted;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      const li = lambda[i]!;
      const wi = weights[i]!;
      const row = i * m;
      let assigned = 0;
      for (let k = 0; k < m; k++) {
        const j = sorted[row + k]!;
        if (li - wi * distance[row + j]! <= 0) break;
        if (open[j] === 1) assigned++;
      }
      const gi = assigned - 1;
      g[i] = gi;
      norm += gi * gi;
    }
    return norm;
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
