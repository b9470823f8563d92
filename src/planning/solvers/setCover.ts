import { PlanningInputError } from '../errors.ts';
import { type CoverageInstance, transposeCoverage, validateCoverageInstance } from '../problem.ts';
import { coverageOfSites } from './coverage.ts';
import { reduceCoverage } from './coverageReduction.ts';
import { runLpModel, SolverAbortedError } from './highsRunner.ts';
import {
  timeBudget,
  elapsedSeconds,
  gapPercent,
  type SiteSelectionResult,
  type SolveOptions,
} from './types.ts';

export const DEFAULT_SET_COVER_EXACT_NONZEROS = 400_000;
const HARD_EXACT_NONZEROS = 8_000_000;

/** min Σ y_j subject to Σ_{j covers i} y_j >= 1 for every coverable demand point i. */
export function buildSetCoverLp(instance: CoverageInstance): string {
  const by = transposeCoverage(instance);
  const lines: string[] = ['Minimize', ' obj:'];
  let terms: string[] = [];
  const flush = () => {
    if (terms.length > 0) lines.push('  ' + terms.join(' '));
    terms = [];
  };
  for (let j = 0; j < instance.siteCount; j++) {
    terms.push(`+ y${j}`);
    if (terms.length >= 16) flush();
  }
  flush();
  lines.push('Subject To');
  for (let i = 0; i < instance.demandCount; i++) {
    if (by.byStart[i + 1]! === by.byStart[i]!) continue;
    lines.push(` c${i}:`);
    for (let t = by.byStart[i]!; t < by.byStart[i + 1]!; t++) {
      terms.push(`+ y${by.bySite[t]!}`);
      if (terms.length >= 16) flush();
    }
    flush();
    lines.push('  >= 1');
  }
  lines.push('Binary');
  for (let j = 0; j < instance.siteCount; j++) lines.push(` y${j}`);
  lines.push('End');
  return lines.join('\n');
}

/** Chvátal's greedy (most newly covered points, ties by weight) followed by dropping redundant sites. */
export function greedySetCover(instance: CoverageInstance): number[] {
  const { coverStart, coverDemand, weights } = instance;
  const by = transposeCoverage(instance);
  const covered = new Uint8Array(instance.demandCount);
  let remaining = 0;
  for (let i = 0; i < instance.demandCount; i++) if (by.byStart[i + 1]! > by.byStart[i]!) remaining++;
  const chosen: number[] = [];
  const newly = new Float64Array(instance.siteCount);
  const newlyWeight = new Float64Array(instance.siteCount);
  for (let j = 0; j < instance.siteCount; j++) {
    newly[j] = coverStart[j + 1]! - coverStart[j]!;
    for (let k = coverStart[j]!; k < coverStart[j + 1]!; k++) newlyWeight[j]! += weights[coverDemand[k]!]!;
  }
  while (remaining > 0) {
    let best = -1;
    for (let j = 0; j < instance.siteCount; j++) {
      if (newly[j]! === 0) continue;
      if (
        best < 0 ||
        newly[j]! > newly[best]! ||
        (newly[j] === newly[best] && newlyWeight[j]! > newlyWeight[best]!)
      ) {
        best = j;
      }
    }
    chosen.push(best);
    for (let k = coverStart[best]!; k < coverStart[best + 1]!; k++) {
      const i = coverDemand[k]!;
      if (covered[i] === 1) continue;
      covered[i] = 1;
      remaining--;
      for (let t = by.byStart[i]!; t < by.byStart[i + 1]!; t++) {
        const s = by.bySite[t]!;
        newly[s]! -= 1;
        newlyWeight[s]! -= weights[i]!;
      }
    }
  }
  // Drop sites whose points are all covered twice, smallest first.
  const count = new Int32Array(instance.demandCount);
  for (const j of chosen) for (let k = coverStart[j]!; k < coverStart[j + 1]!; k++) count[coverDemand[k]!]!++;
  const bySize = [...chosen].sort(
    (a, b) => coverStart[a + 1]! - coverStart[a]! - (coverStart[b + 1]! - coverStart[b]!),
  );
  const kept = new Set(chosen);
  for (const j of bySize) {
    let redundant = true;
    for (let k = coverStart[j]!; k < coverStart[j + 1]! && redundant; k++)
      if (count[coverDemand[k]!]! < 2) redundant = false;
    if (!redundant) continue;
    kept.delete(j);
    for (let k = coverStart[j]!; k < coverStart[j + 1]!; k++) count[coverDemand[k]!]!--;
  }
  return [...kept].sort((a, b) => a - b);
}

/**
 * Set covering: the fewest sites that cover every demand point some site can cover (points no site
 * can reach are reported through the coverage figures, not treated as infeasible).
 */
export async function solveSetCovering(
  instance: CoverageInstance,
  options: SolveOptions = {},
): Promise<SiteSelectionResult> {
  const startedAt = performance.now();
  validateCoverageInstance(instance);
  const method = options.method ?? 'auto';
  const { seconds: timeLimit } = timeBudget(options, startedAt);
  const reduced = reduceCoverage(instance, 1);
  const small = reduced.instance;
  const nonzeros = small.coverDemand.length + small.siteCount;
  if (method === 'exact' && nonzeros > HARD_EXACT_NONZEROS) {
    throw new PlanningInputError('method', `the exact set covering model would have ${nonzeros} non-zeros`);
  }
  let reducedSites = greedySetCover(small);
  let lowerBound: number | undefined;
  let boundSource: string | undefined;
  let resultMethod: 'exact' | 'heuristic' = 'heuristic';
  let reason =
    method === 'heuristic'
      ? 'heuristic requested'
      : `model too large for the exact path (${nonzeros} non-zeros)`;
  const useExact =
    method === 'exact' ||
    (method === 'auto' && nonzeros <= (options.maxExactNonzeros ?? DEFAULT_SET_COVER_EXACT_NONZEROS));
  if (reducedSites.length <= 1) {
    lowerBound = reducedSites.length;
    boundSource = 'trivial';
    reason = 'one site covers everything coverable';
  } else if (useExact) {
    try {
      const mip = await runLpModel(buildSetCoverLp(small), {
        timeLimitSeconds: Math.max(0.5, timeLimit - elapsedSeconds(startedAt)),
        ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
      });
      if (mip.objective !== undefined) {
        const mipSites: number[] = [];
        for (let j = 0; j < small.siteCount; j++) if ((mip.values.get(`y${j}`) ?? 0) > 0.5) mipSites.push(j);
        if (mipSites.length <= reducedSites.length) reducedSites = mipSites;
      }
      if (mip.outcome === 'optimal') {
        resultMethod = 'exact';
        lowerBound = reducedSites.length;
        boundSource = 'HiGHS (proven optimal)';
        reason = 'MIP solved to optimality by HiGHS';
      } else {
        if (mip.dualBound !== undefined) {
          lowerBound = Math.ceil(mip.dualBound - 1e-6);
          boundSource = 'HiGHS dual bound';
        }
        reason = `MIP stopped (${mip.status}); best of MIP and greedy`;
      }
    } catch (error) {
      if (!(error instanceof SolverAbortedError)) throw error;
      reason = `${error.message}; kept the greedy solution`;
    }
  }
  const sites = Array.from(reducedSites, (j) => reduced.siteOriginal[j]!).sort((a, b) => a - b);
  const gapPct = gapPercent(sites.length, lowerBound);
  return {
    kind: 'setCover',
    sites,
    objective: sites.length,
    sense: 'min',
    ...(lowerBound !== undefined ? { bound: lowerBound, lowerBound } : {}),
    upperBound: sites.length,
    ...(gapPct !== undefined ? { gapPct } : {}),
    provenOptimal: lowerBound !== undefined && sites.length <= lowerBound,
    coverage: coverageOfSites(instance, sites),
    runtimeSeconds: elapsedSeconds(startedAt),
    method: resultMethod,
    reason,
    ...(boundSource ? { boundSource } : {}),
  };
}
