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
  /** The subgradient without the projection's blocking (for the volume algorithm's averaging). */
  rawSubgradient?(lambda: Float64Array, open: Uint8Array, g: Float64Array): void;
  /** `out` ← `direction` with the components the projection at λ would undo set to 0; returns its squared norm. */
  blockDirection?(lambda: Float64Array, direction: Float64Array, out: Float64Array): number;
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
  /** Use the volume algorithm (averaged subgradients, serious steps only) when the relaxation supports it. */
  volume?: boolean;
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
  if (needed === 0) return bound;
  // The needed-th largest free score by selection (linear time; sorting dominated the ascent).
  const values = selectionBuffer(free);
  for (let k = 0; k < free; k++) values[k] = scores[order[k]!]!;
  const threshold = kthLargest(values, free, needed);
  let taken = 0;
  for (let k = 0; k < free; k++) {
    const j = order[k]!;
    if (scores[j]! > threshold) {
      open[j] = 1;
      bound += scores[j]!;
      taken++;
    }
  }
  // Ties at the threshold: the lowest indices (order is ascending).
  for (let k = 0; k < free && taken < needed; k++) {
    const j = order[k]!;
    if (scores[j] === threshold) {
      open[j] = 1;
      bound += threshold;
      taken++;
    }
  }
  return bound;
}

let selectionScratch = new Float64Array(0);
function selectionBuffer(size: number): Float64Array {
  if (selectionScratch.length < size) selectionScratch = new Float64Array(size);
  return selectionScratch;
}

/** The k-th largest (1-based) of values[0..n-1] by quickselect; reorders the buffer. */
export function kthLargest(values: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target]!;
  }
  return values[target]!;
}

/** Subgradient optimisation of the Lagrangian dual (Held–Karp / Polyak steps, Beasley's halving rule). */
export function lagrangianAscent(
  relaxation: SiteRelaxation,
  p: number,
  fixing: SiteFixing,
  lambda: Float64Array,
  options: AscentOptions,
): AscentResult {
  if (options.volume && relaxation.rawSubgradient && relaxation.blockDirection) {
    // Plain subgradient steps move fastest at first; the volume algorithm then converges further.
    const now = performance.now();
    const first = lagrangianAscent(relaxation, p, fixing, lambda, {
      ...options,
      volume: false,
      minTheta: 0.02,
      deadline: now + (options.deadline - now) * 0.4,
    });
    if (
      first.exact ||
      first.bound === -Infinity ||
      closedGap(first.bound, options.incumbent, options.integral)
    )
      return first;
    // Too few steps so far (a short budget or a busy machine): the volume algorithm would not catch up.
    const second =
      first.iterations < 300
        ? lagrangianAscent(relaxation, p, fixing, first.lambda.slice(), {
            ...options,
            volume: false,
            theta: 0.5,
            maxIterations: Math.max(1, options.maxIterations - first.iterations),
          })
        : volumeAscent(relaxation, p, fixing, first.lambda.slice(), {
            ...options,
            maxIterations: Math.max(1, options.maxIterations - first.iterations),
          });
    const best = second.bound < first.bound ? second : first;
    return { ...best, iterations: first.iterations + second.iterations };
  }
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

/**
 * The volume algorithm (Barahona & Anbil 2000) on the Lagrangian dual: the step direction is an
 * exponentially weighted average of the subgradients (an approximate primal solution), and the
 * multipliers move only when the bound improves ("serious step"). On the MCLP coverage rows it gets
 * much closer to the LP value than plain subgradient steps in the same time.
 */
function volumeAscent(
  relaxation: SiteRelaxation,
  p: number,
  fixing: SiteFixing,
  lambda: Float64Array,
  options: AscentOptions,
): AscentResult {
  const m = relaxation.siteCount;
  const n = relaxation.multiplierCount;
  const scores = new Float64Array(m);
  const open = new Uint8Array(m);
  const order = new Int32Array(m);
  const g = new Float64Array(n);
  const raw = new Float64Array(n);
  const v = new Float64Array(n);
  const direction = new Float64Array(n);
  const center = lambda.slice();
  const trial = new Float64Array(n);
  const snapshot = (bound: number, at: Float64Array, iterations: number, exact: boolean): AscentResult => ({
    bound,
    lambda: at.slice(),
    scores: scores.slice(),
    open: open.slice(),
    iterations,
    exact,
  });
  let iterations = 1;
  let centerBound = relaxedChoice(relaxation.evaluate(center, scores), scores, fixing, p, open, order);
  if (centerBound === -Infinity)
    return { bound: -Infinity, lambda: center, scores, open, iterations, exact: false };
  let best = snapshot(centerBound, center, iterations, false);
  if (relaxation.subgradient(center, open, g) === 0) return { ...best, exact: true };
  relaxation.rawSubgradient!(center, open, v);
  let factor = options.theta ?? 0.1;
  const minFactor = options.minTheta ?? 1e-5;
  const patience = options.patience ?? 20;
  let alphaMax = 0.1;
  let red = 0;
  let checkpoint = centerBound;
  while (iterations < options.maxIterations) {
    if (performance.now() > options.deadline || (options.shouldStop?.() ?? false)) break;
    if (closedGap(best.bound, options.incumbent, options.integral) || factor < minFactor) break;
    const norm = relaxation.blockDirection!(center, v, direction);
    if (norm === 0) {
      // The averaged direction is blocked everywhere: restart it from the centre's subgradient.
      relaxedChoice(relaxation.evaluate(center, scores), scores, fixing, p, open, order);
      relaxation.rawSubgradient!(center, open, v);
      if (relaxation.blockDirection!(center, v, direction) === 0) break;
      continue;
    }
    const target = Math.min(options.incumbent, centerBound);
    const step = (factor * Math.max(centerBound - target, 1e-6 * Math.max(1, Math.abs(centerBound)))) / norm;
    trial.set(center);
    relaxation.descend(trial, direction, step);
    iterations++;
    const bound = relaxedChoice(relaxation.evaluate(trial, scores), scores, fixing, p, open, order);
    if (bound === -Infinity) return { ...best, bound: -Infinity, iterations };
    relaxation.rawSubgradient!(trial, open, raw);
    if (relaxation.blockDirection!(trial, raw, g) === 0) return snapshot(bound, trial, iterations, true);
    // α minimising ‖α·g + (1 − α)·v‖, kept within [α_max/10, α_max].
    let vv = 0;
    let vg = 0;
    let gg = 0;
    for (let i = 0; i < n; i++) {
      vv += v[i]! * v[i]!;
      vg += v[i]! * raw[i]!;
      gg += raw[i]! * raw[i]!;
    }
    const denominator = vv - 2 * vg + gg;
    let alpha = denominator > 0 ? (vv - vg) / denominator : alphaMax;
    alpha = Math.min(alphaMax, Math.max(alphaMax / 10, alpha));
    for (let i = 0; i < n; i++) v[i] = alpha * raw[i]! + (1 - alpha) * v[i]!;
    if (bound < centerBound - 1e-12 * Math.max(1, Math.abs(centerBound))) {
      // Serious step. Green (the new subgradient still points along the step): longer steps.
      let along = 0;
      for (let i = 0; i < n; i++) along += raw[i]! * direction[i]!;
      if (along > 0) factor = Math.min(2, factor * 1.1);
      center.set(trial);
      centerBound = bound;
      red = 0;
      if (bound < best.bound) best = snapshot(bound, trial, iterations, false);
    } else if (++red >= patience) {
      factor *= 0.66;
      red = 0;
    }
    if (iterations % 100 === 0) {
      // Little progress over 100 iterations: rely less on the newest subgradient.
      if (checkpoint - centerBound < 0.01 * Math.abs(checkpoint - options.incumbent))
        alphaMax = Math.max(1e-4, alphaMax / 2);
      checkpoint = centerBound;
    }
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
