/**
 * Turns a municipality's stored data (districts, sites, units, past bookings) into the inputs of a planning
 * scenario, and a proposed timetable back into schedule rules. Pure: no I/O, so unit tests reach it.
 */
import { matchesPattern, type RecurrencePattern } from '../domain/recurrence.ts';
import { addDays, daysBetween, isoWeekdayOf, type LocalDate } from '../domain/time.ts';
import { travelMinutes, type TravelMode } from './access.ts';
import type { DemandPoint, DemandWeightFactors } from './demand.ts';
import { PlanningInputError } from './errors.ts';
import { haversineMetres, type LatLon } from './geo.ts';
import type { CandidateSite } from './scenario.ts';
import {
  BIWEEKLY_ANCHORS,
  recurrencePatternOf,
  type RecurrenceRule,
  type TimeInterval,
  type TimetableSite,
} from './timetable.ts';

/** Share of residents aged 65+ in Kreis Gütersloh, used where a district has no figure of its own. */
export const COUNTY_SHARE_65PLUS = 0.19;

/** Default operating figures; every one is an editable input of the scenario. */
export const DEFAULT_COST_PER_STAFF_HOUR = 48;
export const DEFAULT_COST_PER_UNIT_DAY = 120;
/** Default opening hours assumed at a site whose hours are unknown (Monday to Friday). */
export const ASSUMED_OPENING: TimeInterval = { start: '08:00', end: '17:30' };
export const SETUP_MINUTES = 20;
export const TEARDOWN_MINUTES = 15;

export type ScenarioObjective = 'mclp' | 'pmedian' | 'setcover';

/** A note on the data or an assumption, shown in the report; `code` is translated by the UI. */
export interface ScenarioNote {
  code: string;
  params?: Record<string, string | number>;
}

export interface DistrictRow {
  id: string;
  name: string;
  parent_id: string | null;
  population: number | null;
  share_65plus: number | null;
  lat: number;
  lon: number;
  confidence: string;
}

export interface SiteRow {
  id: string;
  name: string;
  lat: number;
  lon: number;
  placeholder: boolean;
  /** A venue a planner marked usable (migration 045); only these are candidates. */
  usable: boolean;
  confidence: string;
  opening_hours: { days: string[]; opens?: string; closes?: string }[] | null;
  /** Rent or fee per day of use in EUR; null: not known. */
  cost_per_day_eur?: number | null;
  /** The kind of place (`school`: no stops in school holidays). */
  category?: string;
}

export interface DemandSetup {
  demand: DemandPoint[];
  notes: ScenarioNote[];
  /** District ids whose population is unknown and that therefore carry no demand of their own. */
  withoutPopulation: string[];
}

/**
 * One demand point per district with a known population. A district whose sub-districts have figures keeps
 * the rest (its population minus theirs) at its own reference point, so nobody is counted twice. Where the
 * share of residents aged 65+ is unknown, the county share is used and a note says so.
 */
export function demandFromDistrictRows(
  rows: readonly DistrictRow[],
  options: {
    pastBookingsByDistrict?: Readonly<Record<string, number>>;
    districtIds?: readonly string[];
    shareLimitedMobility?: number;
  } = {},
): DemandSetup {
  const notes: ScenarioNote[] = [];
  const selected = options.districtIds ? new Set(options.districtIds) : undefined;
  if (selected) {
    const known = new Set(rows.map((row) => row.id));
    options.districtIds!.forEach((id, index) => {
      if (!known.has(id)) throw new PlanningInputError(`districtIds[${index}]`, `no district "${id}"`);
    });
  }
  const childPopulation = new Map<string, number>();
  for (const row of rows) {
    if (row.parent_id && row.population !== null) {
      childPopulation.set(row.parent_id, (childPopulation.get(row.parent_id) ?? 0) + row.population);
    }
  }
  const withoutPopulation: string[] = [];
  let defaulted = 0;
  const demand: DemandPoint[] = [];
  for (const row of rows) {
    if (selected && !selected.has(row.id)) continue;
    if (row.population === null) {
      withoutPopulation.push(row.id);
      continue;
    }
    const population = Math.max(0, row.population - (childPopulation.get(row.id) ?? 0));
    if (childPopulation.has(row.id)) {
      notes.push({
        code: 'districtRemainder',
        params: { district: row.name, population: row.population, remainder: population },
      });
    }
    const share65 = row.share_65plus ?? COUNTY_SHARE_65PLUS;
    if (row.share_65plus === null) defaulted++;
    const shareMobility = options.shareLimitedMobility ?? 0;
    demand.push({
      id: row.id,
      name: row.name,
      lat: row.lat,
      lon: row.lon,
      source: 'district',
      counts: {
        residents: population,
        residents65plus: population * share65,
        limitedMobility: population * shareMobility,
        pastBookings: options.pastBookingsByDistrict?.[row.id] ?? 0,
      },
    });
  }
  if (defaulted > 0) {
    notes.push({ code: 'share65County', params: { share: COUNTY_SHARE_65PLUS, districts: defaulted } });
  }
  if (withoutPopulation.length > 0) {
    notes.push({ code: 'districtsWithoutPopulation', params: { districts: withoutPopulation.join(', ') } });
  }
  if (!options.shareLimitedMobility) notes.push({ code: 'limitedMobilityUnknown' });
  const lowConfidence = rows.filter(
    (row) => row.confidence === 'low' && row.population !== null && (!selected || selected.has(row.id)),
  );
  if (lowConfidence.length > 0) {
    notes.push({
      code: 'lowConfidenceDistricts',
      params: { districts: lowConfidence.map((row) => row.name).join(', ') },
    });
  }
  const total = demand.reduce((sum, point) => sum + (point.counts.residents ?? 0), 0);
  if (demand.length === 0 || total <= 0) {
    throw new PlanningInputError(
      selected ? 'districtIds' : 'demand',
      'there is no demand: none of the chosen districts has a known population',
    );
  }
  return { demand, notes, withoutPopulation };
}

/**
 * The candidate sites of a scenario: only venues marked usable. A placeholder (a district's reference point)
 * is demand, never a candidate, even when a planner names it; naming a site that is not usable is an input
 * error on `siteIds[i]`.
 */
export function candidateSitesFrom(
  rows: readonly SiteRow[],
  siteIds?: readonly string[],
): { sites: (CandidateSite & { placeholder: boolean })[]; notes: ScenarioNote[] } {
  const known = new Map(rows.map((row) => [row.id, row]));
  const isVenue = (row: SiteRow) => row.usable && !row.placeholder;
  siteIds?.forEach((id, index) => {
    const row = known.get(id);
    if (!row) throw new PlanningInputError(`siteIds[${index}]`, `no site "${id}"`);
    if (!isVenue(row)) {
      throw new PlanningInputError(
        `siteIds[${index}]`,
        row.placeholder
          ? `"${id}" is a district reference point, not a venue`
          : `"${id}" is not marked usable as a venue`,
        { reason: 'not_a_venue', siteId: id },
      );
    }
  });
  const chosen = siteIds ? [...new Set(siteIds)].map((id) => known.get(id)!) : rows.filter(isVenue);
  if (chosen.length === 0) {
    throw new PlanningInputError('siteIds', 'there is no usable venue: mark sites usable first', {
      reason: 'no_usable_venue',
    });
  }
  const notes: ScenarioNote[] = [];
  const leftOut = rows.filter((row) => !isVenue(row));
  if (!siteIds && leftOut.length > 0) {
    notes.push({
      code: 'sitesNotVenues',
      params: {
        sites: leftOut.length,
        placeholders: leftOut.filter((row) => row.placeholder).length,
      },
    });
  }
  const unknownHours = chosen.filter((row) => !row.opening_hours || row.opening_hours.length === 0);
  if (unknownHours.length > 0) {
    notes.push({
      code: 'assumedOpeningHours',
      params: { sites: unknownHours.length, start: ASSUMED_OPENING.start, end: ASSUMED_OPENING.end },
    });
  }
  return {
    sites: chosen.map((row) => ({
      id: row.id,
      name: row.name,
      lat: row.lat,
      lon: row.lon,
      placeholder: row.placeholder,
    })),
    notes,
  };
}

const WEEKDAY_CODES: Record<string, 1 | 2 | 3 | 4 | 5> = { mo: 1, tu: 2, we: 3, th: 4, fr: 5 };

/** Opening hours for the timetable; unknown hours become the assumed weekday hours. */
export function openingHoursForTimetable(entries: SiteRow['opening_hours']): TimetableSite['openingHours'] {
  const hours: TimetableSite['openingHours'] = {};
  if (!entries || entries.length === 0) {
    for (const day of [1, 2, 3, 4, 5] as const) hours[day] = [ASSUMED_OPENING];
    return hours;
  }
  for (const entry of entries) {
    const interval =
      entry.opens && entry.closes ? { start: entry.opens, end: entry.closes } : { ...ASSUMED_OPENING };
    for (const code of entry.days) {
      const day = WEEKDAY_CODES[code];
      if (day) (hours[day] ??= []).push(interval);
    }
  }
  return hours;
}

/** Driving minutes from the depot (the units' home site) to a site, rounded up. */
export function depotMinutes(depot: LatLon, site: LatLon): number {
  return Math.ceil(travelMinutes(haversineMetres(depot, site), { mode: 'car' }));
}

/** A month's cost of a timetable and its parts: staff hours, unit days and the venues' cost per day of use. */
export interface MonthlyCost {
  staff: number;
  units: number;
  venues: number;
  total: number;
}

export function monthlyCost(
  staffHoursPerMonth: number,
  unitDaysPerMonth: number,
  rates: { costPerStaffHour: number; costPerUnitDay: number },
  venueCostPerMonth = 0,
): MonthlyCost {
  const staff = staffHoursPerMonth * rates.costPerStaffHour;
  const units = unitDaysPerMonth * rates.costPerUnitDay;
  return { staff, units, venues: venueCostPerMonth, total: staff + units + venueCostPerMonth };
}

/** The Monday on or after `today` (YYYY-MM-DD), where a proposed timetable starts. */
export function nextMonday(today: LocalDate): LocalDate {
  return addDays(today, (8 - isoWeekdayOf(today)) % 7);
}

/** The schedule pattern (domain/recurrence) that makes the same dates as a timetable rule. */
export function schedulePatternOf(
  rule: RecurrenceRule,
  validFrom: string,
):
  | { kind: 'weekly'; weekdays: [number] }
  | { kind: 'every_n_weeks'; intervalWeeks: 2; anchorDate: string; weekdays: [number] }
  | { kind: 'monthly_nth_weekday'; nth: 1 | 2 | 3 | 4; weekday: number } {
  if (rule.frequency === 'weekly') return { kind: 'weekly', weekdays: [rule.weekday] };
  if (rule.frequency === 'monthly') {
    return { kind: 'monthly_nth_weekday', nth: rule.weekOfMonth ?? 1, weekday: rule.weekday };
  }
  // Biweekly: the anchor is the first Monday from validFrom's week on whose week has the rule's parity.
  const monday = addDays(validFrom, 1 - isoWeekdayOf(validFrom));
  const rhythm = recurrencePatternOf({ ...rule, weekday: 1, weekParity: rule.weekParity ?? 0 })!;
  const anchor = matchesPattern(rhythm, monday) ? monday : addDays(monday, 7);
  return { kind: 'every_n_weeks', intervalWeeks: 2, anchorDate: anchor, weekdays: [rule.weekday] };
}

/** An active schedule as stored: its unit, site and rule (domain/recurrence's ScheduleRule). */
export interface ScheduleInForce {
  unitId: string;
  siteId: string;
  pattern: RecurrencePattern;
  startTime: string;
  endTime: string;
}

/**
 * The timetable in force as timetable rules: one rule per weekday of a weekly or biweekly schedule, the
 * n-th weekday of a monthly one. What a timetable rule cannot say (weekends, every third week, the last
 * weekday of a month) is counted in `notRepresentable` and left as it is.
 */
export function rulesInForce(schedules: readonly ScheduleInForce[]): {
  rules: RecurrenceRule[];
  notRepresentable: number;
} {
  const rules: RecurrenceRule[] = [];
  let notRepresentable = 0;
  const weekday = (day: number): day is 1 | 2 | 3 | 4 | 5 => day >= 1 && day <= 5;
  for (const schedule of schedules) {
    const base = {
      siteId: schedule.siteId,
      unitId: schedule.unitId,
      startTime: schedule.startTime,
      endTime: schedule.endTime,
    };
    const pattern = schedule.pattern;
    if (pattern.kind === 'weekly') {
      for (const day of pattern.weekdays) {
        if (weekday(day)) rules.push({ ...base, frequency: 'weekly', weekday: day });
        else notRepresentable++;
      }
    } else if (pattern.kind === 'every_n_weeks' && pattern.intervalWeeks === 2) {
      const anchorMonday = addDays(pattern.anchorDate, 1 - isoWeekdayOf(pattern.anchorDate));
      const parity = (((daysBetween(BIWEEKLY_ANCHORS[0], anchorMonday) / 7) % 2) + 2) % 2;
      for (const day of pattern.weekdays) {
        if (weekday(day)) {
          rules.push({ ...base, frequency: 'biweekly', weekday: day, weekParity: parity as 0 | 1 });
        } else notRepresentable++;
      }
    } else if (
      pattern.kind === 'monthly_nth_weekday' &&
      pattern.nth >= 1 &&
      pattern.nth <= 4 &&
      weekday(pattern.weekday)
    ) {
      rules.push({
        ...base,
        frequency: 'monthly',
        weekday: pattern.weekday,
        weekOfMonth: pattern.nth as 1 | 2 | 3 | 4,
      });
    } else {
      notRepresentable++;
    }
  }
  return { rules, notRepresentable };
}

export interface WeightInputs {
  residents: number;
  residents65plus: number;
  limitedMobility: number;
  pastBookings: number;
}

export function weightFactorsOf(weights: WeightInputs): DemandWeightFactors {
  return { ...weights, distancePerKm: 0, distanceCapKm: 10 };
}

export const TRAVEL_MODES: readonly TravelMode[] = ['walk', 'bike', 'bus', 'car'];
