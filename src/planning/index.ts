/** Public API of the planning module (demand model, access, site selection, timetable, metrics). */
export { PlanningInputError } from './errors.ts';
export {
  combineDemandWeights,
  DEFAULT_DEMAND_WEIGHT_FACTORS,
  DEMAND_GROUPS,
  demandFromDistricts,
  demandFromPointsCsv,
  demandFromZensusGrid,
  mergeDemand,
  type DemandGroup,
  type DemandPoint,
  type DemandWeightFactors,
  type DistrictInput,
  type WeightedDemandPoint,
} from './demand.ts';
export {
  coverageWithin,
  DEFAULT_DETOUR_FACTOR,
  DEFAULT_MODES,
  travelMinutes,
  travelTimeInstance,
  type AccessOptions,
  type TravelMode,
} from './access.ts';
export { fetchOsrmTable, parseOsrmTable, type OsrmTableResult } from './osrm.ts';
export type { CoverageInstance, DistanceInstance } from './problem.ts';
export { solvePMedian } from './solvers/pmedian.ts';
export { solveMaxCovering } from './solvers/mclp.ts';
export { solveSetCovering } from './solvers/setCover.ts';
export type { SiteSelectionResult, SolveOptions, SolveProgress } from './solvers/types.ts';
export { runScenario, type CandidateSite, type ScenarioInput, type ScenarioResult } from './scenario.ts';
export {
  computeScenarioMetrics,
  type ScenarioMetrics,
  type ScenarioMetricsInput,
} from './scenarioMetrics.ts';
export {
  expandRecurrenceRules,
  proposeFrequencies,
  proposeTimetable,
  type PlannedVisit,
  type RecurrenceRule,
  type TimetableInput,
  type TimetableResult,
} from './timetable.ts';
export { runInWorker, type RunInWorkerOptions, type WorkerOutcome } from './runInWorker.ts';
export type { PlanningJob, PlanningJobResult } from './workerProtocol.ts';
