/**
 * Schedule rules (Fahrplan) that generate stops over a horizon.
 *
 * Precedence for one date: an exception date always wins (no stop); then NRW public holidays are skipped
 * when `holidayPolicy` is 'skip' (the default) — this applies to extra dates too, so a deliberate stop on a
 * holiday needs `holidayPolicy: 'keep'` on its own rule. Extra dates are explicit and therefore ignore
 * `validFrom`/`validUntil`, but like everything else only appear inside the requested horizon.
 * NRW school holidays (src/domain/schoolHolidays.ts) are skipped only when `schoolHolidayPolicy` is 'skip'
 * (a stop at a school, where the rooms are shut and the pupils away); every other stop runs in them.
 */
import { getHolidayByDate, getHolidays } from 'feiertagejs';
import { DateTime } from 'luxon';
import { DomainError } from './errors.ts';
import { nrwSchoolHolidayOn } from './schoolHolidays.ts';
import {
  addDays,
  assertLocalDate,
  assertLocalTime,
  daysBetween,
  formatInstant,
  isoWeekdayOf,
  ZONE,
  zonedInstant,
  type Instant,
  type IsoWeekday,
  type LocalDate,
  type LocalTime,
} from './time.ts';

export const MAX_HORIZON_DAYS = 800;
const HOLIDAY_REGION = 'NW';

export type NthOfMonth = 1 | 2 | 3 | 4 | -1;

export type RecurrencePattern =
  | { kind: 'weekly'; weekdays: readonly IsoWeekday[] }
  /** Weeks are counted Monday-based from the week containing `anchorDate`; that week is an "on" week. */
  | { kind: 'every_n_weeks'; intervalWeeks: number; anchorDate: LocalDate; weekdays: readonly IsoWeekday[] }
  /** `nth: -1` is the last such weekday of the month. */
  | { kind: 'monthly_nth_weekday'; nth: NthOfMonth; weekday: IsoWeekday };

export interface ScheduleRule {
  pattern: RecurrencePattern;
  startTime: LocalTime;
  endTime: LocalTime;
  validFrom: LocalDate;
  /** Inclusive; open-ended when absent. */
  validUntil?: LocalDate | undefined;
  exceptionDates?: readonly LocalDate[] | undefined;
  extraDates?: readonly LocalDate[] | undefined;
  holidayPolicy?: 'skip' | 'keep' | undefined;
  /** 'skip': no stop in NRW school holidays (a stop at a school). Default 'keep'. */
  schoolHolidayPolicy?: 'skip' | 'keep' | undefined;
}

/** Inclusive date range. */
export interface DateHorizon {
  from: LocalDate;
  to: LocalDate;
}

export interface Occurrence {
  date: LocalDate;
  start: Instant;
  end: Instant;
  source: 'rule' | 'extra';
}

export type SkippedDate =
  | { date: LocalDate; reason: 'holiday'; holidayName: string; holidayCode: string }
  | { date: LocalDate; reason: 'school_holiday'; holidayName: string }
  | { date: LocalDate; reason: 'exception' };

export interface GeneratedSchedule {
  occurrences: Occurrence[];
  skipped: SkippedDate[];
}

export interface PublicHoliday {
  code: string;
  name: string;
}

/** The NRW public holiday on a date, if any (German name, e.g. 'Tag der Deutschen Einheit'). */
export function nrwHolidayOn(date: LocalDate): PublicHoliday | undefined {
  // Noon Berlin time keeps the day unambiguous whatever zone the machine runs in.
  const noon = DateTime.fromISO(`${date}T12:00`, { zone: ZONE }).toJSDate();
  const holiday = getHolidayByDate(noon, HOLIDAY_REGION);
  if (!holiday) return undefined;
  return { code: holiday.name, name: holiday.translate('de') ?? holiday.name };
}

/** The NRW public holidays of whole years, `YYYY-MM-DD` → holiday: the one calendar, planning uses it too. */
export function nrwHolidaysInYears(fromYear: number, toYear: number): Map<LocalDate, PublicHoliday> {
  const holidays = new Map<LocalDate, PublicHoliday>();
  for (let year = fromYear; year <= toYear; year++) {
    for (const holiday of getHolidays(year, HOLIDAY_REGION))
      holidays.set(holiday.dateString, { code: holiday.name, name: holiday.translate('de') ?? holiday.name });
  }
  return holidays;
}

export function generateOccurrences(rule: ScheduleRule, horizon: DateHorizon): GeneratedSchedule {
  validateRule(rule);
  assertLocalDate(horizon.from, 'horizon.from');
  assertLocalDate(horizon.to, 'horizon.to');
  const horizonDays = daysBetween(horizon.from, horizon.to);
  if (horizonDays < 0) {
    throw new DomainError('invalid_range', { field: 'horizon.to', message: 'horizon ends before it starts' });
  }
  if (horizonDays > MAX_HORIZON_DAYS) {
    throw new DomainError('horizon_too_long', {
      field: 'horizon.to',
      details: { maxDays: MAX_HORIZON_DAYS },
    });
  }

  const exceptions = new Set(rule.exceptionDates ?? []);
  const extras = new Set(rule.extraDates ?? []);
  const skipHolidays = (rule.holidayPolicy ?? 'skip') === 'skip';
  const skipSchoolHolidays = rule.schoolHolidayPolicy === 'skip';
  const occurrences: Occurrence[] = [];
  const skipped: SkippedDate[] = [];

  for (let offset = 0; offset <= horizonDays; offset++) {
    const date = addDays(horizon.from, offset);
    const byRule = isWithinValidity(rule, date) && matchesPattern(rule.pattern, date);
    if (!byRule && !extras.has(date)) continue;
    if (exceptions.has(date)) {
      skipped.push({ date, reason: 'exception' });
      continue;
    }
    const holiday = skipHolidays ? nrwHolidayOn(date) : undefined;
    if (holiday) {
      skipped.push({ date, reason: 'holiday', holidayName: holiday.name, holidayCode: holiday.code });
      continue;
    }
    const schoolHoliday = skipSchoolHolidays ? nrwSchoolHolidayOn(date) : undefined;
    if (schoolHoliday) {
      skipped.push({ date, reason: 'school_holiday', holidayName: schoolHoliday.name });
      continue;
    }
    occurrences.push({
      date,
      start: formatInstant(zonedInstant(date, rule.startTime)),
      end: formatInstant(zonedInstant(date, rule.endTime)),
      source: byRule ? 'rule' : 'extra',
    });
  }
  return { occurrences, skipped };
}

export function matchesPattern(pattern: RecurrencePattern, date: LocalDate): boolean {
  const weekday = isoWeekdayOf(date);
  switch (pattern.kind) {
    case 'weekly':
      return pattern.weekdays.includes(weekday);
    case 'every_n_weeks': {
      if (!pattern.weekdays.includes(weekday)) return false;
      const weeks = Math.floor(daysBetween(mondayOf(pattern.anchorDate), mondayOf(date)) / 7);
      return mod(weeks, pattern.intervalWeeks) === 0;
    }
    case 'monthly_nth_weekday': {
      if (weekday !== pattern.weekday) return false;
      const dayOfMonth = Number(date.slice(8, 10));
      if (pattern.nth === -1) {
        const daysInMonth = DateTime.fromISO(date, { zone: 'UTC' }).daysInMonth ?? 31;
        return dayOfMonth + 7 > daysInMonth;
      }
      return Math.ceil(dayOfMonth / 7) === pattern.nth;
    }
  }
}

function validateRule(rule: ScheduleRule): void {
  assertLocalTime(rule.startTime, 'startTime');
  assertLocalTime(rule.endTime, 'endTime');
  if (rule.endTime <= rule.startTime) {
    throw new DomainError('invalid_recurrence', {
      field: 'endTime',
      message: 'end time must be after start time',
    });
  }
  assertLocalDate(rule.validFrom, 'validFrom');
  if (rule.validUntil !== undefined) {
    assertLocalDate(rule.validUntil, 'validUntil');
    if (rule.validUntil < rule.validFrom) {
      throw new DomainError('invalid_range', {
        field: 'validUntil',
        message: 'validUntil is before validFrom',
      });
    }
  }
  (rule.exceptionDates ?? []).forEach((date, index) => assertLocalDate(date, `exceptionDates[${index}]`));
  (rule.extraDates ?? []).forEach((date, index) => assertLocalDate(date, `extraDates[${index}]`));

  const { pattern } = rule;
  if (pattern.kind === 'weekly' || pattern.kind === 'every_n_weeks') {
    if (pattern.weekdays.length === 0 || !pattern.weekdays.every(isIsoWeekday)) {
      throw new DomainError('invalid_recurrence', {
        field: 'pattern.weekdays',
        message: 'weekdays must be a non-empty list of 1 (Monday) … 7 (Sunday)',
      });
    }
  }
  if (pattern.kind === 'every_n_weeks') {
    if (!Number.isInteger(pattern.intervalWeeks) || pattern.intervalWeeks < 1 || pattern.intervalWeeks > 52) {
      throw new DomainError('invalid_recurrence', {
        field: 'pattern.intervalWeeks',
        message: 'intervalWeeks must be an integer 1..52',
      });
    }
    assertLocalDate(pattern.anchorDate, 'pattern.anchorDate');
  }
  if (pattern.kind === 'monthly_nth_weekday') {
    if (![1, 2, 3, 4, -1].includes(pattern.nth)) {
      throw new DomainError('invalid_recurrence', {
        field: 'pattern.nth',
        message: 'nth must be 1..4 or -1',
      });
    }
    if (!isIsoWeekday(pattern.weekday)) {
      throw new DomainError('invalid_recurrence', {
        field: 'pattern.weekday',
        message: 'weekday must be 1..7',
      });
    }
  }
}

function isWithinValidity(rule: ScheduleRule, date: LocalDate): boolean {
  return date >= rule.validFrom && (rule.validUntil === undefined || date <= rule.validUntil);
}

function isIsoWeekday(value: number): value is IsoWeekday {
  return Number.isInteger(value) && value >= 1 && value <= 7;
}

function mondayOf(date: LocalDate): LocalDate {
  return addDays(date, 1 - isoWeekdayOf(date));
}

function mod(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}
