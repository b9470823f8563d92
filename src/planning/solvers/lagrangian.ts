import { closedGap } from './types.ts';

/**
 * A Lagrangian relaxation of a "choose exactly p sites" problem, written in maximisation form: for fixed
 * multipliers λ the relaxed problem decomposes into a constant plus one score per site, and the bound is
 * the constant plus the p best scores (respecting sites fixed open or closed). p-median is handled by
 * negating its cost.
 */
export interface SiteRelaxation {
  readonly siteCount: number;
  readonly multiplierCount: number;
  initialMultipliers(): Float64Array;
  /** Fills `scores[j]` (what opening j adds at λ) and returns the constant part of the bound. */
  evaluate(lambda: Float64Array, scores: Float64Array): number;
  /** Subgradient of the bound at λ for the relaxed solution `open`; returns its squared norm. */
  subgradient(lambda: Float64Array, open: Uint8Array, g: Float64Array): number;
  /** λ ← projection of (λ − t·g) onto the multipliers' domain. */
  descend(lambda: Float64Array, g: Float64Array, t: number): void;
}

/** Per site: 0 free, 1 fixed open, −1 fixed closed. */
export type SiteFixing = Int8Array;

export interface AscentResult {
  /** Best (smallest) upper bound found, in max form; −Infinity when the fixing is infeasible. */
  bound: number;
  lambda: Float64Array;
  scores: Float64Array;
  /** The relaxed solution at the best multipliers (exactly p sites). */
  open: Uint8Array;
  iterations: number;
  /** The relaxed solution satisfied every relaxed row: the bound is attained by `open`. */
  exact: boolean;
}

export interface AscentOptions {
  /** Incumbent objective (max form); the ascent stops once the bound proves it cannot be beaten. */
  incumbent: number;
  integral: boolean;
  maxIterations: number;
  deadline: number;
  /** Initial step factor (Polyak); halved after `patience` iterations without improvement. */
  theta?: number;
  patience?: number;
  minTheta?: number;
  shouldStop?: () => boolean;
}

/**
 * The relaxed optimum for given scores: fixed-open sites plus the best free ones up to p. Returns the
 * bound (−Infinity if too few free sites remain) and fills `open`.
 */
export function relaxedChoice(
  base: number,
  scores: Float64Array,
  fixing: SiteFixing,
  p: number,
  open: Uint8Array,
  order: Int32Array,
): number {
  const m = scores.length;
  open.fill(0);
  let bound = base;
  let needed = p;
  let free = 0;
  for (let j = 0; j < m; j++) {
    if (fixing[j] === 1) {
      open[j] = 1;
      bound += scores[j]!;
      needed--;
    } else if (fixing[j] === 0) order[free++] = j;
  }
  if (needed < 0 || free < needed) return -Infinity;
  const view = order.subarray(0, free);
  view.sort((a, b) => scores[b]! - scores[a]! || a - b);
  for (let k = 0; k < needed; k++) {
    const j = view[k]!;
    open[j] = 1;
    bound += scores[j]!;
  }
  return bound;
}

/** Subgradient optimisation of the Lagrangian dual (Held–Karp / Polyak steps, Beasley's halving rule). */
export function lagrangianAscent(
  relaxation: SiteRelaxation,
  p: number,
  fixing: SiteFixing,
  lambda: Float64Array,
  options: AscentOptions,
): AscentResult {
  const m = relaxation.siteCount;
  const scores = new Float64Array(m);
  const open = new Uint8Array(m);
  const order = new Int32Array(m);
  const g = new Float64Array(relaxation.multiplierCount);
  let best: AscentResult = {
    bound: Infinity,
    lambda: lambda.slice(),
    scores: new Float64Array(m),
    open: new Uint8Array(m),
    iterations: 0,
    exact: false,
  };
  let theta = options.theta ?? 2;
  const patience = options.patience ?? 30;
  const minTheta = options.minTheta ?? 1e-4;
  let sinceImprovement = 0;
  let iterations = 0;
  while (iterations < options.maxIterations) {
    if (iterations > 0 && (performance.now() > options.deadline || (options.shouldStop?.() ?? false))) break;
    iterations++;
    const base = relaxation.evaluate(lambda, scores);
    const bound = relaxedChoice(base, scores, fixing, p, open, order);
    if (bound === -Infinity) {
      best = { ...best, bound: -Infinity, iterations };
      return best;
    }
    if (bound < best.bound - 1e-12 * Math.max(1, Math.abs(bound))) {
      best = {
        bound,
        lambda: lambda.slice(),
        scores: scores.slice(),
        open: open.slice(),
        iterations,
        exact: false,
      };
      sinceImprovement = 0;
    } else if (++sinceImprovement >= patience) {
      theta /= 2;
      sinceImprovement = 0;
    }
    if (closedGap(best.bound, options.incumbent, options.integral) || theta < minTheta) break;
    const norm = relaxation.subgradient(lambda, open, g);
    if (norm === 0) {
      // Every relaxed row holds with complementary slackness: this relaxed solution is optimal.
      best = {
        bound,
        lambda: lambda.slice(),
        scores: scores.slice(),
        open: open.slice(),
        iterations,
        exact: true,
      };
      break;
    }
    const target = Math.min(options.incumbent, bound);
    const t = (theta * Math.max(bound - target, 1e-6 * Math.max(1, Math.abs(bound)))) / norm;
    relaxation.descend(lambda, g, t);
  }
  best.iterations = iterations;
  return best;
}

export interface FixingCount {
  closed: number;
  opened: number;
}

/**
 * Reduced-cost fixing: with the scores at the best multipliers, opening a free site that the relaxed
 * solution leaves closed (or closing one it opens) changes the bound by a known amount; when the changed
 * bound cannot beat the incumbent, the site is fixed the other way for the rest of the search.
 */
export function reducedCostFixing(
  ascent: AscentResult,
  fixing: SiteFixing,
  incumbent: number,
  integral: boolean,
): FixingCount {
  const { scores, open, bound } = ascent;
  const m = scores.length;
  let weakestChosen = Infinity;
  let strongestOther = -Infinity;
  for (let j = 0; j < m; j++) {
    if (fixing[j] !== 0) continue;
    if (open[j] === 1) weakestChosen = Math.min(weakestChosen, scores[j]!);
    else strongestOther = Math.max(strongestOther, scores[j]!);
  }
  const count: FixingCount = { closed: 0, opened: 0 };
  if (!Number.isFinite(bound)) return count;
  for (let j = 0; j < m; j++) {
    if (fixing[j] !== 0) continue;
    if (open[j] === 0) {
      if (weakestChosen === Infinity) continue;
      if (closedGap(bound - weakestChosen + scores[j]!, incumbent, integral)) {
        fixing[j] = -1;
        count.closed++;
      }
    } else {
      // Closing j: the best unchosen free site takes its place (none left: infeasible, so j must open).
      const replaced = strongestOther === -Infinity ? -Infinity : bound - scores[j]! + strongestOther;
      if (replaced === -Infinity || closedGap(replaced, incumbent, integral)) {
        fixing[j] = 1;
        count.opened++;
      }
    }
  }
  return count;
}
