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
  /** `auto` uses the MIP only while its constraint matrix has at most this many non-zeros. */
  maxExactNonzeros?: number;
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
