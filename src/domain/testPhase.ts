/**
 * Test phases (tracker issue 10, item 6): a planner sets a period, sites, units and KPI targets; the report
 * compares target and actual per KPI, for the whole phase and per site, and recommends go, adjust or stop.
 * Pure: the server loads the phase's stops and visits (as for the evaluation) and renders what this module
 * returns — codes and numbers, never text: the web and the PDF turn them into words from their message files.
 *
 * The KPIs (unit of the target and the actual in brackets; the figures follow src/domain/evaluation.ts):
 * - `utilisation` (share 0..1): booked minutes over open counter minutes;
 * - `cost_per_contact` (euros): cost of the stops over contacts, with the cost assumptions in force;
 * - `satisfaction` (score 1..5): mean answer of the visit survey;
 * - `would_use_again_share` (share): survey answers "would use it again" over answers;
 * - `outside_district_share` (share): contacts from outside a reference district (and the districts within
 *   it, e.g. outside the Innenstadt) over contacts whose district of origin is known;
 * - `contacts_per_stop` (contacts): contacts over stops held (a stop is a unit's day or half-day at a site);
 * - `wait_p90` (minutes): 90th percentile of the wait from arrival to the first call;
 * - `no_show_rate` (share): no-shows over appointments that were due (finished or no-show).
 *
 * No data: every actual follows the evaluation's suppression — it is null when it rests on fewer than 5
 * contacts (or answers, waits, due appointments, contacts with a known origin), or cannot be attributed (a
 * department lead's view of the own services has no costs, utilisation or survey). A target without an actual
 * is "no data", never met or missed.
 *
 * A target is met when the actual lies on its side (at least / at most the target). A missed target is
 * missed clearly when the actual lies more than 20 % of the target beyond it (at least 60 %: below 48 %;
 * at most 80 €: above 96 €; with a target of 0, every miss is clear).
 *
 * The recommendation (for the phase and for each site, by the same rule):
 * - no target has data → `insufficient_data` (no recommendation yet);
 * - more than half of all targets are missed clearly → `stop`;
 * - every target has data and is met → `go`;
 * - otherwise → `adjust` (something is missed, or lacks data).
 * Its reasons: a summary (all met / most missed clearly / some missed / some without data) followed by the
 * targets that explain it (for `go` the met ones, otherwise those missed or without data).
 */
import {
  computeEvaluation,
  SUPPRESS_BELOW,
  type EvaluationFigures,
  type EvaluationInput,
  type EvaluationMeasures,
  type EvaluationStop,
  type EvaluationVisit,
} from './evaluation.ts';
import { DomainError } from './errors.ts';

export const testPhaseKpiKeys = [
  'utilisation',
  'cost_per_contact',
  'satisfaction',
  'would_use_again_share',
  'outside_district_share',
  'contacts_per_stop',
  'wait_p90',
  'no_show_rate',
] as const;
export type TestPhaseKpi = (typeof testPhaseKpiKeys)[number];

export const comparators = ['at_least', 'at_most'] as const;
export type Comparator = (typeof comparators)[number];

export type KpiUnit = 'share' | 'eur' | 'score' | 'contacts' | 'minutes';

export interface KpiDefinition {
  unit: KpiUnit;
  /** The usual direction: the comparator a form proposes. */
  usual: Comparator;
  /** The range a target must lie in (the database checks the same). */
  min: number;
  max: number;
  /** True for the KPI that needs a reference district. */
  needsDistrict: boolean;
}

export const testPhaseKpis: Readonly<Record<TestPhaseKpi, KpiDefinition>> = {
  utilisation: { unit: 'share', usual: 'at_least', min: 0, max: 1, needsDistrict: false },
  cost_per_contact: { unit: 'eur', usual: 'at_most', min: 0, max: 100_000, needsDistrict: false },
  satisfaction: { unit: 'score', usual: 'at_least', min: 1, max: 5, needsDistrict: false },
  would_use_again_share: { unit: 'share', usual: 'at_least', min: 0, max: 1, needsDistrict: false },
  outside_district_share: { unit: 'share', usual: 'at_least', min: 0, max: 1, needsDistrict: true },
  contacts_per_stop: { unit: 'contacts', usual: 'at_least', min: 0, max: 1000, needsDistrict: false },
  wait_p90: { unit: 'minutes', usual: 'at_most', min: 0, max: 600, needsDistrict: false },
  no_show_rate: { unit: 'share', usual: 'at_most', min: 0, max: 1, needsDistrict: false },
};

/** How far beyond its target an actual must lie to count as clearly missed: 20 % of the target. */
export const CLEAR_MISS_MARGIN = 0.2;
/** Longest test phase: the evaluation's limit. */
export const MAX_TEST_PHASE_DAYS = 731;

export interface KpiTarget {
  kpi: TestPhaseKpi;
  comparator: Comparator;
  target: number;
  /** The reference district of `outside_district_share`; null for every other KPI. */
  districtId: string | null;
}

/** A test phase as a planner enters it (before checking). */
export interface TestPhaseDraft {
  name: string;
  startDate: string;
  endDate: string;
  siteIds: readonly string[];
  unitIds: readonly string[];
  targets: readonly {
    kpi: string;
    comparator: string;
    target: number;
    districtId?: string | null | undefined;
  }[];
}

export interface CheckedTestPhase {
  name: string;
  startDate: string;
  endDate: string;
  siteIds: string[];
  unitIds: string[];
  targets: KpiTarget[];
}

/** What exists in the municipality: the ids a draft may name. */
export interface KnownIds {
  siteIds: ReadonlySet<string>;
  unitIds: ReadonlySet<string>;
  districtIds: ReadonlySet<string>;
}

const DAY_MS = 86_400_000;
/** Epoch milliseconds of a calendar day (YYYY-MM-DD), or NaN for anything else (also 2030-02-30). */
const isoDay = (value: string) => {
  const time = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  return Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value ? Number.NaN : time;
};

const isKpi = (value: string): value is TestPhaseKpi =>
  (testPhaseKpiKeys as readonly string[]).includes(value);
const isComparator = (value: string): value is Comparator =>
  (comparators as readonly string[]).includes(value);

/**
 * Checks a planner's draft: the first problem found is thrown as a DomainError naming its field
 * (`name`, `startDate`, `endDate`, `siteIds[1]`, `targets[0].target`, …). Duplicate ids are merged.
 */
export function checkTestPhase(draft: TestPhaseDraft, known: KnownIds): CheckedTestPhase {
  const name = draft.name.trim();
  if (name.length === 0 || name.length > 200) {
    throw new DomainError('validation', { field: 'name', message: 'a name of 1 to 200 characters' });
  }
  const start = isoDay(draft.startDate);
  if (Number.isNaN(start))
    throw new DomainError('invalid_date', { field: 'startDate', message: 'not a date' });
  const end = isoDay(draft.endDate);
  if (Number.isNaN(end)) throw new DomainError('invalid_date', { field: 'endDate', message: 'not a date' });
  if (end < start) {
    throw new DomainError('invalid_range', { field: 'endDate', message: 'the phase ends before it starts' });
  }
  if ((end - start) / DAY_MS + 1 > MAX_TEST_PHASE_DAYS) {
    throw new DomainError('invalid_range', {
      field: 'endDate',
      message: `a test phase covers at most ${MAX_TEST_PHASE_DAYS} days`,
      details: { maxDays: MAX_TEST_PHASE_DAYS },
    });
  }
  const ids = (
    list: readonly string[],
    field: 'siteIds' | 'unitIds',
    exists: ReadonlySet<string>,
    code: 'unknown_site' | 'unknown_unit',
  ) => {
    if (list.length === 0) {
      throw new DomainError('validation', { field, message: `${field} needs at least one id` });
    }
    list.forEach((id, index) => {
      if (!exists.has(id))
        throw new DomainError(code, { field: `${field}[${index}]`, message: `unknown ${id}` });
    });
    return [...new Set(list)];
  };
  const siteIds = ids(draft.siteIds, 'siteIds', known.siteIds, 'unknown_site');
  const unitIds = ids(draft.unitIds, 'unitIds', known.unitIds, 'unknown_unit');
  if (draft.targets.length === 0) {
    throw new DomainError('validation', { field: 'targets', message: 'at least one KPI target' });
  }
  const seen = new Set<TestPhaseKpi>();
  const targets = draft.targets.map((entry, index): KpiTarget => {
    const at = `targets[${index}]`;
    if (!isKpi(entry.kpi)) {
      throw new DomainError('validation', { field: `${at}.kpi`, message: `unknown KPI ${entry.kpi}` });
    }
    if (seen.has(entry.kpi)) {
      throw new DomainError('duplicate_kpi', {
        field: `${at}.kpi`,
        message: `${entry.kpi} has a target already`,
      });
    }
    seen.add(entry.kpi);
    if (!isComparator(entry.comparator)) {
      throw new DomainError('validation', { field: `${at}.comparator`, message: 'at_least or at_most' });
    }
    const definition = testPhaseKpis[entry.kpi];
    if (!Number.isFinite(entry.target) || entry.target < definition.min || entry.target > definition.max) {
      throw new DomainError('invalid_kpi_target', {
        field: `${at}.target`,
        message: `${entry.kpi} targets lie between ${definition.min} and ${definition.max}`,
        details: { kpi: entry.kpi, min: definition.min, max: definition.max, unit: definition.unit },
      });
    }
    let districtId: string | null = null;
    if (definition.needsDistrict) {
      if (!entry.districtId) {
        throw new DomainError('validation', {
          field: `${at}.districtId`,
          message: 'the reference district is missing',
        });
      }
      if (!known.districtIds.has(entry.districtId)) {
        throw new DomainError('unknown_district', {
          field: `${at}.districtId`,
          message: `unknown district ${entry.districtId}`,
        });
      }
      districtId = entry.districtId;
    } else if (entry.districtId) {
      throw new DomainError('validation', {
        field: `${at}.districtId`,
        message: 'only outside_district_share takes a district',
      });
    }
    return { kpi: entry.kpi, comparator: entry.comparator, target: entry.target, districtId };
  });
  return { name, startDate: draft.startDate, endDate: draft.endDate, siteIds, unitIds, targets };
}

export type KpiStatus = 'met' | 'missed' | 'no_data';

export interface KpiResult extends KpiTarget {
  /** In the KPI's unit; null: no data (suppressed, too few cases, or not attributable). */
  actual: number | null;
  status: KpiStatus;
  /** Missed by more than CLEAR_MISS_MARGIN of the target. */
  clearlyMissed: boolean;
}

/** Target against actual. A hair's breadth of floating-point error does not turn a met target into a miss. */
export function assessKpi(target: KpiTarget, actual: number | null): KpiResult {
  if (actual === null || !Number.isFinite(actual)) {
    return { ...target, actual: null, status: 'no_data', clearlyMissed: false };
  }
  const slack = 1e-9 * Math.max(1, Math.abs(target.target));
  const met =
    target.comparator === 'at_least' ? actual >= target.target - slack : actual <= target.target + slack;
  const clearlyMissed =
    !met &&
    (target.comparator === 'at_least'
      ? actual < target.target * (1 - CLEAR_MISS_MARGIN) - slack
      : actual > target.target * (1 + CLEAR_MISS_MARGIN) + slack);
  return { ...target, actual, status: met ? 'met' : 'missed', clearlyMissed };
}

export type Decision = 'go' | 'adjust' | 'stop' | 'insufficient_data';

export const recommendationReasonCodes = [
  'all_met',
  'most_clearly_missed',
  'some_missed',
  'some_without_data',
  'no_data_at_all',
  'kpi_met',
  'kpi_missed',
  'kpi_clearly_missed',
  'kpi_no_data',
] as const;

/** One reason of a recommendation: a code for the message files and the numbers it names. */
export type RecommendationReason =
  | { code: 'all_met'; count: number }
  | { code: 'most_clearly_missed'; count: number; total: number }
  | { code: 'some_missed'; count: number; total: number }
  | { code: 'some_without_data'; count: number; total: number }
  | { code: 'no_data_at_all'; total: number }
  | {
      code: 'kpi_met' | 'kpi_missed' | 'kpi_clearly_missed';
      kpi: TestPhaseKpi;
      comparator: Comparator;
      target: number;
      actual: number;
      districtId: string | null;
    }
  | { code: 'kpi_no_data'; kpi: TestPhaseKpi; districtId: string | null };

export interface Recommendation {
  decision: Decision;
  reasons: RecommendationReason[];
}

const kpiReason = (result: KpiResult): RecommendationReason =>
  result.status === 'no_data' || result.actual === null
    ? { code: 'kpi_no_data', kpi: result.kpi, districtId: result.districtId }
    : {
        code:
          result.status === 'met' ? 'kpi_met' : result.clearlyMissed ? 'kpi_clearly_missed' : 'kpi_missed',
        kpi: result.kpi,
        comparator: result.comparator,
        target: result.target,
        actual: result.actual,
        districtId: result.districtId,
      };

/** The go / adjust / stop rule (see the module comment), with its reasons. */
export function recommend(results: readonly KpiResult[]): Recommendation {
  const total = results.length;
  const noData = results.filter((result) => result.status === 'no_data');
  const missed = results.filter((result) => result.status === 'missed');
  const clearly = missed.filter((result) => result.clearlyMissed);
  if (total === 0 || noData.length === total) {
    return {
      decision: 'insufficient_data',
      reasons: [{ code: 'no_data_at_all', total }, ...noData.map(kpiReason)],
    };
  }
  const notMet = results.filter((result) => result.status !== 'met').map(kpiReason);
  if (clearly.length * 2 > total) {
    return {
      decision: 'stop',
      reasons: [{ code: 'most_clearly_missed', count: clearly.length, total }, ...notMet],
    };
  }
  if (missed.length === 0 && noData.length === 0) {
    return { decision: 'go', reasons: [{ code: 'all_met', count: total }, ...results.map(kpiReason)] };
  }
  const summary: RecommendationReason[] = [];
  if (missed.length > 0) summary.push({ code: 'some_missed', count: missed.length, total });
  if (noData.length > 0) summary.push({ code: 'some_without_data', count: noData.length, total });
  return { decision: 'adjust', reasons: [...summary, ...notMet] };
}

export interface DistrictParent {
  districtId: string;
  parentId: string | null;
}

/** A district and every district within it (children, their children, …). */
export function districtWithin(districtId: string, parents: readonly DistrictParent[]): Set<string> {
  const inside = new Set([districtId]);
  let grown = true;
  while (grown) {
    grown = false;
    for (const district of parents) {
      if (district.parentId && inside.has(district.parentId) && !inside.has(district.districtId)) {
        inside.add(district.districtId);
        grown = true;
      }
    }
  }
  return inside;
}

/** The figures that are not among the evaluation's measures, for one group of stops and their visits. */
function extraActual(
  kpi: 'outside_district_share' | 'contacts_per_stop' | 'no_show_rate',
  stops: readonly EvaluationStop[],
  visits: readonly EvaluationVisit[],
  inside: ReadonlySet<string> | undefined,
): number | null {
  const finished = visits.filter((visit) => visit.outcome === 'finished');
  if (kpi === 'contacts_per_stop') {
    const held = stops.filter((stop) => !stop.cancelled).length;
    if (held === 0) return null;
    if (finished.length > 0 && finished.length < SUPPRESS_BELOW) return null;
    return finished.length / held;
  }
  if (kpi === 'no_show_rate') {
    const due = visits.filter(
      (visit) => visit.channel !== 'walk_in' && (visit.outcome === 'finished' || visit.outcome === 'no_show'),
    );
    if (due.length < SUPPRESS_BELOW) return null;
    return due.filter((visit) => visit.outcome === 'no_show').length / due.length;
  }
  const known = finished.filter((visit) => visit.originDistrictId !== null);
  if (known.length < SUPPRESS_BELOW || !inside) return null;
  return known.filter((visit) => !inside.has(visit.originDistrictId!)).length / known.length;
}

function actualOf(
  target: KpiTarget,
  measures: EvaluationMeasures | undefined,
  stops: readonly EvaluationStop[],
  visits: readonly EvaluationVisit[],
  parents: readonly DistrictParent[],
): number | null {
  switch (target.kpi) {
    case 'utilisation':
      return measures?.utilisation ?? null;
    case 'cost_per_contact':
      return measures?.costPerContactEur ?? null;
    case 'satisfaction':
      return measures?.satisfactionMean ?? null;
    case 'would_use_again_share':
      return measures?.wouldUseAgainShare ?? null;
    case 'wait_p90':
      return measures?.waitP90Minutes ?? null;
    case 'outside_district_share':
      return extraActual(
        target.kpi,
        stops,
        visits,
        target.districtId ? districtWithin(target.districtId, parents) : undefined,
      );
    case 'contacts_per_stop':
    case 'no_show_rate':
      return extraActual(target.kpi, stops, visits, undefined);
  }
}

export interface TestPhaseReportInput {
  /** The phase's stops (its period, sites and units) and their visits, as for the evaluation. */
  evaluation: EvaluationInput;
  districtParents: readonly DistrictParent[];
  /** The phase's sites, in the order the report lists them. */
  siteIds: readonly string[];
  targets: readonly KpiTarget[];
}

export interface KpiAssessment {
  kpis: KpiResult[];
  recommendation: Recommendation;
}

export interface TestPhaseReport {
  overall: KpiAssessment;
  bySite: (KpiAssessment & { siteId: string })[];
  figures: EvaluationFigures;
}

/** Target against actual for the phase and each of its sites, and the recommendations. */
export function testPhaseReport(input: TestPhaseReportInput): TestPhaseReport {
  const figures = computeEvaluation(input.evaluation);
  const { stops, visits } = input.evaluation;
  const assess = (
    measures: EvaluationMeasures | undefined,
    groupStops: readonly EvaluationStop[],
    groupVisits: readonly EvaluationVisit[],
  ): KpiAssessment => {
    const kpis = input.targets.map((target) =>
      assessKpi(target, actualOf(target, measures, groupStops, groupVisits, input.districtParents)),
    );
    return { kpis, recommendation: recommend(kpis) };
  };
  const siteOfStop = new Map(stops.map((stop) => [stop.stopId, stop.siteId]));
  return {
    overall: assess(figures.totals, stops, visits),
    bySite: input.siteIds.map((siteId) => ({
      siteId,
      ...assess(
        figures.bySite.find((row) => row.key === siteId),
        stops.filter((stop) => stop.siteId === siteId),
        visits.filter((visit) => siteOfStop.get(visit.stopId) === siteId),
      ),
    })),
    figures,
  };
}
