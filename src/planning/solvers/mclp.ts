import { PlanningInputError } from '../errors.ts';
import {
  type CoverageInstance,
  transposeCoverage,
  validateCoverageInstance,
  validateSiteCount,
} from '../problem.ts';
import { coverageOfSites } from './coverage.ts';
import { reduceCoverage } from './coverageReduction.ts';
import { lpNumber, runLpModel, SolverAbortedError } from './highsRunner.ts';
import { mclpObjective, solveMclpHeuristic } from './mclpHeuristic.ts';
import {
  timeBudget,
  elapsedSeconds,
  gapPercent,
  type SiteSelectionResult,
  type SolveOptions,
} from './types.ts';

/** `auto` runs the MIP (after a heuristic warm-up) only up to this many non-zeros; on the Máximo cases
 * (72k+) the MIP within 20 s did worse than the iterated local search alone. */
export const DEFAULT_MCLP_EXACT_NONZEROS = 30_000;
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

/**
 * Maximal covering: open exactly p sites to maximise the covered demand weight.
 * The instance is first reduced (dominated sites, identical demand columns). `auto` runs the iterated
 * local search and, for small models, hands the rest of the time budget to the HiGHS MIP.
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
  const { remaining, userStop } = timeBudget(options, startedAt);

  const reduced = reduceCoverage(instance, p);
  const small = reduced.instance;
  const nonzeros = small.coverDemand.length + small.demandCount + small.siteCount;
  if (method === 'exact' && nonzeros > HARD_EXACT_NONZEROS) {
    throw new PlanningInputError(
      'method',
      `the exact MCLP model would have ${nonzeros} non-zeros; use 'auto'`,
    );
  }
  const useExact =
    method === 'exact' ||
    (method === 'auto' && nonzeros <= (options.maxExactNonzeros ?? DEFAULT_MCLP_EXACT_NONZEROS));
  const totalCoverable = small.weights.reduce((sum, w) => sum + w, 0);

  const heuristic = solveMclpHeuristic(small, p, {
    timeLimitSeconds:
      method === 'exact'
        ? 0
        : useExact
          ? Math.min(remaining() * 0.5, 0.05 + small.siteCount * 0.002)
          : remaining(),
    seed: options.seed ?? 1,
    targetObjective: totalCoverable,
    shouldStop: userStop,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  let reducedSites = heuristic.sites;
  let upperBound: number | undefined = heuristic.objective >= totalCoverable ? totalCoverable : undefined;
  let boundSource: string | undefined =
    upperBound !== undefined ? 'all coverable demand is covered' : undefined;
  let resultMethod: 'exact' | 'heuristic' = 'heuristic';
  let reason = useExact
    ? ''
    : method === 'heuristic'
      ? 'heuristic requested'
      : `model too large for the exact path (${nonzeros} non-zeros)`;

  if (useExact && upperBound === undefined) {
    options.onProgress?.({ phase: 'MIP (HiGHS)', percent: 40, incumbent: heuristic.objective });
    try {
      const mip = await runLpModel(buildMclpLp(small, p), {
        timeLimitSeconds: Math.max(0.5, remaining()),
        shouldStop: userStop,
        onIncumbent: (incumbent, bound) =>
          options.onProgress?.({
            phase: 'MIP (HiGHS)',
            percent: 60,
            incumbent,
            ...(bound !== undefined ? { bound } : {}),
          }),
      });
      resultMethod = 'exact';
      if (mip.objective !== undefined) {
        const mipSites: number[] = [];
        for (let j = 0; j < small.siteCount; j++) if ((mip.values.get(`y${j}`) ?? 0) > 0.5) mipSites.push(j);
        if (mipSites.length === p && mclpObjective(small, mipSites) >= mclpObjective(small, reducedSites)) {
          reducedSites = mipSites;
        }
      }
      if (mip.outcome === 'optimal') {
        upperBound = mclpObjective(small, reducedSites);
        boundSource = 'HiGHS (proven optimal)';
        reason = 'MIP solved to optimality by HiGHS';
      } else {
        if (mip.dualBound !== undefined) {
          upperBound = mip.dualBound;
          boundSource = 'HiGHS dual bound';
        }
        reason = `MIP stopped (${mip.status}); best of MIP and iterated local search`;
        resultMethod = 'heuristic';
      }
    } catch (error) {
      if (!(error instanceof SolverAbortedError)) throw error;
      reason = `${error.message}; kept the heuristic solution`;
    }
  }
  if (reason === '') reason = 'iterated local search';

  const sites = completeSites(
    Array.from(reducedSites, (j) => reduced.siteOriginal[j]!),
    p,
    instance.siteCount,
  );
  const objective = mclpObjective(instance, sites);
  const bound = upperBound !== undefined ? Math.max(upperBound, objective) : undefined;
  const gapPct = gapPercent(objective, bound);
  return {
    kind: 'mclp',
    sites,
    objective,
    sense: 'max',
    ...(bound !== undefined ? { bound, upperBound: bound } : {}),
    lowerBound: objective,
    ...(gapPct !== undefined ? { gapPct } : {}),
    provenOptimal: bound !== undefined && objective >= bound - 1e-6 * Math.max(1, bound),
    coverage: coverageOfSites(instance, sites),
    runtimeSeconds: elapsedSeconds(startedAt),
    method: resultMethod,
    reason,
    ...(boundSource ? { boundSource } : {}),
  };
}

/** Pads with unused sites when the reduction left fewer useful sites than p. */
function completeSites(sites: number[], p: number, siteCount: number): number[] {
  const chosen = new Set(sites);
  for (let j = 0; chosen.size < p && j < siteCount; j++) chosen.add(j);
  return [...chosen].sort((a, b) => a - b);
}
