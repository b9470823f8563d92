import { type CoverageInstance, type CoveredBy, transposeCoverage } from '../problem.ts';
import { createRandom, randomInt } from '../random.ts';
import type { SolveProgress } from './types.ts';

export interface MclpHeuristicOptions {
  timeLimitSeconds: number;
  seed?: number;
  /** Stop once the covered demand reaches this value (e.g. a proven upper bound). */
  targetObjective?: number;
  initialSites?: readonly number[];
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

  constructor(
    readonly instance: CoverageInstance,
    private readonly by: CoveredBy,
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
    for (let j = 0; j < instance.siteCount; j++) {
      let g = 0;
      for (let k = instance.coverStart[j]!; k < instance.coverStart[j + 1]!; k++) {
        g += instance.weights[instance.coverDemand[k]!]!;
      }
      this.gain[j] = g;
    }
    void by;
    for (const j of sites) this.add(j);
  }

  add(j: number): void {
    const { instance, by, count, coverSum, gain, loss } = this;
    const weights = instance.weights;
    this.open[j] = 1;
    this.openPosition[j] = this.openList.length;
    this.openList.push(j);
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
      }
    }
  }

  /** Best swap by covered-demand increase; profit <= 0 means a local optimum. */
  bestSwap(
    candidates: Int32Array,
    firstImprovement: boolean,
  ): { insert: number; remove: number; profit: number } {
    const { instance, open, gain, loss, count, coverSum, extra, touched, openList } = this;
    let minLossSite = -1;
    let minLoss = Infinity;
    for (const r of openList) {
      if (loss[r]! < minLoss) {
        minLoss = loss[r]!;
        minLossSite = r;
      }
    }
    let count0 = 0;
    for (let f = 0; f < instance.siteCount; f++) if (open[f] === 0 && gain[f]! > 0) candidates[count0++] = f;
    const sorted = candidates.subarray(0, count0).sort((a, b) => gain[b]! - gain[a]!);
    let bestProfit = 0;
    let bestInsert = -1;
    let bestRemove = -1;
    for (const f of sorted) {
      const g = gain[f]!;
      // loss(r) >= extra(f, r), so gain(f) bounds every swap inserting f; candidates are sorted by gain.
      if (g <= bestProfit) break;
      let touchedCount = 0;
      for (let k = instance.coverStart[f]!; k < instance.coverStart[f + 1]!; k++) {
        const i = instance.coverDemand[k]!;
        if (count[i] !== 1) continue;
        const r = coverSum[i]!;
        if (extra[r] === 0) touched[touchedCount++] = r;
        extra[r]! += instance.weights[i]!;
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
      if (profit > bestProfit) {
        bestProfit = profit;
        bestInsert = f;
        bestRemove = remove;
        // First improvement among the high-gain candidates keeps each move cheap.
        if (firstImprovement && profit > 1e-9 * Math.max(1, this.covered)) break;
      }
    }
    return { insert: bestInsert, remove: bestRemove, profit: bestProfit };
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

function greedyFill(state: CoverState, p: number, random: () => number, randomTop: number): void {
  const m = state.instance.siteCount;
  const top: number[] = [];
  while (state.openList.length < p) {
    top.length = 0;
    for (let j = 0; j < m; j++) {
      if (state.open[j] === 1) continue;
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

/** First improvement in gain order: measured faster than best improvement on the Máximo cases. */
const FIRST_IMPROVEMENT = true;
/** A perturbation closes up to this share of the p open sites. */
const REMOVE_SHARE = 0.15;

function localSearch(state: CoverState, candidates: Int32Array, shouldStop: () => boolean): void {
  let moves = 0;
  for (;;) {
    const move = state.bestSwap(candidates, FIRST_IMPROVEMENT);
    if (move.insert < 0 || move.profit <= 1e-9 * Math.max(1, state.covered)) return;
    state.remove(move.remove);
    state.add(move.insert);
    if ((++moves & 7) === 0 && shouldStop()) return;
  }
}

/**
 * Iterated local search for the maximal covering location problem: greedy start, best-improvement
 * swap search with the gain/loss/extra bookkeeping above, and perturbations that close k random
 * open sites and refill greedily (with a little randomness), accepting equal-or-better solutions.
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
  const candidates = new Int32Array(instance.siteCount);
  const target = options.targetObjective ?? Infinity;

  if (options.initialSites?.length === p) state.reset(options.initialSites);
  else greedyFill(state, p, random, 1);
  localSearch(state, candidates, shouldStop);
  let best = [...state.openList];
  let bestObjective = state.covered;
  let current = [...best];
  let currentObjective = bestObjective;
  options.onProgress?.({ phase: 'local search', percent: 5, incumbent: bestObjective });

  const maxRemoved = Math.max(1, Math.min(p, Math.ceil(p * REMOVE_SHARE)));
  let iterations = 0;
  let sinceBest = 0;
  const tolerance = 1e-9 * Math.max(1, bestObjective);
  while (p < instance.siteCount && bestObjective < target - tolerance && !shouldStop()) {
    iterations++;
    const removeCount = 1 + randomInt(random, maxRemoved);
    for (let r = 0; r < removeCount && state.openList.length > 0; r++) {
      state.remove(state.openList[randomInt(random, state.openList.length)]!);
    }
    greedyFill(state, p, random, 3);
    localSearch(state, candidates, shouldStop);
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
    if (objective >= currentObjective - tolerance) {
      current = [...state.openList];
      currentObjective = objective;
    } else if (sinceBest > 0 && sinceBest % 100 === 0) {
      current = [...best];
      currentObjective = bestObjective;
      restore(state, current);
    } else {
      restore(state, current);
    }
  }
  best.sort((a, b) => a - b);
  return { sites: best, objective: mclpObjective(instance, best), iterations };
}
