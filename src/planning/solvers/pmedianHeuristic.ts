import type { DistanceInstance } from '../problem.ts';
import { createRandom, randomInt } from '../random.ts';

export interface HeuristicProgress {
  phase: string;
  percent: number;
  incumbent?: number;
  bound?: number;
}

export interface PMedianHeuristicOptions {
  timeLimitSeconds: number;
  seed?: number;
  /** Stop as soon as the objective reaches this value (e.g. a proven lower bound). */
  targetObjective?: number;
  shouldStop?: () => boolean;
  onProgress?: (progress: HeuristicProgress) => void;
  /** Sites that start open (e.g. from an earlier run). */
  initialSites?: readonly number[];
  /** Sites worth inserting (1) — e.g. from Lagrangian reduced-cost tests; others are never opened. */
  insertable?: Uint8Array;
  /** Called when the best objective improves, to tighten `insertable` (e.g. Lagrangian pruning). */
  insertableFor?: (objective: number) => Uint8Array;
  /** Limit on VNS iterations (0: only the first local search). */
  maxIterations?: number;
}

export interface PMedianHeuristicResult {
  sites: number[];
  objective: number;
  iterations: number;
  localSearches: number;
}

/** Sites sorted by distance for every demand point, row-major like the distance matrix. */
export function sortSitesByDistance(instance: DistanceInstance): Int32Array {
  const { demandCount: n, siteCount: m, distance } = instance;
  const sorted = new Int32Array(n * m);
  const order = new Array<number>(m);
  for (let i = 0; i < n; i++) {
    const row = i * m;
    for (let j = 0; j < m; j++) order[j] = j;
    order.sort((a, b) => distance[row + a]! - distance[row + b]! || a - b);
    for (let j = 0; j < m; j++) sorted[row + j] = order[j]!;
  }
  return sorted;
}

export function pMedianObjective(instance: DistanceInstance, sites: readonly number[]): number {
  const { demandCount: n, siteCount: m, distance, weights } = instance;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (const j of sites) best = Math.min(best, distance[i * m + j]!);
    total += weights[i]! * best;
  }
  return total;
}

/**
 * Local search state of Resende & Werneck's fast swap (J. Heuristics 2003/2007): gain, loss and the
 * extra(f, r) matrix are kept up to date incrementally, so finding the best swap costs O(m·p) and
 * a move only touches the demand points whose closest or second-closest site changes.
 */
class FastSwapState {
  readonly n: number;
  readonly m: number;
  readonly open: Uint8Array;
  readonly openList: number[] = [];
  readonly c1: Int32Array;
  readonly c2: Int32Array;
  readonly d1: Float64Array;
  readonly d2: Float64Array;
  readonly gain: Float64Array;
  readonly loss: Float64Array;
  readonly extra: Float64Array;
  private readonly affected: Int32Array;
  private readonly affectedMark: Uint8Array;
  /** Stand-in for "no second site" (p = 1): large but finite so the algebra still cancels. */
  private readonly farAway: number;
  insertable: Uint8Array;

  constructor(
    private readonly instance: DistanceInstance,
    private readonly sorted: Int32Array,
  ) {
    this.n = instance.demandCount;
    this.m = instance.siteCount;
    this.open = new Uint8Array(this.m);
    this.c1 = new Int32Array(this.n);
    this.c2 = new Int32Array(this.n);
    this.d1 = new Float64Array(this.n);
    this.d2 = new Float64Array(this.n);
    this.gain = new Float64Array(this.m);
    this.loss = new Float64Array(this.m);
    this.extra = new Float64Array(this.m * this.m);
    this.affected = new Int32Array(this.n);
    this.affectedMark = new Uint8Array(this.n);
    let maxDistance = 0;
    for (const d of instance.distance) if (d > maxDistance) maxDistance = d;
    this.farAway = 2 * maxDistance + 1;
    this.insertable = new Uint8Array(this.m).fill(1);
  }

  reset(sites: readonly number[]): void {
    this.open.fill(0);
    this.openList.length = 0;
    for (const j of sites) {
      this.open[j] = 1;
      this.openList.push(j);
    }
    this.gain.fill(0);
    this.loss.fill(0);
    this.extra.fill(0);
    for (let i = 0; i < this.n; i++) {
      this.assignClosest(i);
      this.contribute(i, 1);
    }
  }

  objective(): number {
    let total = 0;
    const w = this.instance.weights;
    for (let i = 0; i < this.n; i++) total += w[i]! * this.d1[i]!;
    return total;
  }

  private assignClosest(i: number): void {
    const row = i * this.m;
    const { distance } = this.instance;
    let found = 0;
    for (let k = 0; k < this.m && found < 2; k++) {
      const j = this.sorted[row + k]!;
      if (this.open[j] === 0) continue;
      if (found === 0) {
        this.c1[i] = j;
        this.d1[i] = distance[row + j]!;
      } else {
        this.c2[i] = j;
        this.d2[i] = distance[row + j]!;
      }
      found++;
    }
    if (found < 2) {
      this.c2[i] = -1;
      this.d2[i] = this.farAway;
    }
  }

  private contribute(i: number, sign: number): void {
    const w = this.instance.weights[i]! * sign;
    if (w === 0) return;
    const m = this.m;
    const row = i * m;
    const f1 = this.c1[i]!;
    const dd1 = this.d1[i]!;
    const dd2 = this.d2[i]!;
    const { distance } = this.instance;
    this.loss[f1]! += w * (dd2 - dd1);
    for (let k = 0; k < m; k++) {
      const f = this.sorted[row + k]!;
      const dif = distance[row + f]!;
      if (dif >= dd2) break;
      if (dif < dd1) {
        this.gain[f]! += w * (dd1 - dif);
        this.extra[f * m + f1]! += w * (dd2 - dd1);
      } else {
        this.extra[f * m + f1]! += w * (dd2 - dif);
      }
    }
  }

  /** Best swap (insert, remove) and its profit (objective decrease); profit <= 0 means a local optimum. */
  bestSwap(): { insert: number; remove: number; profit: number } {
    let bestProfit = 0;
    let bestInsert = -1;
    let bestRemove = -1;
    const { m, gain, loss, extra, open, openList, insertable } = this;
    for (let f = 0; f < m; f++) {
      if (open[f] === 1 || insertable[f] === 0) continue;
      const g = gain[f]!;
      // extra(f, r) <= loss(r), so gain(f) bounds every swap that inserts f.
      if (g <= bestProfit) continue;
      const base = f * m;
      for (let k = 0; k < openList.length; k++) {
        const r = openList[k]!;
        const profit = g - loss[r]! + extra[base + r]!;
        if (profit > bestProfit) {
          bestProfit = profit;
          bestInsert = f;
          bestRemove = r;
        }
      }
    }
    return { insert: bestInsert, remove: bestRemove, profit: bestProfit };
  }

  swap(insert: number, remove: number): void {
    const { n, m, c1, c2, d2 } = this;
    const { distance } = this.instance;
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (c1[i] === remove || c2[i] === remove || distance[i * m + insert]! < d2[i]!) {
        this.affected[count++] = i;
        this.affectedMark[i] = 1;
        this.contribute(i, -1);
      }
    }
    this.open[remove] = 0;
    this.open[insert] = 1;
    const position = this.openList.indexOf(remove);
    this.openList[position] = insert;
    for (let k = 0; k < count; k++) {
      const i = this.affected[k]!;
      this.assignClosest(i);
      this.contribute(i, 1);
      this.affectedMark[i] = 0;
    }
  }

  localSearch(shouldStop: () => boolean): number {
    const tolerance = 1e-9 * Math.max(1, this.objective());
    let moves = 0;
    for (;;) {
      const move = this.bestSwap();
      if (move.profit <= tolerance || move.insert < 0) return moves;
      this.swap(move.insert, move.remove);
      moves++;
      if ((moves & 15) === 0 && shouldStop()) return moves;
    }
  }
}

/** Greedy add: open the site that lowers total weighted distance most, p times. */
export function greedyPMedian(instance: DistanceInstance, p: number): number[] {
  const { demandCount: n, siteCount: m, distance, weights } = instance;
  const current = new Float64Array(n).fill(Infinity);
  const open = new Uint8Array(m);
  const sites: number[] = [];
  for (let step = 0; step < p; step++) {
    let bestSite = -1;
    let bestValue = Infinity;
    for (let j = 0; j < m; j++) {
      if (open[j] === 1) continue;
      let value = 0;
      for (let i = 0; i < n; i++) value += weights[i]! * Math.min(current[i]!, distance[i * m + j]!);
      if (value < bestValue) {
        bestValue = value;
        bestSite = j;
      }
    }
    open[bestSite] = 1;
    sites.push(bestSite);
    for (let i = 0; i < n; i++) current[i] = Math.min(current[i]!, distance[i * m + bestSite]!);
  }
  return sites;
}

/**
 * Variable neighbourhood search (Hansen & Mladenović 1997) around the fast-swap local search:
 * shake with k random swaps from the best solution, descend, and move on when it improves.
 */
export function solvePMedianHeuristic(
  instance: DistanceInstance,
  p: number,
  options: PMedianHeuristicOptions,
  sortedSites?: Int32Array,
): PMedianHeuristicResult {
  const started = performance.now();
  const deadline = started + options.timeLimitSeconds * 1000;
  const random = createRandom(options.seed ?? 1);
  const userStop = options.shouldStop ?? (() => false);
  const shouldStop = () => performance.now() > deadline || userStop();
  const sorted = sortedSites ?? sortSitesByDistance(instance);
  const state = new FastSwapState(instance, sorted);
  const m = instance.siteCount;
  if (options.insertable) state.insertable = options.insertable;

  const start = options.initialSites?.length === p ? [...options.initialSites] : greedyPMedian(instance, p);
  state.reset(start);
  let localSearches = 1;
  state.localSearch(shouldStop);
  let best = [...state.openList];
  let bestObjective = state.objective();
  options.onProgress?.({ phase: 'local search', percent: 5, incumbent: bestObjective });

  const target = options.targetObjective ?? -Infinity;
  const tolerance = 1e-9 * Math.max(1, bestObjective);
  const kMax = Math.max(1, Math.min(p, m - p, 10));
  let k = 1;
  let iterations = 0;
  const closed: number[] = [];
  const maxIterations = options.maxIterations ?? Infinity;
  while (m > p && iterations < maxIterations && bestObjective > target + tolerance && !shouldStop()) {
    iterations++;
    for (let s = 0; s < k; s++) {
      closed.length = 0;
      for (let j = 0; j < m; j++) if (state.open[j] === 0 && state.insertable[j] === 1) closed.push(j);
      if (closed.length === 0) break;
      const insert = closed[randomInt(random, closed.length)]!;
      const remove = state.openList[randomInt(random, state.openList.length)]!;
      state.swap(insert, remove);
    }
    state.localSearch(shouldStop);
    localSearches++;
    const objective = state.objective();
    if (objective < bestObjective - tolerance) {
      bestObjective = objective;
      best = [...state.openList];
      k = 1;
      if (options.insertableFor) state.insertable = options.insertableFor(bestObjective);
      options.onProgress?.({
        phase: 'variable neighbourhood search',
        percent: Math.min(99, Math.round(((performance.now() - started) / (deadline - started)) * 100)),
        incumbent: bestObjective,
      });
    } else {
      state.reset(best);
      k = k >= kMax ? 1 : k + 1;
    }
  }
  best.sort((a, b) => a - b);
  return { sites: best, objective: pMedianObjective(instance, best), iterations, localSearches };
}
