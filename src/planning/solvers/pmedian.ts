import { PlanningInputError } from '../errors.ts';
import { type DistanceInstance, validateDistanceInstance, validateSiteCount } from '../problem.ts';
import { coverageWithinThreshold } from './coverage.ts';
import { lpNumber, runLpModel, SolverAbortedError } from './highsRunner.ts';
import {
  greedyPMedian,
  pMedianObjective,
  solvePMedianHeuristic,
  sortSitesByDistance,
} from './pmedianHeuristic.ts';
import { pMedianLagrangianBound } from './pmedianLagrangian.ts';
import {
  timeBudget,
  elapsedSeconds,
  gapPercent,
  type SiteSelectionResult,
  type SolveOptions,
} from './types.ts';

/** `auto` builds the assignment MIP only up to this many non-zeros (about 3·n·m). */
export const DEFAULT_PMEDIAN_EXACT_NONZEROS = 150_000;
/** Beyond this the LP text alone would exhaust the WASM heap; `exact` is refused. */
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
 * p-median: choose p sites minimising Σ_i w_i · min_{j open} d_ij.
 *
 * Pipeline: greedy + fast swap for a first upper bound; Lagrangian relaxation for a lower bound and
 * reduced-cost pruning; then the HiGHS MIP when the model is small (or `method: 'exact'`), otherwise
 * variable neighbourhood search until the time budget ends or the Lagrangian bound is reached.
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
  const { remaining, userStop } = timeBudget(options, startedAt);
  const size = pMedianModelSize(instance);
  if (method === 'exact' && size.nonzeros > HARD_EXACT_NONZEROS) {
    throw new PlanningInputError(
      'method',
      `the exact p-median model would have ${size.nonzeros} non-zeros (limit ${HARD_EXACT_NONZEROS}); use 'auto' or 'heuristic'`,
    );
  }
  const step = hasIntegerData(instance) ? 1 : 0;
  const roundBound = (bound: number) => (step === 1 ? Math.ceil(bound - 1e-6) : bound);

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
  options.onProgress?.({ phase: 'local search', percent: 5, incumbent: objective });

  const lagrangian = pMedianLagrangianBound(instance, p, sorted, {
    upperBound: objective,
    improvementStep: step,
    timeLimitSeconds: Math.min(remaining() * 0.25, 10),
    shouldStop: userStop,
  });
  let lowerBound = roundBound(lagrangian.lowerBound);
  let boundSource = 'Lagrangian relaxation';
  options.onProgress?.({ phase: 'lower bound', percent: 15, incumbent: objective, bound: lowerBound });

  const finish = (resultMethod: 'exact' | 'heuristic', reason: string): SiteSelectionResult => {
    const provenOptimal = objective <= lowerBound + 1e-9 * Math.max(1, Math.abs(objective));
    const gapPct = gapPercent(objective, lowerBound);
    return {
      kind: 'pmedian',
      sites: [...sites].sort((a, b) => a - b),
      objective,
      sense: 'min',
      ...(Number.isFinite(lowerBound) ? { bound: lowerBound, lowerBound } : {}),
      upperBound: objective,
      ...(gapPct !== undefined ? { gapPct } : {}),
      provenOptimal,
      coverage:
        options.coverageThreshold !== undefined
          ? coverageWithinThreshold(instance, sites, options.coverageThreshold)
          : { weightedPct: 100, pointsPct: 100 },
      runtimeSeconds: elapsedSeconds(startedAt),
      method: resultMethod,
      reason,
      boundSource,
    };
  };

  if (method !== 'exact' && objective <= lowerBound) {
    return finish('heuristic', 'local search solution equals the Lagrangian lower bound (proven optimal)');
  }

  const useExact =
    method === 'exact' ||
    (method === 'auto' && size.nonzeros <= (options.maxExactNonzeros ?? DEFAULT_PMEDIAN_EXACT_NONZEROS));
  let fallbackReason =
    method === 'heuristic'
      ? 'heuristic requested'
      : `model too large for the exact path (${size.nonzeros} non-zeros)`;
  if (useExact && method === 'auto') {
    // A short search first: it often closes the gap to the Lagrangian bound before the MIP is needed,
    // and it leaves a good incumbent should the MIP run out of time.
    const warmUp = solvePMedianHeuristic(
      instance,
      p,
      {
        timeLimitSeconds: remaining() * 0.3,
        seed: options.seed ?? 1,
        initialSites: sites,
        insertable: lagrangian.pruneFor(objective),
        insertableFor: lagrangian.pruneFor,
        targetObjective: lowerBound,
        shouldStop: userStop,
      },
      sorted,
    );
    if (warmUp.objective < objective) {
      sites = warmUp.sites;
      objective = warmUp.objective;
    }
    if (objective <= lowerBound) {
      return finish(
        'heuristic',
        'variable neighbourhood search reached the Lagrangian lower bound (proven optimal)',
      );
    }
  }
  if (useExact) {
    options.onProgress?.({ phase: 'MIP (HiGHS)', percent: 20, incumbent: objective, bound: lowerBound });
    try {
      const mip = await runLpModel(buildPMedianLp(instance, p), {
        timeLimitSeconds: Math.max(0.5, remaining()),
        shouldStop: userStop,
        onIncumbent: (incumbent, bound) =>
          options.onProgress?.({
            phase: 'MIP (HiGHS)',
            percent: 50,
            incumbent,
            ...(bound !== undefined ? { bound } : {}),
          }),
      });
      if (mip.objective !== undefined) {
        const mipSites: number[] = [];
        for (let j = 0; j < instance.siteCount; j++)
          if ((mip.values.get(`y${j}`) ?? 0) > 0.5) mipSites.push(j);
        if (mipSites.length === p) {
          const mipObjective = pMedianObjective(instance, mipSites);
          if (mipObjective <= objective) {
            sites = mipSites;
            objective = mipObjective;
          }
        }
      }
      if (mip.outcome === 'optimal') {
        lowerBound = objective;
        boundSource = 'HiGHS (proven optimal)';
        return finish('exact', 'MIP solved to optimality by HiGHS');
      }
      if (mip.dualBound !== undefined && roundBound(mip.dualBound) > lowerBound) {
        lowerBound = roundBound(mip.dualBound);
        boundSource = 'HiGHS dual bound';
      }
      fallbackReason = `MIP stopped (${mip.status}); continued with the heuristic`;
    } catch (error) {
      if (!(error instanceof SolverAbortedError)) throw error;
      fallbackReason = `${error.message}; fell back to the heuristic`;
    }
    if (remaining() <= 0 || userStop())
      return finish(
        'heuristic',
        fallbackReason.replace('; continued with the heuristic', '; best solution from the heuristic'),
      );
  }

  const search = solvePMedianHeuristic(
    instance,
    p,
    {
      timeLimitSeconds: remaining(),
      seed: options.seed ?? 1,
      initialSites: sites,
      insertable: lagrangian.pruneFor(objective),
      insertableFor: lagrangian.pruneFor,
      targetObjective: lowerBound,
      shouldStop: userStop,
      onProgress: (progress) => options.onProgress?.({ ...progress, bound: lowerBound }),
    },
    sorted,
  );
  if (search.objective < objective) {
    sites = search.sites;
    objective = search.objective;
  }
  const provenNote = objective <= lowerBound ? ' (reached the lower bound: proven optimal)' : '';
  return finish('heuristic', `${fallbackReason}; variable neighbourhood search${provenNote}`);
}
