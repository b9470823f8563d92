import type { SiteRelaxation } from './lagrangian.ts';
import type { DistanceInstance } from '../problem.ts';

export interface LagrangianOptions {
  upperBound: number;
  /** Smallest meaningful improvement (1 for integer data). */
  improvementStep?: number;
  timeLimitSeconds: number;
  maxIterations?: number;
  shouldStop?: () => boolean;
}

export interface LagrangianResult {
  lowerBound: number;
  iterations: number;
  /** Sites opened in the best Lagrangian subproblem; a good hint for the heuristic. */
  sites: number[];
  /**
   * Reduced-cost test at the best multipliers: `canImprove[j] = 0` proves that no solution with
   * site j open costs less than `upperBound - improvementStep`, so a search for a better solution
   * may skip j.
   */
  canImprove: Uint8Array;
  /** Recomputes `canImprove` for a better upper bound (no new subgradient iterations needed). */
  pruneFor: (upperBound: number) => Uint8Array;
}

/**
 * Lagrangian relaxation of the assignment constraints (Σ_j x_ij = 1, multiplier λ_i), solved by
 * subgradient optimisation (Beasley 1985/1993). For fixed λ the subproblem opens the p sites with the
 * most negative ρ_j = Σ_i min(0, w_i·d_ij − λ_i), and Σ λ_i + Σ_{open} ρ_j is a valid lower bound.
 */
export function pMedianLagrangianBound(
  instance: DistanceInstance,
  p: number,
  sorted: Int32Array,
  options: LagrangianOptions,
): LagrangianResult {
  const { demandCount: n, siteCount: m, distance, weights } = instance;
  const deadline = performance.now() + options.timeLimitSeconds * 1000;
  const maxIterations = options.maxIterations ?? 3000;
  const lambda = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const second = m > 1 ? sorted[i * m + 1]! : sorted[i * m]!;
    lambda[i] = weights[i]! * distance[i * m + second]!;
  }
  const rho = new Float64Array(m);
  const order = new Int32Array(m);
  const chosen = new Uint8Array(m);
  const subgradient = new Float64Array(n);
  let bestBound = -Infinity;
  let bestSites: number[] = [];
  let bestRho = new Float64Array(m);
  let bestOrder = new Int32Array(m);
  let stepScale = 2;
  let sinceImprovement = 0;
  let iterations = 0;
  const upper = options.upperBound;

  while (iterations < maxIterations && performance.now() < deadline && !(options.shouldStop?.() ?? false)) {
    iterations++;
    rho.fill(0);
    let lambdaSum = 0;
    for (let i = 0; i < n; i++) {
      const li = lambda[i]!;
      lambdaSum += li;
      const wi = weights[i]!;
      const row = i * m;
      for (let k = 0; k < m; k++) {
        const j = sorted[row + k]!;
        const reduced = wi * distance[row + j]! - li;
        if (reduced >= 0) break;
        rho[j]! += reduced;
      }
    }
    for (let j = 0; j < m; j++) order[j] = j;
    order.sort((a, b) => rho[a]! - rho[b]!);
    chosen.fill(0);
    let bound = lambdaSum;
    for (let k = 0; k < p; k++) {
      const j = order[k]!;
      chosen[j] = 1;
      bound += rho[j]!;
    }
    if (bound > bestBound + 1e-9 * Math.abs(bound)) {
      bestBound = bound;
      bestSites = Array.from(order.subarray(0, p));
      bestRho = rho.slice();
      bestOrder = order.slice();
      sinceImprovement = 0;
    } else if (++sinceImprovement >= 30) {
      stepScale /= 2;
      sinceImprovement = 0;
    }
    if (stepScale < 1e-5 || bestBound >= upper - 1e-9 * Math.abs(upper)) break;

    let norm = 0;
    for (let i = 0; i < n; i++) {
      const li = lambda[i]!;
      const wi = weights[i]!;
      const row = i * m;
      let assigned = 0;
      for (let k = 0; k < m; k++) {
        const j = sorted[row + k]!;
        if (wi * distance[row + j]! - li >= 0) break;
        if (chosen[j] === 1) assigned++;
      }
      const g = 1 - assigned;
      subgradient[i] = g;
      norm += g * g;
    }
    if (norm === 0) {
      bestBound = Math.max(bestBound, bound);
      break;
    }
    const step = (stepScale * (upper - bound)) / norm;
    for (let i = 0; i < n; i++) lambda[i] = Math.max(0, lambda[i]! + step * subgradient[i]!);
  }
  const pruneFor = (upperBound: number): Uint8Array => {
    const canImprove = new Uint8Array(m).fill(1);
    if (bestBound > -Infinity && p < m) {
      const threshold =
        upperBound - (options.improvementStep ?? 0) + 1e-7 * Math.max(1, Math.abs(upperBound));
      const lastChosen = bestRho[bestOrder[p - 1]!]!;
      for (let k = p; k < m; k++) {
        const j = bestOrder[k]!;
        if (bestBound - lastChosen + bestRho[j]! > threshold) canImprove[j] = 0;
      }
    }
    return canImprove;
  };
  return { lowerBound: bestBound, iterations, sites: bestSites, canImprove: pruneFor(upper), pruneFor };
}

/**
 * The same relaxation in the max form of {@link SiteRelaxation} (bound on the negated cost), for the
 * shared subgradient ascent, reduced-cost fixing and branch-and-bound: score_j = Σ_i max(0, λ_i − c_ij),
 * constant −Σ λ_i.
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
  descend(lambda: Float64Array, g: Float64Array, t: number): void {
    for (let i = 0; i < lambda.length; i++) lambda[i] = Math.max(0, lambda[i]! - t * g[i]!);
  }
}
