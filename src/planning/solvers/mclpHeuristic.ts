import { type CoverageInstance, type CoveredBy, transposeCoverage } from '../problem.ts';
import { createRandom, randomInt } from '../random.ts';
import type { SolveProgress } from './types.ts';

export interface MclpHeuristicOptions {
  timeLimitSeconds: number;
  seed?: number;
  /** Stop once the covered demand reaches this value (e.g. a proven upper bound). */
  targetObjective?: number;
  initialSites?: readonly number[];
  /** When given, only sites with `allowedSites[j] === 1` are opened by the search (e.g. not fixed closed). */
  allowedSites?: Uint8Array;
  shouldStop?: () => boolean;
  onProgress?: (progress: SolveProgress) => void;
}

export interface MclpHeuristicResult {
  sites: number[];
  objective: number;
  iterations: number;
}

/**
 * Incremental state for maximal covering: per demand point the number of open sites covering it and
 * the sum of their indices (the covering site itself when the count is 1); per site the demand it
 * would newly cover (gain) and the demand only it covers (loss).
 */
class CoverState {
  readonly open: Uint8Array;
  readonly openList: number[] = [];
  private readonly openPosition: Int32Array;
  readonly count: Int32Array;
  private readonly coverSum: Float64Array;
  readonly gain: Float64Array;
  readonly loss: Float64Array;
  covered = 0;
  private readonly extra: Float64Array;
  private readonly touched: Int32Array;
  /**
   * "Don't look" marks: a closed site f needs a full evaluation only when something within two hops
   * changed since it was last found not improving (its gain, the extra it shares with an open site, or
   * the loss of an open site near it); otherwise only swaps with a far site r remain, and those are
   * bounded by gain(f) − min loss. Sites whose neighbourhood changed wait in `pending`.
   */
  private readonly active: Uint8Array;
  private readonly pendingFlag: Uint8Array;
  private readonly pending: number[] = [];

  constructor(
    readonly instance: CoverageInstance,
    readonly by: CoveredBy,
  ) {
    const { demandCount: n, siteCount: m } = instance;
    this.open = new Uint8Array(m);
    this.openPosition = new Int32Array(m).fill(-1);
    this.count = new Int32Array(n);
    this.coverSum = new Float64Array(n);
    this.gain = new Float64Array(m);
    this.loss = new Float64Array(m);
    this.extra = new Float64Array(m);
    this.touched = new Int32Array(m);
    this.active = new Uint8Array(m);
    this.pendingFlag = new Uint8Array(m);
    this.reset([]);
  }

  reset(sites: readonly number[]): void {
    const { instance, by } = this;
    this.open.fill(0);
    this.openPosition.fill(-1);
    this.openList.length = 0;
    this.count.fill(0);
    this.coverSum.fill(0);
    this.loss.fill(0);
    this.covered = 0;
    this.active.fill(1);
    this.pendingFlag.fill(0);
    this.pending.length = 0;
    for (let j = 0; j < instance.siteCount; j++) {
      let g = 0;
      for (let k = instance.coverStart[j]!; k < instance.coverStart[j + 1]!; k++) {
        g += instance.weights[instance.coverDemand[k]!]!;
      }
      this.gain[j] = g;
    }
    void by;
    for (const j of sites) this.add(j);
    this.active.fill(1);
  }

  add(j: number): void {
    const { instance, by, count, coverSum, gain, loss } = this;
    const weights = instance.weights;
    this.open[j] = 1;
    this.openPosition[j] = this.openList.length;
    this.openList.push(j);
    this.touch(j);
    for (let k = instance.coverStart[j]!; k < instance.coverStart[j + 1]!; k++) {
      const i = instance.coverDemand[k]!;
      const w = weights[i]!;
      const c = count[i]!;
      if (c === 0) {
        for (let t = by.byStart[i]!; t < by.byStart[i + 1]!; t++) gain[by.bySite[t]!]! -= w;
        loss[j]! += w;
        this.covered += w;
      } else if (c === 1) {
        loss[coverSum[i]!]! -= w;
        this.touch(coverSum[i]!);
      }
      count[i] = c + 1;
      coverSum[i]! += j;
    }
  }

  remove(j: number): void {
    const { instance, by, count, coverSum, gain, loss } = this;
    const weights = instance.weights;
    this.open[j] = 0;
    const position = this.openPosition[j]!;
    const last = this.openList.pop()!;
    if (last !== j) {
      this.openList[position] = last;
      this.openPosition[last] = position;
    }
    this.openPosition[j] = -1;
    this.touch(j);
    for (let k = instance.coverStart[j]!; k < instance.coverStart[j + 1]!; k++) {
      const i = instance.coverDemand[k]!;
      const w = weights[i]!;
      const c = count[i]! - 1;
      count[i] = c;
      coverSum[i]! -= j;
      if (c === 0) {
        loss[j]! -= w;
        for (let t = by.byStart[i]!; t < by.byStart[i + 1]!; t++) gain[by.bySite[t]!]! += w;
        this.covered -= w;
      } else if (c === 1) {
        loss[coverSum[i]!]! += w;
        this.touch(coverSum[i]!);
      }
    }
  }

  private touch(j: number): void {
    if (this.pendingFlag[j] === 0) {
      this.pendingFlag[j] = 1;
      this.pending.push(j);
    }
  }

  /** Marks every site within two hops of a changed site for a full evaluation. */
  private flush(): void {
    const { instance, by, active, pendingFlag, pending } = this;
    for (const j of pending) {
      pendingFlag[j] = 0;
      for (let k = instance.coverStart[j]!; k < instance.coverStart[j + 1]!; k++) {
        const i = instance.coverDemand[k]!;
        for (let t = by.byStart[i]!; t < by.byStart[i + 1]!; t++) active[by.bySite[t]!] = 1;
      }
    }
    pending.length = 0;
  }

  /**
   * Best swap by covered-demand increase (profit <= 0 means a local optimum). Every closed site f is
   * scanned once, in index order from a moving start (no sort): gain(f) bounds every swap inserting f,
   * since loss(r) >= extra(f, r), so f is skipped when its gain cannot beat the best profit so far.
   * `allowed` (optional) restricts the sites that may be inserted.
   */
  bestSwap(
    firstImprovement: boolean,
    startAt = 0,
    allowed?: Uint8Array,
  ): { insert: number; remove: number; profit: number } {
    this.flush();
    const { instance, open, gain, loss, count, coverSum, extra, touched, openList, active } = this;
    const { coverStart, coverDemand, weights } = instance;
    const m = instance.siteCount;
    let minLossSite = -1;
    let minLoss = Infinity;
    for (const r of openList) {
      if (loss[r]! < minLoss) {
        minLoss = loss[r]!;
        minLossSite = r;
      }
    }
    const epsilon = 1e-9 * Math.max(1, this.covered);
    let bestProfit = epsilon;
    let bestInsert = -1;
    let bestRemove = -1;
    for (let step = 0; step < m; step++) {
      let f = startAt + step;
      if (f >= m) f -= m;
      const g = gain[f]!;
      if (g <= bestProfit || open[f] === 1 || (allowed !== undefined && allowed[f] === 0)) continue;
      if (active[f] === 0 && g - minLoss <= bestProfit) continue;
      let touchedCount = 0;
      for (let k = coverStart[f]!; k < coverStart[f + 1]!; k++) {
        const i = coverDemand[k]!;
        if (count[i] !== 1) continue;
        const r = coverSum[i]!;
        if (extra[r] === 0) touched[touchedCount++] = r;
        extra[r]! += weights[i]!;
      }
      let remove = minLossSite;
      let cost = minLoss;
      for (let t = 0; t < touchedCount; t++) {
        const r = touched[t]!;
        const c = loss[r]! - extra[r]!;
        if (c < cost) {
          cost = c;
          remove = r;
        }
        extra[r] = 0;
      }
      const profit = g - cost;
      if (profit <= epsilon) active[f] = 0;
      if (profit > bestProfit) {
        bestProfit = profit;
        bestInsert = f;
        bestRemove = remove;
        if (firstImprovement) break;
      }
    }
    return bestInsert < 0
      ? { insert: -1, remove: -1, profit: 0 }
      : { insert: bestInsert, remove: bestRemove, profit: bestProfit };
  }
}

export function mclpObjective(instance: CoverageInstance, sites: readonly number[]): number {
  const covered = new Uint8Array(instance.demandCount);
  let total = 0;
  for (const j of sites) {
    for (let k = instance.coverStart[j]!; k < instance.coverStart[j + 1]!; k++) {
      const i = instance.coverDemand[k]!;
      if (covered[i] === 0) {
        covered[i] = 1;
        total += instance.weights[i]!;
      }
    }
  }
  return total;
}

/** Moves the state to `sites` by closing and opening only the sites that differ. */
function restore(state: CoverState, sites: readonly number[]): void {
  const wanted = new Uint8Array(state.instance.siteCount);
  for (const j of sites) wanted[j] = 1;
  for (const j of [...state.openList]) if (wanted[j] === 0) state.remove(j);
  for (const j of sites) if (state.open[j] === 0) state.add(j);
}

function greedyFill(
  state: CoverState,
  p: number,
  random: () => number,
  randomTop: number,
  allowed?: Uint8Array,
): void {
  const m = state.instance.siteCount;
  const top: number[] = [];
  while (state.openList.length < p) {
    top.length = 0;
    for (let j = 0; j < m; j++) {
      if (state.open[j] === 1 || (allowed !== undefined && allowed[j] === 0)) continue;
      if (top.length < randomTop) {
        top.push(j);
        top.sort((a, b) => state.gain[b]! - state.gain[a]!);
      } else if (state.gain[j]! > state.gain[top[top.length - 1]!]!) {
        top[top.length - 1] = j;
        top.sort((a, b) => state.gain[b]! - state.gain[a]!);
      }
    }
    const pick = top[randomInt(random, top.length)];
    if (pick === undefined) return;
    state.add(pick);
  }
}

/** Search parameters, compared on a few Máximo cases (loaded machine, 8–15 s runs). */
const TUNING = {
  /** Best improvement (with the don't-look marks a full scan is cheap). */
  firstImprovement: false,
  /** A kick moves 1 … ceil(share · p) open sites. */
  removeShare: 0.1,
  /** Late acceptance: compare with the current solution of this many iterations ago. */
  history: 30,
  /** Share of kicks that close sites and refill greedily instead of moving them nearby. */
  greedyShare: 0.5,
  /** Back to the best solution after this many iterations without a new best. */
  resetAfter: 400,
};

function localSearch(
  state: CoverState,
  random: () => number,
  allowed: Uint8Array | undefined,
  shouldStop: () => boolean,
): void {
  let moves = 0;
  const m = state.instance.siteCount;
  for (;;) {
    const move = state.bestSwap(TUNING.firstImprovement, randomInt(random, m), allowed);
    if (move.insert < 0) return;
    state.remove(move.remove);
    state.add(move.insert);
    if ((++moves & 7) === 0 && shouldStop()) return;
  }
}

/**
 * Closes `k` random open sites and opens, for each, a random closed site near it: one that covers a
 * demand point the closed site covered (a site from `allowed` when given). Falls back to any closed site.
 */
function neighbourKick(
  state: CoverState,
  k: number,
  random: () => number,
  allowed: Uint8Array | undefined,
): void {
  const { instance, by, open } = state;
  for (let t = 0; t < k && state.openList.length > 0; t++) {
    const out = state.openList[randomInt(random, state.openList.length)]!;
    state.remove(out);
    let pick = -1;
    const size = instance.coverStart[out + 1]! - instance.coverStart[out]!;
    for (let attempt = 0; attempt < 8 && pick < 0 && size > 0; attempt++) {
      const i = instance.coverDemand[instance.coverStart[out]! + randomInt(random, size)]!;
      const sites = by.byStart[i + 1]! - by.byStart[i]!;
      const j = by.bySite[by.byStart[i]! + randomInt(random, sites)]!;
      if (j !== out && open[j] === 0 && (allowed === undefined || allowed[j] === 1)) pick = j;
    }
    if (pick < 0) {
      for (let attempt = 0; attempt < 32 && pick < 0; attempt++) {
        const j = randomInt(random, instance.siteCount);
        if (j !== out && open[j] === 0 && (allowed === undefined || allowed[j] === 1)) pick = j;
      }
    }
    state.add(pick >= 0 ? pick : out);
  }
}

/**
 * Iterated local search for the maximal covering location problem: greedy start, swap search with the
 * gain/loss/extra bookkeeping above (exact profits, no sort), and perturbations that move k random open
 * sites to random nearby sites (now and then: close k and refill greedily). Acceptance is late
 * acceptance hill climbing (a solution is kept when it beats the current one or the one from a fixed
 * number of iterations ago), with a return to the best solution after a long stagnation.
 */
export function solveMclpHeuristic(
  instance: CoverageInstance,
  p: number,
  options: MclpHeuristicOptions,
): MclpHeuristicResult {
  const started = performance.now();
  const deadline = started + options.timeLimitSeconds * 1000;
  const random = createRandom(options.seed ?? 1);
  const userStop = options.shouldStop ?? (() => false);
  const shouldStop = () => performance.now() > deadline || userStop();
  const state = new CoverState(instance, transposeCoverage(instance));
  const target = options.targetObjective ?? Infinity;
  const allowed = options.allowedSites;

  if (options.initialSites?.length === p) state.reset(options.initialSites);
  else greedyFill(state, p, random, 1);
  localSearch(state, random, allowed, shouldStop);
  let best = [...state.openList];
  let bestObjective = state.covered;
  let current = [...best];
  let currentObjective = bestObjective;
  options.onProgress?.({ phase: 'local search', percent: 5, incumbent: bestObjective });

  const maxMoved = Math.max(1, Math.min(p, Math.ceil(p * TUNING.removeShare)));
  const history = new Float64Array(Math.max(1, TUNING.history)).fill(currentObjective);
  let iterations = 0;
  let sinceBest = 0;
  const tolerance = 1e-9 * Math.max(1, bestObjective);
  while (p < instance.siteCount && bestObjective < target - tolerance && !shouldStop()) {
    iterations++;
    const moved = 1 + randomInt(random, maxMoved);
    if (random() < TUNING.greedyShare) {
      for (let r = 0; r < moved && state.openList.length > 0; r++) {
        state.remove(state.openList[randomInt(random, state.openList.length)]!);
      }
      greedyFill(state, p, random, 3, allowed);
      // Too few allowed sites left: fill with any.
      if (state.openList.length < p) greedyFill(state, p, random, 1);
    } else {
      neighbourKick(state, moved, random, allowed);
    }
    localSearch(state, random, allowed, shouldStop);
    const objective = state.covered;
    if (objective > bestObjective + tolerance) {
      bestObjective = objective;
      best = [...state.openList];
      sinceBest = 0;
      options.onProgress?.({
        phase: 'iterated local search',
        percent: Math.min(
          99,
          Math.round(((performance.now() - started) / Math.max(1, deadline - started)) * 100),
        ),
        incumbent: bestObjective,
      });
    } else {
      sinceBest++;
    }
    const slot = iterations % history.length;
    if (sinceBest > 0 && sinceBest % TUNING.resetAfter === 0) {
      current = [...best];
      currentObjective = bestObjective;
      restore(state, current);
    } else if (objective >= currentObjective - tolerance || objective >= history[slot]! - tolerance) {
      current = [...state.openList];
      currentObjective = objective;
    } else {
      restore(state, current);
    }
    history[slot] = currentObjective;
  }
  best.sort((a, b) => a - b);
  return { sites: best, objective: mclpObjective(instance, best), iterations };
}
