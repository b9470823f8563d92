import { type DistanceInstance, validateDistanceInstance, validateSiteCount } from '../problem.ts';
import { coverageWithinThreshold } from './coverage.ts';
import { availableParallelism } from 'node:os';
import { branchAndBound } from './branchAndBound.ts';
import { pMedianImprover, pMedianTreeInThreads } from './parallelTree.ts';
import { lpNumber, type MipArrays, preloadHighs, runMipModel, SolverAbortedError } from './highsRunner.ts';
import { lagrangianAscent, reducedCostFixing, type SiteFixing } from './lagrangian.ts';
import {
  greedyPMedian,
  pMedianObjective,
  solvePMedianHeuristic,
  sortSitesByDistance,
} from './pmedianHeuristic.ts';
import { PMedianRelaxation } from './pmedianLagrangian.ts';
import {
  closedGap,
  elapsedSeconds,
  gapPercent,
  PROOF_RELATIVE_TOLERANCE,
  type ReductionReport,
  roundMaxBound,
  type SiteSelectionResult,
  type SolveOptions,
  timeBudget,
} from './types.ts';

/** Beyond this (after fixing) the MIP would exhaust the WASM heap; `exact` then uses our own tree. */
const HARD_EXACT_NONZEROS = 6_000_000;

export function pMedianModelSize(instance: DistanceInstance): { variables: number; nonzeros: number } {
  const pairs = instance.demandCount * instance.siteCount;
  return { variables: pairs + instance.siteCount, nonzeros: 3 * pairs + instance.siteCount };
}

/** The classic strong p-median MIP (ReVelle & Swain 1970) in CPLEX LP format. */
export function buildPMedianLp(instance: DistanceInstance, p: number): string {
  const { demandCount: n, siteCount: m, distance, weights } = instance;
  const lines: string[] = ['Minimize', ' obj:'];
  let terms: string[] = [];
  const flush = (target: string[]) => {
    if (terms.length > 0) target.push('  ' + terms.join(' '));
    terms = [];
  };
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    for (let j = 0; j < m; j++) {
      const cost = w * distance[i * m + j]!;
      terms.push(`+ ${lpNumber(cost)} x${i}_${j}`);
      if (terms.length >= 8) flush(lines);
    }
  }
  flush(lines);
  lines.push('Subject To');
  for (let i = 0; i < n; i++) {
    lines.push(` a${i}:`);
    for (let j = 0; j < m; j++) {
      terms.push(`+ x${i}_${j}`);
      if (terms.length >= 16) flush(lines);
    }
    flush(lines);
    lines.push('  = 1');
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) lines.push(` l${i}_${j}: x${i}_${j} - y${j} <= 0`);
  }
  lines.push(' card:');
  for (let j = 0; j < m; j++) {
    terms.push(`+ y${j}`);
    if (terms.length >= 16) flush(lines);
  }
  flush(lines);
  lines.push(`  = ${p}`);
  lines.push('Binary');
  for (let j = 0; j < m; j++) lines.push(` y${j}`);
  lines.push('End');
  return lines.join('\n');
}

function hasIntegerData(instance: DistanceInstance): boolean {
  for (const w of instance.weights) if (!Number.isInteger(w)) return false;
  for (const d of instance.distance) if (!Number.isInteger(d)) return false;
  return true;
}

/**
 * The p-median MIP left after reduced-cost fixing, as arrays: closed sites are gone, and demand point i
 * only gets assignment columns for sites nearer than its nearest fixed-open site (and that site).
 */
export function buildPMedianMip(
  instance: DistanceInstance,
  p: number,
  fixing: SiteFixing,
  sorted: Int32Array,
): { data: MipArrays; siteColumns: number[] } {
  const { demandCount: n, siteCount: m, distance, weights } = instance;
  const siteColumns: number[] = [];
  const column = new Int32Array(m).fill(-1);
  for (let j = 0; j < m; j++) {
    if (fixing[j] === -1) continue;
    column[j] = siteColumns.length;
    siteColumns.push(j);
  }
  const cost: number[] = new Array<number>(siteColumns.length).fill(0);
  const colLower: number[] = siteColumns.map((j) => (fixing[j] === 1 ? 1 : 0));
  const integrality: number[] = new Array<number>(siteColumns.length).fill(1);
  // Rows: n assignment rows (= 1), then link rows x_ij − y_j ≤ 0, then the cardinality row.
  const assign: number[][] = Array.from({ length: n }, () => []);
  const linkRows: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const row = i * m;
    for (let k = 0; k < m; k++) {
      const j = sorted[row + k]!;
      if (fixing[j] === -1) continue;
      const x = cost.length;
      cost.push(weights[i]! * distance[row + j]!);
      colLower.push(0);
      integrality.push(0);
      assign[i]!.push(x);
      if (fixing[j] === 1) break;
      linkRows.push([x, column[j]!]);
    }
  }
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  for (const columns of assign) {
    for (const x of columns) {
      indices.push(x);
      values.push(1);
    }
    starts.push(indices.length);
    rowLower.push(1);
    rowUpper.push(1);
  }
  for (const [x, y] of linkRows) {
    indices.push(y, x);
    values.push(-1, 1);
    starts.push(indices.length);
    rowLower.push(-Infinity);
    rowUpper.push(0);
  }
  for (let c = 0; c < siteColumns.length; c++) {
    indices.push(c);
    values.push(1);
  }
  starts.push(indices.length);
  rowLower.push(p);
  rowUpper.push(p);
  const numCols = cost.length;
  const numRows = rowLower.length;
  return {
    siteColumns,
    data: {
      numCols,
      numRows,
      colCost: Float64Array.from(cost),
      colLower: Float64Array.from(colLower),
      colUpper: new Float64Array(numCols).fill(1),
      rowLower: Float64Array.from(rowLower),
      rowUpper: Float64Array.from(rowUpper),
      matrix: {
        format: 'csr',
        numRows,
        numCols,
        starts: Int32Array.from(starts),
        indices: Int32Array.from(indices),
        values: Float64Array.from(values),
      },
      integrality: Int32Array.from(integrality),
    },
  };
}

/** Non-zeros of {@link buildPMedianMip} without building it. */
function pMedianMipNonzeros(instance: DistanceInstance, fixing: SiteFixing, sorted: Int32Array): number {
  const { demandCount: n, siteCount: m } = instance;
  let nonzeros = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < m; k++) {
      const j = sorted[i * m + k]!;
      if (fixing[j] === -1) continue;
      nonzeros += 3;
      if (fixing[j] === 1) break;
    }
  }
  return nonzeros + m;
}

/**
 * p-median: choose p sites minimising Σ_i w_i · min_{j open} d_ij.
 *
 * Pipeline (all inside the time budget): greedy + fast swap; the Lagrangian bound of the assignment
 * rows (stops at once if it meets the incumbent); variable neighbourhood search restricted by the
 * reduced-cost test; reduced-cost fixing; then the exact search on what is left — HiGHS on the reduced
 * MIP (arrays, incumbent as start) when small, otherwise our Lagrangian branch-and-bound.
 */
export async function solvePMedian(
  instance: DistanceInstance,
  p: number,
  options: SolveOptions = {},
): Promise<SiteSelectionResult> {
  const startedAt = performance.now();
  validateDistanceInstance(instance);
  validateSiteCount(p, instance.siteCount);
  const method = options.method ?? 'auto';
  const { deadline, remaining, userStop } = timeBudget(options, startedAt);
  const integral = hasIntegerData(instance);
  const m = instance.siteCount;
  if (method !== 'heuristic') preloadHighs();

  const sorted = sortSitesByDistance(instance);
  options.onProgress?.({ phase: 'greedy start', percent: 1 });
  const quick = solvePMedianHeuristic(
    instance,
    p,
    {
      timeLimitSeconds: remaining(),
      maxIterations: 0,
      shouldStop: userStop,
      initialSites: greedyPMedian(instance, p),
    },
    sorted,
  );
  let sites = quick.sites;
  let objective = quick.objective;
  const consider = (candidate: number[]) => {
    if (candidate.length !== p) return;
    const value = pMedianObjective(instance, candidate);
    if (value < objective) {
      sites = candidate;
      objective = value;
    }
  };
  options.onProgress?.({ phase: 'local search', percent: 5, incumbent: objective });

  // Bound (max form: the negated cost).
  const relaxation = new PMedianRelaxation(instance, sorted);
  const fixing: SiteFixing = new Int8Array(m);
  const root = lagrangianAscent(relaxation, p, fixing, relaxation.initialMultipliers(), {
    incumbent: -objective,
    integral,
    maxIterations: Math.max(1, options.boundIterations ?? 5000),
    deadline: performance.now() + remaining() * 0.35 * 1000,
    shouldStop: userStop,
  });
  const polish = (start: number[]) =>
    solvePMedianHeuristic(
      instance,
      p,
      {
        timeLimitSeconds: Math.max(0, remaining()),
        maxIterations: 0,
        shouldStop: userStop,
        initialSites: start,
      },
      sorted,
    );
  const relaxed: number[] = [];
  for (let j = 0; j < m; j++) if (root.open[j] === 1) relaxed.push(j);
  consider(relaxed);
  consider(polish(relaxed).sites);
  let maxBound = root.bound;
  let boundSource = 'Lagrangian relaxation';
  let solver: 'local-search' | 'highs' | 'branch-and-bound' = 'local-search';
  let reason = '';
  const reductions: ReductionReport = { fixedClosed: 0, fixedOpen: 0, freeSites: m };
  const proven = () => closedGap(maxBound, -objective, integral);
  const insertableFor = (value: number): Uint8Array => {
    const trial: SiteFixing = new Int8Array(m);
    reducedCostFixing(root, trial, -value, integral);
    const allowed = new Uint8Array(m);
    for (let j = 0; j < m; j++) allowed[j] = trial[j] === -1 ? 0 : 1;
    return allowed;
  };
  options.onProgress?.({
    phase: 'lower bound',
    percent: 15,
    incumbent: objective,
    bound: -roundMaxBound(maxBound, integral),
  });

  if (proven()) {
    reason = 'local search solution meets the Lagrangian lower bound';
  } else {
    // Variable neighbourhood search: all the rest for `heuristic`, a share before the exact search.
    const search = solvePMedianHeuristic(
      instance,
      p,
      {
        timeLimitSeconds:
          method === 'heuristic'
            ? remaining()
            : Math.min(remaining() * 0.1, options.searchSeconds ?? Infinity),
        seed: options.seed ?? 1,
        initialSites: sites,
        insertable: insertableFor(objective),
        insertableFor,
        targetObjective: -roundMaxBound(maxBound, integral),
        shouldStop: userStop,
        onProgress: (progress) =>
          options.onProgress?.({ ...progress, bound: -roundMaxBound(maxBound, integral) }),
      },
      sorted,
    );
    consider(search.sites);
    if (proven()) reason = 'variable neighbourhood search meets the Lagrangian lower bound';
    else if (method === 'heuristic') reason = 'heuristic requested: variable neighbourhood search';
  }

  if (!proven() && method !== 'heuristic' && remaining() > 0 && !userStop()) {
    const fixed = reducedCostFixing(root, fixing, -objective, integral);
    reductions.fixedClosed = fixed.closed;
    reductions.fixedOpen = fixed.opened;
    reductions.freeSites = m - fixed.closed - fixed.opened;
    const nonzeros = pMedianMipNonzeros(instance, fixing, sorted);
    // `exact` hands the reduced MIP to HiGHS; `auto` searches with our branch-and-bound, which proved the
    // OR-Library cases far quicker than HiGHS on the same reduced model. `maxExactNonzeros` sends
    // reduced models up to that size to HiGHS in `auto` as well.
    const useHighs =
      (method === 'exact' && nonzeros <= HARD_EXACT_NONZEROS) ||
      (options.maxExactNonzeros !== undefined && nonzeros <= options.maxExactNonzeros);
    if (useHighs) {
      solver = 'highs';
      options.onProgress?.({ phase: 'MIP (HiGHS)', percent: 20, incumbent: objective });
      const { data, siteColumns } = buildPMedianMip(instance, p, fixing, sorted);
      try {
        const mip = await runMipModel(data, {
          // HiGHS checks its clock only now and then: leave it a margin.
          timeLimitSeconds: Math.max(0.05, remaining() * 0.85 - 0.1),
          deadline: deadline - 150,
          relativeGap: integral ? 0 : PROOF_RELATIVE_TOLERANCE,
          ...(integral ? { absoluteGap: 0.999 } : {}),
          ...(startIsFeasible(sites, fixing, p)
            ? { start: pMedianStart(instance, sites, fixing, sorted, data.numCols, siteColumns) }
            : {}),
          shouldStop: userStop,
          onIncumbent: (incumbent, bound) =>
            options.onProgress?.({
              phase: 'MIP (HiGHS)',
              percent: 50,
              incumbent,
              ...(bound !== undefined ? { bound } : {}),
            }),
        });
        if (mip.columnValues) consider(siteColumns.filter((_, c) => mip.columnValues![c]! > 0.5));
        const mipBound = mip.outcome === 'optimal' ? (mip.dualBound ?? mip.objective) : mip.dualBound;
        if (mipBound !== undefined && -Math.min(mipBound, objective) < maxBound) {
          maxBound = -Math.min(mipBound, objective);
          boundSource = 'HiGHS dual bound';
        }
        reason = proven() ? 'MIP solved to optimality by HiGHS' : `MIP stopped (${mip.status})`;
      } catch (error) {
        if (!(error instanceof SolverAbortedError)) throw error;
        reason = `${error.message}; kept the best solution found`;
      }
    } else {
      solver = 'branch-and-bound';
      options.onProgress?.({ phase: 'branch-and-bound', percent: 20, incumbent: objective });
      // The tree searches the instance without the sites fixed closed at the root: its rows are shorter.
      const sub = restrictToSites(instance, sorted, fixing);
      const toSub = new Int32Array(m).fill(-1);
      sub.sites.forEach((j, k) => (toSub[j] = k));
      const fromSub = (candidate: readonly number[]) => candidate.map((k) => sub.sites[k]!);
      const subFixing: SiteFixing = Int8Array.from(sub.sites, (j) => fixing[j]!);
      const incumbentInSub = sites.every((j) => toSub[j]! >= 0) ? sites.map((j) => toSub[j]!) : [];
      const treeOptions = {
        p,
        objective: (candidate: number[]) => -pMedianObjective(sub.instance, candidate),
        incumbent: { sites: incumbentInSub, value: -objective },
        integral,
        deadline,
        shouldStop: userStop,
        fixing: subFixing,
        lambda: root.lambda,
        rootIterations: 300,
        improve: pMedianImprover(sub.instance, sub.sorted, p, deadline, userStop),
        onProgress: (incumbent: number, bound: number) =>
          options.onProgress?.({
            phase: 'branch-and-bound',
            percent: 50,
            incumbent: -incumbent,
            bound: -bound,
          }),
      };
      const threads = Math.max(1, Math.min(2, Math.floor(options.threads ?? availableParallelism())));
      const tree =
        threads > 1
          ? await pMedianTreeInThreads(sub.instance, sub.sorted, treeOptions)
          : {
              ...branchAndBound(new PMedianRelaxation(sub.instance, sub.sorted), treeOptions),
              threads: 1,
              helperNodes: 0,
            };
      tree.sites = fromSub(tree.sites);
      consider(tree.sites);
      if (Math.max(tree.bound, -objective) < maxBound) {
        maxBound = Math.max(tree.bound, -objective);
        boundSource = 'branch-and-bound (Lagrangian bounds)';
      }
      const onThreads = tree.threads > 1 ? ` on 2 threads, ${tree.helperNodes} by the helper` : '';
      reason = tree.proven
        ? `branch-and-bound closed the gap (${tree.nodes} nodes${onThreads})`
        : `branch-and-bound stopped after ${tree.nodes} nodes${onThreads}`;
    }
  } else if (reason === '') {
    reason = 'time limit reached';
  }

  const lowerBound = Math.min(-roundMaxBound(maxBound, integral), objective);
  const provenOptimal = closedGap(-lowerBound, -objective, integral);
  const gapPct = gapPercent(objective, lowerBound) ?? 0;
  return {
    kind: 'pmedian',
    sites: [...sites].sort((a, b) => a - b),
    objective,
    sense: 'min',
    bound: lowerBound,
    bestBound: lowerBound,
    lowerBound,
    upperBound: objective,
    gapPct,
    provenOptimal,
    coverage:
      options.coverageThreshold !== undefined
        ? coverageWithinThreshold(instance, sites, options.coverageThreshold)
        : { weightedPct: 100, pointsPct: 100 },
    runtimeSeconds: elapsedSeconds(startedAt),
    method: provenOptimal && method !== 'heuristic' ? 'exact' : 'heuristic',
    solver,
    reason,
    boundSource,
    reductions,
  };
}

/**
 * The instance restricted to the sites not fixed closed (columns kept in index order), with its rows'
 * site order taken from `sorted`. Valid for the exact search once the fixing holds for every solution
 * better than the incumbent.
 */
export function restrictToSites(
  instance: DistanceInstance,
  sorted: Int32Array,
  fixing: SiteFixing,
): { instance: DistanceInstance; sorted: Int32Array; sites: number[] } {
  const { demandCount: n, siteCount: m, distance, weights } = instance;
  const sites: number[] = [];
  const column = new Int32Array(m).fill(-1);
  for (let j = 0; j < m; j++) {
    if (fixing[j] === -1) continue;
    column[j] = sites.length;
    sites.push(j);
  }
  const kept = sites.length;
  const subDistance = new Float64Array(n * kept);
  const subSorted = new Int32Array(n * kept);
  for (let i = 0; i < n; i++) {
    const row = i * m;
    const subRow = i * kept;
    for (let k = 0; k < kept; k++) subDistance[subRow + k] = distance[row + sites[k]!]!;
    let next = subRow;
    for (let k = 0; k < m; k++) {
      const c = column[sorted[row + k]!]!;
      if (c >= 0) subSorted[next++] = c;
    }
  }
  return {
    instance: { demandCount: n, siteCount: kept, weights, distance: subDistance },
    sorted: subSorted,
    sites,
  };
}

function startIsFeasible(sites: readonly number[], fixing: SiteFixing, p: number): boolean {
  const open = new Set(sites);
  for (const j of sites) if (fixing[j] === -1) return false;
  for (let j = 0; j < fixing.length; j++) if (fixing[j] === 1 && !open.has(j)) return false;
  return open.size === p;
}

/** The incumbent as a column vector of {@link buildPMedianMip} (same column order). */
function pMedianStart(
  instance: DistanceInstance,
  sites: readonly number[],
  fixing: SiteFixing,
  sorted: Int32Array,
  numCols: number,
  siteColumns: readonly number[],
): Float64Array {
  const { demandCount: n, siteCount: m } = instance;
  const open = new Uint8Array(m);
  for (const j of sites) open[j] = 1;
  const start = new Float64Array(numCols);
  siteColumns.forEach((j, c) => (start[c] = open[j]!));
  let x = siteColumns.length;
  for (let i = 0; i < n; i++) {
    let assigned = false;
    for (let k = 0; k < m; k++) {
      const j = sorted[i * m + k]!;
      if (fixing[j] === -1) continue;
      if (!assigned && open[j] === 1) {
        start[x] = 1;
        assigned = true;
      }
      x++;
      if (fixing[j] === 1) break;
    }
  }
  return start;
}
