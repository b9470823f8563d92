import type { TravelMode } from '../../../planning/access.ts';
import type { DemandLayerKind } from '../../../planning/demandLayers.ts';
import type { RobustnessResult, SiteRobustness } from '../../../planning/robustness.ts';
import type { ScenarioNote, ScenarioObjective, WeightInputs } from '../../../planning/scenarioSetup.ts';
import type {
  RecurrenceRule,
  SchoolHolidayVisits,
  TimetableChange,
  UnscheduledCode,
} from '../../../planning/timetable.ts';

/** What a planner enters for a scenario (stored as `planning_scenarios.inputs`). */
export interface ScenarioInputs {
  objective: ScenarioObjective;
  /** Number of mobile units to plan with (the first n active units). */
  units: number;
  staffDaysPerWeek: number;
  /** Sites to open (MCLP, p-median); or give `budgetPerMonth` instead. */
  p?: number | undefined;
  /** Monthly budget in EUR: the most sites whose timetable stays within it. */
  budgetPerMonth?: number | undefined;
  coverageThresholdMinutes: number;
  /** 'transit': public transport on the newest GTFS feed (src/planning/transitAccess.ts). */
  travelMode: TravelMode | 'transit';
  /** Public transport: the service date (default: the next Wednesday the feed covers), window and mode split. */
  transit?:
    { date?: string | undefined; windowStart: string; windowEnd: string; olderWalkShare: number } | undefined;
  weights: WeightInputs;
  costPerStaffHour: number;
  costPerUnitDay: number;
  shareLimitedMobility?: number | undefined;
  siteIds?: string[] | undefined;
  districtIds?: string[] | undefined;
  timeLimitSeconds: number;
  /**
   * The demand layers and their weights (tracker issue 13). Absent: the districts alone (scenarios stored
   * before layers existed). A grid or points layer names its stored layer; without `layerId` the newest grid
   * or every points layer is used.
   */
  layerWeights?: LayerWeightInput[] | undefined;
}

export interface LayerWeightInput {
  kind: DemandLayerKind;
  layerId?: string | undefined;
  weight: number;
}

export interface ScenarioProgress {
  step: 'queued' | 'selection' | 'timetable' | 'budget' | 'robustness' | 'done';
  phase: string;
  percent: number;
  incumbent?: number;
  bound?: number;
  /** Budget search: which number of sites is being tried. */
  p?: number;
}

export interface ScenarioMetricsView {
  coveragePct: number;
  coveragePointsPct: number;
  residentsTotal: number;
  residents65plusTotal: number;
  residents65plusCovered: number;
  residents65plusCoveredPct: number;
  meanTravelMinutes: number;
  worstTravelMinutes: number;
  staffHoursPerMonth: number;
  unitDaysPerMonth: number;
  /** Staff, units and venues together. */
  costPerMonth: number;
  /** The parts of `costPerMonth` (missing in results stored before venue costs counted). */
  costBreakdown?: { staff: number; units: number; venues: number };
}

export interface ChosenSiteView {
  id: string;
  name: string;
  lat: number;
  lon: number;
  placeholder: boolean;
  servedWeight: number;
  servedDistrictIds: string[];
}

export interface DemandView {
  districtId: string;
  name: string;
  lat: number;
  lon: number;
  residents: number;
  residents65plus: number;
  pastBookings: number;
  weight: number;
  nearestSiteId: string;
  travelMinutes: number;
  covered: boolean;
}

export interface SolverView {
  kind: string;
  method: 'exact' | 'heuristic';
  sense: 'min' | 'max';
  objective: number;
  bound: number | null;
  gapPct: number | null;
  provenOptimal: boolean;
  runtimeSeconds: number;
  reason: string;
  boundSource: string | null;
  /** Which solver produced the answer (absent in results stored before it was recorded). */
  solver?: 'local-search' | 'highs' | 'branch-and-bound' | null;
}

export type TimetableRuleView = RecurrenceRule & { siteName: string; unitName: string };

export interface ScenarioResultView {
  p: number;
  chosenSites: ChosenSiteView[];
  metrics: ScenarioMetricsView;
  solver: SolverView;
  timetable: {
    rules: TimetableRuleView[];
    /** `code` is missing in results stored before it existed. */
    unscheduled: { siteId: string; siteName: string; code?: UnscheduledCode; reason: string }[];
    method: 'exact' | 'heuristic';
    reason: string;
    horizon: { start: string; end: string };
    /** Differences to the timetable in force (missing in results stored before it existed). */
    changes?: (TimetableChange & { siteName: string })[];
    visitCount: number;
    skippedHolidays: number;
    /** Visits at schools left out in school holidays (missing in results stored before it existed). */
    skippedSchoolHolidays?: number;
    /** The NRW school holidays in the horizon and the visits that still take place in them. */
    schoolHolidays?: SchoolHolidayVisits[];
    schoolHolidaysKnownUntil?: string;
  };
  demand: DemandView[];
  notes: ScenarioNote[];
  budgetSearch?: { budgetPerMonth: number; tried: { p: number; costPerMonth: number }[] } | undefined;
  unitIds: string[];
  /** The robustness variants (absent in results stored before they existed). */
  robustness?: RobustnessView | undefined;
}

/**
 * The site choice under varied demand and weights (src/planning/robustness.ts), with the sites' names. `failed`:
 * the variants could not be solved (the run's own answer stands).
 */
export type RobustnessView =
  | (Omit<RobustnessResult, 'sites'> & { sites: (SiteRobustness & { name: string; placeholder: boolean })[] })
  | { status: 'failed'; reason: string };

export interface ScenarioErrorView {
  reason: string;
  message: string;
  field?: string | undefined;
}
