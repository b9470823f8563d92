import { PlanningInputError } from '../errors.ts';
import {
  type CoverageInstance,
  transposeCoverage,
  validateCoverageInstance,
  validateSiteCount,
} from '../problem.ts';
import { coverageOfSites } from './coverage.ts';
import { reduceCoverage } from './coverageReduction.ts';
import { branchAndBound } from './branchAndBound.ts';
import { lpNumber, type MipArrays, preloadHighs, runMipModel, SolverAbortedError } from './highsRunner.ts';
import { type AscentResult, lagrangianAscent, reducedCostFixing, type SiteFixing } from './lagrangian.ts';
import { mclpObjective, solveMclpHeuristic } from './mclpHeuristic.ts';
import {
  buildMclpModel,
  type MclpModel,
  mclpMipSize,
  mclpModelObjective,
  MclpRelaxation,
} from './mclpLagrangian.ts';
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

/** After reduction and fixing, `auto` hands models up to this many non-zeros to HiGHS, larger ones to
 * our own branch-and-bound. */
export const DEFAULT_MCLP_EXACT_NONZEROS = 60_000;
/** `auto` runs our branch-and-bound only with at most this many free sites after fixing. */
const MAX_TREE_SITES = 400;
const HARD_EXACT_NONZEROS = 8_000_000;

/** Church & ReVelle's MCLP: max Σ w_i z_i, z_i <= Σ_{j covers i} y_j, Σ y_j = p, z_i <= 1. */
export function buildMclpLp(instance: CoverageInstance, p: number): string {
  const by = transposeCoverage(instance);
  const lines: string[] = ['Maximize', ' obj:'];
  let terms: string[] = [];
  const flush = () => {
    if (terms.length > 0) lines.push('  ' + terms.join(' '));
    terms = [];
  };
  const rows: number[] = [];
  for (let i = 0; i < instance.demandCount; i++) {
    if (by.byStart[i + 1]! === by.byStart[i]!) continue;
    rows.push(i);
    terms.push(`+ ${lpNumber(instance.weights[i]!)} z${i}`);
    if (terms.length >= 10) flush();
  }
  flush();
  if (rows.length === 0) lines.push('  0 y0');
  lines.push('Subject To');
  for (const i of rows) {
    lines.push(` c${i}: z${i}`);
    for (let t = by.byStart[i]!; t < by.byStart[i + 1]!; t++) {
      terms.push(`- y${by.bySite[t]!}`);
      if (terms.length >= 16) flush();
    }
    flush();
    lines.push('  <= 0');
  }
  lines.push(' card:');
  for (let j = 0; j < instance.siteCount; j++) {
    terms.push(`+ y${j}`);
    if (terms.length >= 16) flush();
  }
  flush();
  lines.push(`  = ${p}`, 'Bounds');
  for (const i of rows) lines.push(` 0 <= z${i} <= 1`);
  lines.push('Binary');
  for (let j = 0; j < instance.siteCount; j++) lines.push(` y${j}`);
  lines.push('End');
  return lines.join('\n');
}

/** Builds the MCLP MIP left after reduced-cost fixing as arrays for HiGHS (`passModel`). */
export function buildMclpMip(
  model: MclpModel,
  p: number,
  fixing: SiteFixing,
): { data: MipArrays; freeSites: number[]; rowColumn: Int32Array } {
  const m = model.siteCount;
  const freeSites: number[] = [];
  const column = new Int32Array(m).fill(-1);
  let offset = 0;
  let opened = 0;
  for (let j = 0; j < m; j++) {
    if (fixing[j] === 0) {
      column[j] = freeSites.length;
      freeSites.push(j);
    } else if (fixing[j] === 1) {
      offset += model.bonus[j]!;
      opened++;
    }
  }
  const cost: number[] = freeSites.map((j) => model.bonus[j]!);
  const rowColumn = new Int32Array(model.rowCount).fill(-1);
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const rowFree: number[] = [];
  for (let i = 0; i < model.rowCount; i++) {
    rowFree.length = 0;
    let coveredByOpen = false;
    for (let k = model.rowStart[i]!; k < model.rowStart[i + 1]!; k++) {
      const j = model.rowSites[k]!;
      if (fixing[j] === 1) coveredByOpen = true;
      else if (fixing[j] === 0) rowFree.push(column[j]!);
    }
    const w = model.rowWeight[i]!;
    if (coveredByOpen) offset += w;
    else if (rowFree.length === 1) cost[rowFree[0]!]! += w;
    else if (rowFree.length >= 2) {
      const z = cost.length;
      rowColumn[i] = z;
      cost.push(w);
      // z_i − Σ y_j ≤ 0 (columns in ascending order)
      rowFree.sort((a, b) => a - b);
      for (const c of rowFree) {
        indices.push(c);
        values.push(-1);
      }
      indices.push(z);
      values.push(1);
      starts.push(indices.length);
      rowLower.push(-Infinity);
      rowUpper.push(0);
    }
  }
  for (let c = 0; c < freeSites.length; c++) {
    indices.push(c);
    values.push(1);
  }
  starts.push(indices.length);
  rowLower.push(p - opened);
  rowUpper.push(p - opened);
  const numCols = cost.length;
  const numRows = rowLower.length;
  const integrality = new Int32Array(numCols);
  integrality.fill(1, 0, freeSites.length);
  const data: MipArrays = {
    numCols,
    numRows,
    offset,
    colCost: Float64Array.from(cost),
    colLower: new Float64Array(numCols),
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
    integrality,
  };
  return { data, freeSites, rowColumn };
}

function isIntegral(weights: Float64Array): boolean {
  for (const w of weights) if (!Number.isInteger(w)) return false;
  return true;
}

/**
 * Maximal covering: open exactly p sites to maximise the covered demand weight.
 *
 * Pipeline (every step inside the time budget): exact reductions (dominated sites, identical demand
 * columns, demand covered by one site folded into its weight); iterated local search; the Lagrangian
 * bound of the coverage rows, which stops at once when it meets the incumbent; reduced-cost fixing;
 * then, on what is left, the HiGHS MIP (arrays, with the incumbent as start) when it is small enough,
 * otherwise our own branch-and-bound. `heuristic` skips the exact search but still reports the bound.
 */
export async function solveMaxCovering(
  instance: CoverageInstance,
  p: number,
  options: SolveOptions = {},
): Promise<SiteSelectionResult> {
  const startedAt = performance.now();
  validateCoverageInstance(instance);
  validateSiteCount(p, instance.siteCount);
  const method = options.method ?? 'auto';
  const { seconds: timeLimit, deadline, remaining, userStop } = timeBudget(options, startedAt);

  if (method !== 'heuristic') preloadHighs();
  const reduced = reduceCoverage(instance, p);
  const small = reduced.instance;
  const model = buildMclpModel(small);
  const integral = isIntegral(small.weights);
  const totalCoverable = small.weights.reduce((sum, w) => sum + w, 0);
  const mark = new Uint8Array(model.rowCount);
  const objectiveOf = (sites: readonly number[]) => mclpModelObjective(model, sites, mark);

  // 1. Iterated local search (a share of the budget unless only the heuristic was asked for).
  const searchShare = method === 'heuristic' ? 0.6 : 0.35;
  const heuristic = solveMclpHeuristic(small, p, {
    timeLimitSeconds: Math.min(remaining() * searchShare, 0.05 + small.siteCount * 0.004 * p),
    seed: options.seed ?? 1,
    targetObjective: totalCoverable,
    shouldStop: userStop,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  let best = { sites: heuristic.sites, value: objectiveOf(heuristic.sites) };
  let bound = totalCoverable;
  let boundSource = 'all coverable demand';
  let solver: 'local-search' | 'highs' | 'branch-and-bound' = 'local-search';
  let resultMethod: 'exact' | 'heuristic' = 'heuristic';
  let reason: string;
  const fixing: SiteFixing = new Int8Array(model.siteCount);
  const reductions: ReductionReport = {
    dominatedSites: instance.siteCount - small.siteCount,
    mergedDemand: instance.demandCount - small.demandCount,
    foldedDemand: model.folded,
    fixedClosed: 0,
    fixedOpen: 0,
    freeSites: model.siteCount,
  };

  const relaxation = new MclpRelaxation(model);
  let lambda = relaxation.initialMultipliers();
  let root: AscentResult | undefined;
  const applyFixing = () => {
    if (!root || closedGap(bound, best.value, integral)) return;
    const fixed = reducedCostFixing(root, fixing, best.value, integral);
    reductions.fixedClosed += fixed.closed;
    reductions.fixedOpen += fixed.opened;
    reductions.freeSites = model.siteCount - reductions.fixedClosed - reductions.fixedOpen;
  };
  if (!closedGap(bound, best.value, integral)) {
    // 2. Lagrangian bound of the coverage rows.
    options.onProgress?.({ phase: 'bound', percent: 30, incumbent: best.value });
    root = lagrangianAscent(relaxation, p, fixing, lambda, {
      incumbent: best.value,
      integral,
      maxIterations: Math.max(1, options.boundIterations ?? 20_000),
      deadline: performance.now() + remaining() * 0.35 * 1000,
      shouldStop: userStop,
      volume: true,
    });
    lambda = root.lambda;
    const relaxedSites: number[] = [];
    for (let j = 0; j < model.siteCount; j++) if (root.open[j] === 1) relaxedSites.push(j);
    const relaxedValue = objectiveOf(relaxedSites);
    if (relaxedValue > best.value) best = { sites: relaxedSites, value: relaxedValue };
    if (root.bound < bound) {
      bound = root.bound;
      boundSource = 'Lagrangian relaxation';
    }
    // 3. Reduced-cost fixing from the bound and the incumbent.
    applyFixing();
    options.onProgress?.({ phase: 'bound', percent: 40, incumbent: best.value, bound });
  }

  // 4. Exact search on what the reductions left: HiGHS when small enough (always in `exact` mode), our
  // branch-and-bound for few free sites; otherwise the iterated local search takes most of the rest
  // and, when its better incumbent lets reduced-cost fixing shrink the model enough, the exact search
  // gets the remaining time.
  const limit = options.maxExactNonzeros ?? DEFAULT_MCLP_EXACT_NONZEROS;
  const chooseExact = (): 'highs' | 'tree' | 'none' => {
    if (method === 'heuristic') return 'none';
    const size = mclpMipSize(model, fixing);
    const free = reductions.freeSites;
    return method === 'exact' || (free > 30 && size.nonzeros <= limit)
      ? 'highs'
      : free <= MAX_TREE_SITES
        ? 'tree'
        : 'none';
  };
  const localSearch = (seconds: number, seed: number) => {
    // Sites fixed closed cannot be part of a better solution: the search opens only the others.
    const allowedSites = new Uint8Array(model.siteCount);
    for (let j = 0; j < model.siteCount; j++) allowedSites[j] = fixing[j] === -1 ? 0 : 1;
    const search = solveMclpHeuristic(small, p, {
      timeLimitSeconds: seconds,
      seed,
      initialSites: best.sites,
      allowedSites,
      targetObjective: roundMaxBound(bound, integral),
      shouldStop: userStop,
    });
    const value = objectiveOf(search.sites);
    if (value > best.value) best = { sites: search.sites, value };
  };
  let exactSearch = chooseExact();
  if (closedGap(bound, best.value, integral)) {
    reason = 'local search solution meets the Lagrangian bound';
  } else if (exactSearch === 'none' || remaining() <= 0 || userStop()) {
    const outOfTime = remaining() <= 0 || userStop();
    const retry = method !== 'heuristic' && !outOfTime && root !== undefined;
    localSearch(retry ? remaining() * 0.8 : remaining(), (options.seed ?? 1) + 1);
    if (retry) {
      applyFixing();
      exactSearch = chooseExact();
    }
    reason =
      method === 'heuristic'
        ? 'heuristic requested: iterated local search'
        : outOfTime
          ? 'time limit reached'
          : `${reductions.freeSites} free sites after fixing: iterated local search with the Lagrangian bound`;
    if (retry && closedGap(bound, best.value, integral)) {
      reason = 'local search solution meets the Lagrangian bound';
    } else if (retry && exactSearch !== 'none' && remaining() > 0) {
      reason = await exact(exactSearch);
    } else if (retry && root) {
      // Too large for the exact search: the rest goes to the bound, warm-started from the root multipliers
      // (the fixing keeps every solution better than the incumbent, so max(bound, incumbent) is valid).
      const more = lagrangianAscent(relaxation, p, fixing, root.lambda.slice(), {
        incumbent: best.value,
        integral,
        maxIterations: 20_000,
        deadline: deadline - 100,
        theta: 0.1,
        shouldStop: userStop,
        volume: true,
      });
      const moreBound = Math.max(more.bound, best.value);
      if (moreBound < bound) {
        bound = moreBound;
        boundSource = 'Lagrangian relaxation';
      }
      if (closedGap(bound, best.value, integral)) reason = 'local search solution meets the Lagrangian bound';
    }
  } else {
    reason = await exact(exactSearch);
  }

  async function exact(kind: 'highs' | 'tree'): Promise<string> {
    const size = mclpMipSize(model, fixing);
    if (method === 'exact' && size.nonzeros > HARD_EXACT_NONZEROS) {
      throw new PlanningInputError(
        'method',
        `the exact MCLP model would have ${size.nonzeros} non-zeros after reduction; use 'auto'`,
      );
    }
    let why: string;
    resultMethod = 'exact';
    if (kind === 'highs') {
      solver = 'highs';
      options.onProgress?.({ phase: 'MIP (HiGHS)', percent: 50, incumbent: best.value, bound });
      const { data, freeSites, rowColumn } = buildMclpMip(model, p, fixing);
      const start = startVector(model, fixing, best.sites, data.numCols, freeSites, rowColumn);
      try {
        const mip = await runMipModel(data, {
          // HiGHS checks its clock only now and then: leave it a margin.
          timeLimitSeconds: Math.max(0.05, remaining() * 0.85 - 0.1),
          deadline: deadline - 150,
          maximize: true,
          relativeGap: integral ? 0 : PROOF_RELATIVE_TOLERANCE,
          ...(integral ? { absoluteGap: 0.999 } : {}),
          ...(start ? { start } : {}),
          shouldStop: userStop,
          onIncumbent: (incumbent, dual) =>
            options.onProgress?.({
              phase: 'MIP (HiGHS)',
              percent: 60,
              incumbent,
              ...(dual !== undefined ? { bound: dual } : {}),
            }),
        });
        if (mip.columnValues) {
          const sites: number[] = [];
          for (let j = 0; j < model.siteCount; j++) if (fixing[j] === 1) sites.push(j);
          freeSites.forEach((j, c) => {
            if (mip.columnValues![c]! > 0.5) sites.push(j);
          });
          if (sites.length === p) {
            const value = objectiveOf(sites);
            if (value > best.value) best = { sites, value };
          }
        }
        const mipBound = mip.outcome === 'optimal' ? (mip.dualBound ?? mip.objective) : mip.dualBound;
        if (mipBound !== undefined && Math.max(mipBound, best.value) < bound) {
          bound = Math.max(mipBound, best.value);
          boundSource = 'HiGHS dual bound';
        }
        why = closedGap(bound, best.value, integral)
          ? 'MIP solved to optimality by HiGHS'
          : `MIP stopped (${mip.status})`;
      } catch (error) {
        if (!(error instanceof SolverAbortedError)) throw error;
        why = `${error.message}; kept the best solution found`;
      }
    } else {
      solver = 'branch-and-bound';
      options.onProgress?.({ phase: 'branch-and-bound', percent: 50, incumbent: best.value, bound });
      const tree = branchAndBound(relaxation, {
        p,
        objective: objectiveOf,
        incumbent: best,
        integral,
        deadline,
        shouldStop: userStop,
        fixing,
        lambda,
        improve: (start) => {
          const polished = solveMclpHeuristic(small, p, {
            timeLimitSeconds: Math.min(0.05, remaining()),
            seed: options.seed ?? 1,
            initialSites: start,
            shouldStop: userStop,
          });
          return { sites: polished.sites, value: objectiveOf(polished.sites) };
        },
        onProgress: (incumbent, treeBound) =>
          options.onProgress?.({ phase: 'branch-and-bound', percent: 70, incumbent, bound: treeBound }),
      });
      if (tree.value > best.value) best = { sites: tree.sites, value: tree.value };
      if (Math.max(tree.bound, best.value) < bound) {
        bound = Math.max(tree.bound, best.value);
        boundSource = 'branch-and-bound (Lagrangian bounds)';
      }
      why = tree.proven
        ? `branch-and-bound closed the gap (${tree.nodes} nodes)`
        : `branch-and-bound stopped after ${tree.nodes} nodes`;
    }
    if (!closedGap(bound, best.value, integral)) resultMethod = 'heuristic';
    return why;
  }

  const sites = completeSites(
    Array.from(best.sites, (j) => reduced.siteOriginal[j]!),
    p,
    instance.siteCount,
  );
  const objective = mclpObjective(instance, sites);
  const finalBound = Math.max(roundMaxBound(bound, integral), objective);
  const provenOptimal = closedGap(finalBound, objective, integral);
  const gapPct = gapPercent(objective, finalBound) ?? 0;
  void timeLimit;
  return {
    kind: 'mclp',
    sites,
    objective,
    sense: 'max',
    bound: finalBound,
    bestBound: finalBound,
    upperBound: finalBound,
    lowerBound: objective,
    gapPct,
    provenOptimal,
    coverage: coverageOfSites(instance, sites),
    runtimeSeconds: elapsedSeconds(startedAt),
    method: provenOptimal && method !== 'heuristic' ? 'exact' : resultMethod,
    solver,
    reason,
    boundSource,
    reductions,
  };
}

/** The incumbent as a start vector for the reduced MIP, or undefined when it breaks the fixing. */
function startVector(
  model: MclpModel,
  fixing: SiteFixing,
  sites: readonly number[],
  numCols: number,
  freeSites: readonly number[],
  rowColumn: Int32Array,
): Float64Array | undefined {
  const open = new Uint8Array(model.siteCount);
  for (const j of sites) {
    if (fixing[j] === -1) return undefined;
    open[j] = 1;
  }
  for (let j = 0; j < model.siteCount; j++) if (fixing[j] === 1 && open[j] === 0) return undefined;
  const start = new Float64Array(numCols);
  freeSites.forEach((j, c) => (start[c] = open[j]!));
  for (let i = 0; i < model.rowCount; i++) {
    const z = rowColumn[i]!;
    if (z < 0) continue;
    for (let k = model.rowStart[i]!; k < model.rowStart[i + 1]!; k++)
      if (open[model.rowSites[k]!] === 1) {
        start[z] = 1;
        break;
      }
  }
  return start;
}

/** Pads with unused sites when the reduction left fewer useful sites than p. */
function completeSites(sites: number[], p: number, siteCount: number): number[] {
  const chosen = new Set(sites);
  for (let j = 0; chosen.size < p && j < siteCount; j++) chosen.add(j);
  return [...chosen].sort((a, b) => a - b);
}
