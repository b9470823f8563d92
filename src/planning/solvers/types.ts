import { PlanningInputError } from '../errors.ts';
export type SiteSelectionKind = 'pmedian' | 'mclp' | 'setCover';
export type SolveMethod = 'auto' | 'exact' | 'heuristic';

export interface SolveProgress {
  phase: string;
  /** 0–100, an estimate based on the time budget. */
  percent: number;
  incumbent?: number;
  bound?: number;
}

export interface SolveOptions {
  /** `auto` (default): exact when the model is small enough, otherwise the heuristic. */
  method?: SolveMethod;
  /** Overall wall-clock budget in seconds (default 20). */
  timeLimitSeconds?: number;
  seed?: number;
  onProgress?: (progress: SolveProgress) => void;
  shouldStop?: () => boolean;
  /** `auto` hands the MIP left after reduction and fixing to HiGHS only up to this many non-zeros; larger
   * ones go to our own branch-and-bound (p-median `auto` uses HiGHS only when this is set). */
  maxExactNonzeros?: number;
  /** Caps the subgradient iterations of the root bound (default 5000); tests use it to exercise the exact searches. */
  boundIterations?: number;
  /** Caps, in seconds, the p-median neighbourhood search before an exact search (default: a tenth of the time left);
   * tests use it so that a generous safety time limit is not spent searching tiny instances. */
  searchSeconds?: number;
  /** Threads for the p-median branch-and-bound (default: 2 when the machine has two cores). A helper thread
   * starts only when the tree is still open after a short while; 1 keeps the search single-threaded and
   * deterministic. */
  threads?: number;
  /** For reporting coverage of p-median results: a demand point counts as covered within this distance. */
  coverageThreshold?: number;
}

export interface CoverageSummary {
  /** Share of total weighted demand covered, in %. */
  weightedPct: number;
  /** Share of demand points covered, in %. */
  pointsPct: number;
}

export interface SiteSelectionResult {
  kind: SiteSelectionKind;
  /** Chosen site indices (0-based, ascending). */
  sites: number[];
  objective: number;
  sense: 'min' | 'max';
  /** Best proven bound on the optimum: lower bound for min problems, upper bound for max problems. */
  bound?: number;
  lowerBound?: number;
  upperBound?: number;
  /** |objective − bound| / |objective| in %, when a bound is known. */
  gapPct?: number;
  provenOptimal: boolean;
  coverage: CoverageSummary;
  runtimeSeconds: number;
  method: 'exact' | 'heuristic';
  /** Why this method produced the answer (size, time limit, fallback after an abort …). */
  reason: string;
  /** Where the bound came from, e.g. "HiGHS dual bound" or "Lagrangian relaxation". */
  boundSource?: string;
  /** The best proven bound in every run (same value as `bound`; kept separate for clarity). */
  bestBound?: number;
  /** Which solver produced the answer: local search, HiGHS MIP, or our own branch-and-bound. */
  solver?: 'local-search' | 'highs' | 'branch-and-bound';
  /** What each exact reduction removed (sites, demand rows), for the report. */
  reductions?: ReductionReport;
}

export interface ReductionReport {
  /** Sites dropped because another site covers a superset (MCLP) – before the bound. */
  dominatedSites?: number;
  /** Demand points merged into identical columns (MCLP). */
  mergedDemand?: number;
  /** Demand rows covered by one site only, folded into that site's weight (MCLP). */
  foldedDemand?: number;
  /** Sites fixed closed by the reduced-cost test at the root bound. */
  fixedClosed: number;
  /** Sites fixed open by the reduced-cost test at the root bound. */
  fixedOpen: number;
  /** Sites left free for the exact search. */
  freeSites: number;
}

/**
 * The one optimality tolerance used by every path (local search, HiGHS, own branch-and-bound):
 * a result is proven optimal when |bound − objective| ≤ 1e-9 · max(1, |objective|), where the bound is
 * first rounded to an integer (down when maximising, up when minimising) if all data are integers.
 * With integer data this means an absolute gap below 1.
 */
export const PROOF_RELATIVE_TOLERANCE = 1e-9;

/** Rounds a bound (max form: an upper bound) to the next integer below when the data are integers. */
export function roundMaxBound(bound: number, integral: boolean): number {
  if (!integral || !Number.isFinite(bound)) return bound;
  return Math.floor(bound + 1e-7 * Math.max(1, Math.abs(bound)));
}

/** True when no solution better than `incumbent` can exist below `bound` (both in max form). */
export function closedGap(bound: number, incumbent: number, integral: boolean): boolean {
  return (
    roundMaxBound(bound, integral) - incumbent <= PROOF_RELATIVE_TOLERANCE * Math.max(1, Math.abs(incumbent))
  );
}

export const DEFAULT_TIME_LIMIT_SECONDS = 20;

/** The solve's time budget from its options: validated, with the deadline and the caller's stop signal. */
export function timeBudget(options: SolveOptions, startedAt: number) {
  const seconds = options.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS;
  if (!(seconds > 0)) throw new PlanningInputError('timeLimitSeconds', 'must be a positive number');
  const deadline = startedAt + seconds * 1000;
  return {
    seconds,
    deadline,
    remaining: () => Math.max(0, (deadline - performance.now()) / 1000),
    userStop: options.shouldStop ?? (() => false),
  };
}

export function gapPercent(objective: number, bound: number | undefined): number | undefined {
  if (bound === undefined || !Number.isFinite(bound)) return undefined;
  const scale = Math.max(Math.abs(objective), 1e-9);
  return Math.max(0, (Math.abs(objective - bound) / scale) * 100);
}

export function elapsedSeconds(startedAt: number): number {
  return (performance.now() - startedAt) / 1000;
}
