import { matchesPattern, nrwHolidaysInYears, type RecurrencePattern } from '../domain/recurrence.ts';
import {
  nrwSchoolHolidayOn,
  nrwSchoolHolidaysBetween,
  NRW_SCHOOL_HOLIDAYS,
} from '../domain/schoolHolidays.ts';
import { addDays, daysBetween, isLocalDate, type LocalDate } from '../domain/time.ts';
import { PlanningInputError, requireFiniteNumber } from './errors.ts';
import { runLpModel, SolverAbortedError } from './solvers/highsRunner.ts';

export type Weekday = 1 | 2 | 3 | 4 | 5;

export interface DateRange {
  /** First day, `YYYY-MM-DD`. */
  start: string;
  /** Last day (inclusive), `YYYY-MM-DD`. */
  end: string;
}

function localDateIn(value: string, field: string): LocalDate {
  if (!isLocalDate(value ?? ''))
    throw new PlanningInputError(field, `expected a date YYYY-MM-DD, got "${value}"`);
  return value;
}

/** Every day of the range, validated: start <= end, at most 3 years. */
function datesOf(range: DateRange): LocalDate[] {
  const start = localDateIn(range.start, 'horizon.start');
  const end = localDateIn(range.end, 'horizon.end');
  const days = daysBetween(start, end);
  if (days < 0) throw new PlanningInputError('horizon.end', 'must not be before the start');
  if (days + 1 > 3 * 366) throw new PlanningInputError('horizon', 'at most three years at a time');
  return Array.from({ length: days + 1 }, (_, offset) => addDays(start, offset));
}

/** Minutes since midnight of a clock time `H:MM` or `HH:MM` (24:00 allowed as the end of the day). */
function minutesOf(time: string, field: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time ?? '');
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || minutes > 24 * 60)
    throw new PlanningInputError(field, `expected HH:MM, got "${time}"`);
  return minutes;
}

function formatTime(minutes: number): string {
  const rounded = Math.round(minutes);
  return `${String(Math.floor(rounded / 60)).padStart(2, '0')}:${String(rounded % 60).padStart(2, '0')}`;
}

export type VisitFrequency = 'weekly' | 'biweekly' | 'monthly';
export type HalfDay = 'morning' | 'afternoon';

/** Why a chosen site got no place in the timetable. */
export type UnscheduledCode = 'no_free_slot' | 'no_fitting_weekday';

export interface TimeInterval {
  start: string;
  end: string;
}

export interface TimetableSite {
  siteId: string;
  /** Demand weight served by this site (e.g. from the site selection). */
  demandWeight: number;
  /** One-way travel minutes from the depot (town hall). */
  travelMinutesFromDepot: number;
  /** Opening hours per weekday (1 = Monday … 5 = Friday); a missing day means closed. */
  openingHours: Partial<Record<Weekday, TimeInterval[]>>;
  /** A school: no visits in the NRW school holidays (the domain's calendar). */
  school?: boolean;
  /** The venue's cost per day of use in euros (null or absent: none known). */
  costPerDayEur?: number | null;
}

export interface TimetableUnit {
  unitId: string;
  availableWeekdays: Weekday[];
  /** Days per week the team can staff this unit. */
  staffDaysPerWeek: number;
  /** People on the team (default 2). */
  staffCount?: number;
}

export interface TimetableInput {
  sites: TimetableSite[];
  units: TimetableUnit[];
  horizon: DateRange;
  /** A unit's duty window per half day, travel from and back to the depot included. */
  halfDays?: Record<HalfDay, TimeInterval>;
  setupMinutes?: number;
  teardownMinutes?: number;
  /** Shortest useful opening time at a site. */
  minServiceMinutes?: number;
  /** Demand share (0..1) from which a site gets weekly / biweekly visits; below: monthly. */
  frequencyShares?: { weekly: number; biweekly: number };
  method?: 'auto' | 'exact' | 'heuristic';
  timeLimitSeconds?: number;
  /**
   * The timetable in force (rules of the active schedules): the proposal starts from it. A rule in force is
   * kept where it still fits (its site chosen, its times on the half-hour grid within the opening hours and
   * the unit's half day); otherwise the proposal changes it, and `changes` says how.
   */
  current?: RecurrenceRule[];
}

/** How the proposal differs from the timetable in force, per rule. */
export type TimetableChangeKind = 'kept' | 'changed' | 'added' | 'ended';
export interface TimetableChange {
  kind: TimetableChangeKind;
  siteId: string;
  /** The rule in force (kept, changed, ended). */
  before?: RecurrenceRule;
  /** The proposed rule (kept, changed, added). */
  after?: RecurrenceRule;
}

export interface RecurrenceRule {
  siteId: string;
  unitId: string;
  frequency: VisitFrequency;
  weekday: Weekday;
  /** Service window at the site (after travel and setup). */
  startTime: string;
  endTime: string;
  /** Biweekly: parity of the week count from Monday 5 January 1970 (see `BIWEEKLY_ANCHORS`). */
  weekParity?: 0 | 1;
  /** Monthly: the n-th such weekday of the month (1..4). */
  weekOfMonth?: 1 | 2 | 3 | 4;
}

export interface PlannedVisit {
  siteId: string;
  unitId: string;
  date: string;
  startTime: string;
  endTime: string;
}

export interface SkippedDate {
  siteId: string;
  unitId: string;
  date: string;
  holiday: string;
  /** 'school': a school holiday, skipped at a school only (absent: a public holiday). */
  kind?: 'public' | 'school';
}

/** A school holiday period in the horizon and the visits that take place in it (at sites other than schools). */
export interface SchoolHolidayVisits {
  name: string;
  from: string;
  to: string;
  visits: number;
}

export interface TimetableResult {
  rules: RecurrenceRule[];
  proposedFrequency: Record<string, VisitFrequency>;
  /** Sites left out: `code` says why (the UI's message key), `reason` says it in English for logs. */
  unscheduled: { siteId: string; code: UnscheduledCode; reason: string }[];
  /** Average staff hours per month (52/12 weeks), travel, setup and teardown included. */
  staffHoursPerMonth: number;
  /** Unit-days per month on the same basis. */
  unitDaysPerMonth: number;
  /** Average venue cost per month (each visit a day of use at the site's cost), on the same basis. */
  venueCostPerMonth: number;
  visits: PlannedVisit[];
  /** Public holidays (every site) and school holidays (schools only) without a visit. */
  skippedHolidays: SkippedDate[];
  /** The school holidays in the horizon, with the visits that still take place in them. */
  schoolHolidays: SchoolHolidayVisits[];
  /** The last day the school holiday calendar knows; later dates are planned as if there were none. */
  schoolHolidaysKnownUntil: string;
  method: 'exact' | 'heuristic';
  reason: string;
  /** Differences to the timetable in force (empty when there is none). */
  changes: TimetableChange[];
}

/** Citizens get start and end times on the full or half hour only. */
export const TIME_GRID_MINUTES = 30;
/** Reward for keeping a rule in force: above the preference for the proposed frequency. */
const KEEP_REWARD = 60;

const DEFAULT_HALF_DAYS: Record<HalfDay, TimeInterval> = {
  morning: { start: '08:00', end: '12:30' },
  afternoon: { start: '13:00', end: '17:30' },
};
const WEEKDAYS: Weekday[] = [1, 2, 3, 4, 5];
const HALVES: HalfDay[] = ['morning', 'afternoon'];
const FREQUENCIES: VisitFrequency[] = ['weekly', 'biweekly', 'monthly'];
/** Sub-slots per frequency inside one (unit, weekday, half-day): one weekly, two parities, four weeks of month. */
const SUB_SLOTS: Record<VisitFrequency, number> = { weekly: 1, biweekly: 2, monthly: 4 };
const VISITS_PER_MONTH: Record<VisitFrequency, number> = { weekly: 52 / 12, biweekly: 26 / 12, monthly: 1 };

/** Weekly for large demand shares, biweekly for medium, monthly otherwise. */
export function proposeFrequencies(
  sites: readonly Pick<TimetableSite, 'siteId' | 'demandWeight'>[],
  shares = { weekly: 0.2, biweekly: 0.08 },
): Record<string, VisitFrequency> {
  const total = sites.reduce((sum, site) => sum + Math.max(0, site.demandWeight), 0);
  const result: Record<string, VisitFrequency> = {};
  for (const site of sites) {
    const share = total > 0 ? site.demandWeight / total : 0;
    result[site.siteId] =
      share >= shares.weekly ? 'weekly' : share >= shares.biweekly ? 'biweekly' : 'monthly';
  }
  return result;
}

interface Option {
  site: number;
  unit: number;
  weekday: Weekday;
  half: HalfDay;
  frequency: VisitFrequency;
  subSlot: number;
  startMinutes: number;
  endMinutes: number;
  reward: number;
}

function validateInput(input: TimetableInput): void {
  if (!Array.isArray(input.sites) || input.sites.length === 0)
    throw new PlanningInputError('sites', 'no site to schedule');
  if (!Array.isArray(input.units) || input.units.length === 0)
    throw new PlanningInputError('units', 'no mobile unit');
  const siteIds = new Set<string>();
  input.sites.forEach((site, s) => {
    if (!site.siteId) throw new PlanningInputError(`sites[${s}].siteId`, 'missing');
    if (siteIds.has(site.siteId))
      throw new PlanningInputError(`sites[${s}].siteId`, `duplicate "${site.siteId}"`);
    siteIds.add(site.siteId);
    if (requireFiniteNumber(site.demandWeight, `sites[${s}].demandWeight`) < 0) {
      throw new PlanningInputError(`sites[${s}].demandWeight`, 'must not be negative');
    }
    if (requireFiniteNumber(site.travelMinutesFromDepot, `sites[${s}].travelMinutesFromDepot`) < 0) {
      throw new PlanningInputError(`sites[${s}].travelMinutesFromDepot`, 'must not be negative');
    }
    if (site.costPerDayEur != null && !(Number.isFinite(site.costPerDayEur) && site.costPerDayEur >= 0)) {
      throw new PlanningInputError(`sites[${s}].costPerDayEur`, 'must be a number of 0 or more');
    }
    for (const [day, intervals] of Object.entries(site.openingHours ?? {})) {
      if (!WEEKDAYS.includes(Number(day) as Weekday)) {
        throw new PlanningInputError(`sites[${s}].openingHours`, `weekday must be 1..5, got ${day}`);
      }
      intervals?.forEach((interval, k) => {
        const field = `sites[${s}].openingHours.${day}[${k}]`;
        if (minutesOf(interval.end, `${field}.end`) <= minutesOf(interval.start, `${field}.start`)) {
          throw new PlanningInputError(field, 'end must be after start');
        }
      });
    }
  });
  const unitIds = new Set<string>();
  input.units.forEach((unit, u) => {
    if (!unit.unitId) throw new PlanningInputError(`units[${u}].unitId`, 'missing');
    if (unitIds.has(unit.unitId))
      throw new PlanningInputError(`units[${u}].unitId`, `duplicate "${unit.unitId}"`);
    unitIds.add(unit.unitId);
    for (const day of unit.availableWeekdays ?? []) {
      if (!WEEKDAYS.includes(day))
        throw new PlanningInputError(`units[${u}].availableWeekdays`, `must be 1..5, got ${day}`);
    }
    const staffDays = requireFiniteNumber(unit.staffDaysPerWeek, `units[${u}].staffDaysPerWeek`);
    if (!Number.isInteger(staffDays) || staffDays < 0 || staffDays > 5) {
      throw new PlanningInputError(`units[${u}].staffDaysPerWeek`, 'must be an integer 0..5');
    }
  });
}

const ceilToGrid = (minutes: number) => Math.ceil(minutes / TIME_GRID_MINUTES) * TIME_GRID_MINUTES;
const floorToGrid = (minutes: number) => Math.floor(minutes / TIME_GRID_MINUTES) * TIME_GRID_MINUTES;
const subSlotOf = (rule: RecurrenceRule): number =>
  rule.frequency === 'biweekly'
    ? (rule.weekParity ?? 0)
    : rule.frequency === 'monthly'
      ? (rule.weekOfMonth ?? 1) - 1
      : 0;

function buildOptions(
  input: TimetableInput,
  proposed: Record<string, VisitFrequency>,
  totalDemand: number,
): Option[] {
  const halfDays = input.halfDays ?? DEFAULT_HALF_DAYS;
  const setup = input.setupMinutes ?? 20;
  const teardown = input.teardownMinutes ?? 15;
  const minService = input.minServiceMinutes ?? 120;
  const afternoonStart = minutesOf(halfDays.afternoon.start, 'halfDays.afternoon.start');
  const options: Option[] = [];
  input.sites.forEach((site, s) => {
    const share = totalDemand > 0 ? site.demandWeight / totalDemand : 1 / input.sites.length;
    const inForce = (input.current ?? []).filter((rule) => rule.siteId === site.siteId);
    const top = Math.min(
      FREQUENCIES.indexOf(proposed[site.siteId]!),
      ...inForce.map((rule) => FREQUENCIES.indexOf(rule.frequency)),
    );
    for (const weekday of WEEKDAYS) {
      const intervals = site.openingHours[weekday] ?? [];
      for (const half of HALVES) {
        const dutyStart = minutesOf(halfDays[half].start, `halfDays.${half}.start`);
        const dutyEnd = minutesOf(halfDays[half].end, `halfDays.${half}.end`);
        const earliest = dutyStart + site.travelMinutesFromDepot + setup;
        const latest = dutyEnd - site.travelMinutesFromDepot - teardown;
        // The service window: inside the opening hours and the duty, on the half-hour grid.
        const windows = intervals.map((interval) => ({
          start: ceilToGrid(Math.max(earliest, minutesOf(interval.start, 'openingHours'))),
          end: floorToGrid(Math.min(latest, minutesOf(interval.end, 'openingHours'))),
        }));
        let bestStart = 0;
        let bestEnd = -1;
        for (const window of windows) {
          if (window.end - window.start > bestEnd - bestStart) {
            bestStart = window.start;
            bestEnd = window.end;
          }
        }
        if (bestEnd - bestStart < minService) continue;
        input.units.forEach((unit, u) => {
          if (!unit.availableWeekdays.includes(weekday) || unit.staffDaysPerWeek === 0) return;
          for (let f = top; f < FREQUENCIES.length; f++) {
            const frequency = FREQUENCIES[f]!;
            // Scheduling every site first, then keeping what is in force, its proposed frequency, demand.
            const reward = 100 + (f === top ? 20 : 0) + share * 50 * VISITS_PER_MONTH[frequency];
            for (let subSlot = 0; subSlot < SUB_SLOTS[frequency]; subSlot++) {
              const kept = inForce.find((rule) => {
                const start = minutesOf(rule.startTime, 'current.startTime');
                const end = minutesOf(rule.endTime, 'current.endTime');
                return (
                  rule.unitId === unit.unitId &&
                  rule.weekday === weekday &&
                  rule.frequency === frequency &&
                  subSlotOf(rule) === subSlot &&
                  start >= afternoonStart === (half === 'afternoon') &&
                  start % TIME_GRID_MINUTES === 0 &&
                  end % TIME_GRID_MINUTES === 0 &&
                  windows.some((window) => start >= window.start && end <= window.end)
                );
              });
              options.push({
                site: s,
                unit: u,
                weekday,
                half,
                frequency,
                subSlot,
                startMinutes: kept ? minutesOf(kept.startTime, 'current.startTime') : bestStart,
                endMinutes: kept ? minutesOf(kept.endTime, 'current.endTime') : bestEnd,
                reward: reward + (kept ? KEEP_REWARD : 0),
              });
            }
          }
        });
      }
    }
  });
  return options;
}

const sameRule = (a: RecurrenceRule, b: RecurrenceRule) =>
  a.siteId === b.siteId &&
  a.unitId === b.unitId &&
  a.weekday === b.weekday &&
  a.frequency === b.frequency &&
  subSlotOf(a) === subSlotOf(b) &&
  a.startTime === b.startTime &&
  a.endTime === b.endTime;

/** Compares the proposal with the timetable in force: kept, changed (same site), added, ended. */
export function timetableChanges(
  current: readonly RecurrenceRule[],
  proposed: readonly RecurrenceRule[],
): TimetableChange[] {
  const changes: TimetableChange[] = [];
  const usedProposed = new Set<RecurrenceRule>();
  const settledCurrent = new Set<RecurrenceRule>();
  for (const before of current) {
    const after = proposed.find((rule) => !usedProposed.has(rule) && sameRule(before, rule));
    if (after) {
      usedProposed.add(after);
      settledCurrent.add(before);
      changes.push({ kind: 'kept', siteId: before.siteId, before, after });
    }
  }
  for (const before of current) {
    if (settledCurrent.has(before)) continue;
    const after = proposed.find((rule) => !usedProposed.has(rule) && rule.siteId === before.siteId);
    if (after) {
      usedProposed.add(after);
      changes.push({ kind: 'changed', siteId: before.siteId, before, after });
    } else {
      changes.push({ kind: 'ended', siteId: before.siteId, before });
    }
  }
  for (const after of proposed) {
    if (!usedProposed.has(after)) changes.push({ kind: 'added', siteId: after.siteId, after });
  }
  return changes;
}

const slotKey = (o: Option) => `${o.unit}_${o.weekday}_${o.half}`;

function greedyAssign(input: TimetableInput, options: Option[]): Option[] {
  const slotMode = new Map<string, VisitFrequency>();
  const subSlotUsed = new Set<string>();
  const daysUsed = input.units.map(() => new Set<number>());
  const chosen: Option[] = [];
  const bySite = new Map<number, Option[]>();
  for (const option of options)
    (bySite.get(option.site) ?? bySite.set(option.site, []).get(option.site)!).push(option);
  const order = input.sites
    .map((_, s) => s)
    .sort((a, b) => input.sites[b]!.demandWeight - input.sites[a]!.demandWeight);
  for (const s of order) {
    const candidates = [...(bySite.get(s) ?? [])].sort((a, b) => b.reward - a.reward);
    for (const option of candidates) {
      const key = slotKey(option);
      const mode = slotMode.get(key);
      if (mode !== undefined && mode !== option.frequency) continue;
      if (subSlotUsed.has(`${key}_${option.subSlot}`)) continue;
      const unitDays = daysUsed[option.unit]!;
      if (!unitDays.has(option.weekday) && unitDays.size >= input.units[option.unit]!.staffDaysPerWeek)
        continue;
      slotMode.set(key, option.frequency);
      subSlotUsed.add(`${key}_${option.subSlot}`);
      unitDays.add(option.weekday);
      chosen.push(option);
      break;
    }
  }
  return chosen;
}

/**
 * Assignment MIP: x[o] per option (site, unit, weekday, half day, frequency, sub-slot); one pattern per
 * site; a (unit, weekday, half day) runs one frequency type (mode variable) with at most one site per
 * sub-slot; a unit's staffed weekdays (day variables) are limited by its staff days per week.
 */
function buildTimetableLp(input: TimetableInput, options: Option[]): string {
  const lines: string[] = ['Maximize', ' obj:'];
  options.forEach((o, k) => lines.push(`  + ${o.reward.toFixed(6)} x${k}`));
  lines.push('Subject To');
  const bySite = new Map<number, number[]>();
  const bySubSlot = new Map<string, number[]>();
  const byMode = new Map<string, number[]>();
  options.forEach((o, k) => {
    (bySite.get(o.site) ?? bySite.set(o.site, []).get(o.site)!).push(k);
    const sub = `${slotKey(o)}_${o.frequency}_${o.subSlot}`;
    (bySubSlot.get(sub) ?? bySubSlot.set(sub, []).get(sub)!).push(k);
    const mode = `${slotKey(o)}_${o.frequency}`;
    (byMode.get(mode) ?? byMode.set(mode, []).get(mode)!).push(k);
  });
  let row = 0;
  for (const ks of bySite.values()) lines.push(` r${row++}: ${ks.map((k) => `+ x${k}`).join(' ')} <= 1`);
  for (const [sub, ks] of bySubSlot) {
    const mode = sub.slice(0, sub.lastIndexOf('_'));
    lines.push(` r${row++}: ${ks.map((k) => `+ x${k}`).join(' ')} - m_${mode} <= 0`);
  }
  const slots = new Map<string, string[]>();
  const dayModes = new Map<string, string[]>();
  for (const mode of byMode.keys()) {
    const slot = mode.slice(0, mode.lastIndexOf('_'));
    (slots.get(slot) ?? slots.set(slot, []).get(slot)!).push(mode);
    const [unit, weekday] = slot.split('_');
    const day = `${unit}_${weekday}`;
    (dayModes.get(day) ?? dayModes.set(day, []).get(day)!).push(mode);
  }
  for (const modes of slots.values())
    lines.push(` r${row++}: ${modes.map((m) => `+ m_${m}`).join(' ')} <= 1`);
  for (const [day, modes] of dayModes)
    for (const m of modes) lines.push(` r${row++}: m_${m} - d_${day} <= 0`);
  input.units.forEach((unit, u) => {
    const days = [...dayModes.keys()].filter((day) => day.startsWith(`${u}_`));
    if (days.length > 0)
      lines.push(` r${row++}: ${days.map((d) => `+ d_${d}`).join(' ')} <= ${unit.staffDaysPerWeek}`);
  });
  lines.push('Binary');
  options.forEach((_, k) => lines.push(` x${k}`));
  for (const mode of byMode.keys()) lines.push(` m_${mode}`);
  for (const day of dayModes.keys()) lines.push(` d_${day}`);
  lines.push('End');
  return lines.join('\n');
}

function toRule(input: TimetableInput, o: Option): RecurrenceRule {
  return {
    siteId: input.sites[o.site]!.siteId,
    unitId: input.units[o.unit]!.unitId,
    frequency: o.frequency,
    weekday: o.weekday,
    startTime: formatTime(o.startMinutes),
    endTime: formatTime(o.endMinutes),
    ...(o.frequency === 'biweekly' ? { weekParity: o.subSlot as 0 | 1 } : {}),
    ...(o.frequency === 'monthly' ? { weekOfMonth: (o.subSlot + 1) as 1 | 2 | 3 | 4 } : {}),
  };
}

/**
 * Anchor weeks of the biweekly parities: weeks counted from Monday 5 January 1970, so that the rhythm keeps
 * alternating across years with 53 ISO weeks (unlike ISO week parity).
 */
export const BIWEEKLY_ANCHORS: Record<0 | 1, LocalDate> = { 0: '1970-01-05', 1: '1970-01-12' };

/**
 * The domain's recurrence pattern (src/domain/recurrence.ts) of a timetable rule: weekly, every second week
 * from the parity's anchor, or the n-th weekday of the month. Undefined for a rule without its week.
 */
export function recurrencePatternOf(rule: RecurrenceRule): RecurrencePattern | undefined {
  if (rule.frequency === 'weekly') return { kind: 'weekly', weekdays: [rule.weekday] };
  if (rule.frequency === 'biweekly') {
    return rule.weekParity === undefined
      ? undefined
      : {
          kind: 'every_n_weeks',
          intervalWeeks: 2,
          anchorDate: BIWEEKLY_ANCHORS[rule.weekParity],
          weekdays: [rule.weekday],
        };
  }
  return rule.weekOfMonth === undefined
    ? undefined
    : { kind: 'monthly_nth_weekday', nth: rule.weekOfMonth, weekday: rule.weekday };
}

/**
 * Expands rules into dated visits over the horizon, skipping NRW public holidays, and at the schools among
 * `schoolSiteIds` the NRW school holidays too.
 */
export function expandRecurrenceRules(
  rules: readonly RecurrenceRule[],
  horizon: DateRange,
  schoolSiteIds: ReadonlySet<string> = new Set(),
): { visits: PlannedVisit[]; skippedHolidays: SkippedDate[] } {
  const dates = datesOf(horizon);
  // The domain's calendar, the one stops are generated with.
  const holidays = nrwHolidaysInYears(Number(horizon.start.slice(0, 4)), Number(horizon.end.slice(0, 4)));
  const patterns = rules.map(recurrencePatternOf);
  const visits: PlannedVisit[] = [];
  const skippedHolidays: SkippedDate[] = [];
  for (const date of dates) {
    for (const [index, rule] of rules.entries()) {
      const pattern = patterns[index];
      if (pattern === undefined || !matchesPattern(pattern, date)) continue;
      const holiday = holidays.get(date)?.name;
      const schoolHoliday = schoolSiteIds.has(rule.siteId) ? nrwSchoolHolidayOn(date)?.name : undefined;
      if (holiday !== undefined)
        skippedHolidays.push({ siteId: rule.siteId, unitId: rule.unitId, date, holiday, kind: 'public' });
      else if (schoolHoliday !== undefined)
        skippedHolidays.push({
          siteId: rule.siteId,
          unitId: rule.unitId,
          date,
          holiday: schoolHoliday,
          kind: 'school',
        });
      else
        visits.push({
          siteId: rule.siteId,
          unitId: rule.unitId,
          date,
          startTime: rule.startTime,
          endTime: rule.endTime,
        });
    }
  }
  return { visits, skippedHolidays };
}

/** The school holiday periods touching the horizon, each with the visits inside it. */
function schoolHolidayVisits(visits: readonly PlannedVisit[], horizon: DateRange): SchoolHolidayVisits[] {
  return nrwSchoolHolidaysBetween(horizon.start, horizon.end).map((period) => ({
    name: period.name,
    from: period.from,
    to: period.to,
    visits: visits.filter((visit) => period.from <= visit.date && visit.date <= period.to).length,
  }));
}

/**
 * Proposes a regular timetable: a frequency per site from its demand share, then a weekday, half day and
 * week pattern per site for the available units (HiGHS assignment MIP, greedy fallback).
 */
export async function proposeTimetable(input: TimetableInput): Promise<TimetableResult> {
  validateInput(input);
  datesOf(input.horizon);
  const proposed = proposeFrequencies(input.sites, input.frequencyShares);
  const totalDemand = input.sites.reduce((sum, site) => sum + site.demandWeight, 0);
  const options = buildOptions(input, proposed, totalDemand);
  let chosen = greedyAssign(input, options);
  let method: 'exact' | 'heuristic' = 'heuristic';
  let reason = input.method === 'heuristic' ? 'greedy requested' : 'greedy';
  if (input.method !== 'heuristic' && options.length > 0 && options.length <= 50_000) {
    try {
      const mip = await runLpModel(buildTimetableLp(input, options), {
        timeLimitSeconds: input.timeLimitSeconds ?? 10,
      });
      if (mip.objective !== undefined) {
        const fromMip = options.filter((_, k) => (mip.values.get(`x${k}`) ?? 0) > 0.5);
        const value = (list: Option[]) => list.reduce((sum, o) => sum + o.reward, 0);
        if (value(fromMip) >= value(chosen) - 1e-9) {
          chosen = fromMip;
          method = mip.outcome === 'optimal' ? 'exact' : 'heuristic';
          reason =
            mip.outcome === 'optimal'
              ? 'assignment MIP solved to optimality by HiGHS'
              : `MIP stopped (${mip.status})`;
        }
      } else {
        reason = `MIP found no solution (${mip.status}); greedy`;
      }
    } catch (error) {
      if (!(error instanceof SolverAbortedError)) throw error;
      reason = `${error.message}; greedy`;
    }
  } else if (options.length > 50_000) {
    reason = 'too many options for the MIP; greedy';
  }
  const rules = chosen
    .map((o) => toRule(input, o))
    .sort(
      (a, b) =>
        a.unitId.localeCompare(b.unitId) || a.weekday - b.weekday || a.startTime.localeCompare(b.startTime),
    );
  const scheduled = new Set(rules.map((rule) => rule.siteId));
  const unscheduled = input.sites
    .filter((site) => !scheduled.has(site.siteId))
    .map((site) => {
      const hadOptions = options.some((o) => input.sites[o.site] === site);
      return {
        siteId: site.siteId,
        code: hadOptions ? ('no_free_slot' as const) : ('no_fitting_weekday' as const),
        reason: hadOptions
          ? 'no free unit slot left (units, staff days or week patterns exhausted)'
          : 'no weekday where a unit is available and the opening hours fit a half-day slot',
      };
    });
  const setup = input.setupMinutes ?? 20;
  const teardown = input.teardownMinutes ?? 15;
  let staffHoursPerMonth = 0;
  let unitDaysPerMonth = 0;
  let venueCostPerMonth = 0;
  for (const o of chosen) {
    const site = input.sites[o.site]!;
    const dutyMinutes = 2 * site.travelMinutesFromDepot + setup + teardown + (o.endMinutes - o.startMinutes);
    const staff = input.units[o.unit]!.staffCount ?? 2;
    staffHoursPerMonth += (VISITS_PER_MONTH[o.frequency] * dutyMinutes * staff) / 60;
    unitDaysPerMonth += VISITS_PER_MONTH[o.frequency] / 2;
    venueCostPerMonth += VISITS_PER_MONTH[o.frequency] * (site.costPerDayEur ?? 0);
  }
  const schools = new Set(input.sites.filter((site) => site.school).map((site) => site.siteId));
  const { visits, skippedHolidays } = expandRecurrenceRules(rules, input.horizon, schools);
  return {
    rules,
    proposedFrequency: proposed,
    unscheduled,
    staffHoursPerMonth,
    unitDaysPerMonth,
    venueCostPerMonth,
    visits,
    skippedHolidays,
    schoolHolidays: schoolHolidayVisits(visits, input.horizon),
    schoolHolidaysKnownUntil: NRW_SCHOOL_HOLIDAYS.knownUntil,
    method,
    reason,
    changes: timetableChanges(input.current ?? [], rules),
  };
}
