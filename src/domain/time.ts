/**
 * Time conventions of the domain layer (shared by server and browser):
 * - `LocalDate`: 'YYYY-MM-DD', a calendar day in Europe/Berlin.
 * - `LocalTime`: 'HH:MM' (24 h), a wall-clock time in Europe/Berlin.
 * - `Instant`: an ISO 8601 string WITH an offset or 'Z' ('2026-03-29T10:00:00+02:00'). Inputs in any offset
 *   are accepted; outputs are always formatted in Europe/Berlin without milliseconds. Strings without an
 *   offset are rejected: they would silently take the zone of whichever machine parses them.
 * Internally the modules compute with epoch milliseconds.
 */
import { DateTime } from 'luxon';
import { DomainError } from './errors.ts';

export const ZONE = 'Europe/Berlin';
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

export type LocalDate = string;
export type LocalTime = string;
export type Instant = string;
/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const LOCAL_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Whether `value` is a calendar day written `YYYY-MM-DD` (30 February is not). */
export function isLocalDate(value: string): boolean {
  return Number.isFinite(utcMidnight(value));
}

export function isLocalTime(value: string): boolean {
  return LOCAL_TIME_PATTERN.test(value);
}

export function assertLocalDate(value: string, field: string): LocalDate {
  if (!isLocalDate(value)) {
    throw new DomainError('invalid_date', { field, message: `expected a date YYYY-MM-DD, got '${value}'` });
  }
  return value;
}

export function assertLocalTime(value: string, field: string): LocalTime {
  if (!isLocalTime(value)) {
    throw new DomainError('invalid_time', { field, message: `expected a time HH:MM, got '${value}'` });
  }
  return value;
}

/** Parses an instant to epoch milliseconds; throws `invalid_instant` naming `field`. */
export function parseInstant(value: Instant, field = 'instant'): number {
  if (INSTANT_PATTERN.test(value)) {
    // Date.parse is fast but lenient (it takes 30 February): the calendar fields are checked first.
    const [year, month, day, hour, minute, second] = value.split(/[-T:.Z+]/).map(Number) as number[];
    const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
    const valid =
      month! >= 1 &&
      month! <= 12 &&
      day! >= 1 &&
      day! <= daysInMonth &&
      hour! <= 23 &&
      minute! <= 59 &&
      (second ?? 0) <= 59;
    const parsed = valid ? Date.parse(value) : Number.NaN;
    if (Number.isFinite(parsed)) return parsed;
  }
  throw new DomainError('invalid_instant', {
    field,
    message: `expected an ISO 8601 instant with offset, got '${value}'`,
  });
}

// Berlin's UTC offset only changes on whole UTC hours, so one zone lookup per hour is enough. Formatting
// thousands of slot times per availability query made the full lookup the hot spot.
const offsetByUtcHour = new Map<number, number>();

function berlinOffsetMinutes(epochMs: number): number {
  const hour = Math.floor(epochMs / 3_600_000);
  let offset = offsetByUtcHour.get(hour);
  if (offset === undefined) {
    offset = DateTime.fromMillis(hour * 3_600_000, { zone: ZONE }).offset;
    if (offsetByUtcHour.size > 50_000) offsetByUtcHour.clear();
    offsetByUtcHour.set(hour, offset);
  }
  return offset;
}

export function formatInstant(epochMs: number): Instant {
  if (!Number.isFinite(epochMs))
    throw new DomainError('invalid_instant', { message: `not a time: ${epochMs}` });
  const offset = berlinOffsetMinutes(epochMs);
  const local = new Date(epochMs + offset * MINUTE_MS).toISOString();
  const ms = local.slice(19, 23);
  const sign = offset < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${local.slice(0, 19)}${ms === '.000' ? '' : ms}${sign}${hours}:${minutes}`;
}

/** Minutes since local midnight (Europe/Berlin) of an instant, seconds dropped. */
export function localMinuteOfDay(epochMs: number): number {
  const minutes = Math.floor(epochMs / MINUTE_MS) + berlinOffsetMinutes(epochMs);
  return ((minutes % 1440) + 1440) % 1440;
}

/** The Berlin calendar day an instant falls on. */
export function localDateOf(epochMs: number): LocalDate {
  return DateTime.fromMillis(epochMs, { zone: ZONE }).toISODate() ?? '';
}

/**
 * The instant of a Berlin wall-clock time on a date. On the spring-forward day a time in the missing hour
 * (02:00–02:59) moves forward by one hour; in the repeated autumn hour luxon picks the later (winter) offset.
 */
export function zonedInstant(date: LocalDate, time: LocalTime): number {
  const key = `${date}T${time}`;
  const known = zonedInstants.get(key);
  if (known !== undefined) return known;
  const instant = DateTime.fromISO(key, { zone: ZONE }).toMillis();
  // A pure function of its arguments; the dates a process asks for repeat (every request for a month asks
  // for the same midnights), so answers are kept, a bounded number of them.
  if (zonedInstants.size >= 10_000) zonedInstants.clear();
  zonedInstants.set(key, instant);
  return instant;
}

const zonedInstants = new Map<string, number>();

/** Midnight UTC of a calendar day, NaN when it is not a `YYYY-MM-DD` day (plain Date arithmetic: fast, no zone). */
function utcMidnight(date: LocalDate): number {
  if (!LOCAL_DATE_PATTERN.test(date)) return Number.NaN;
  const midnight = Date.parse(`${date}T00:00:00Z`);
  // Date.parse takes 30 February as 2 March: such a day is no day.
  return Number.isFinite(midnight) && new Date(midnight).toISOString().startsWith(date)
    ? midnight
    : Number.NaN;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const midnight = utcMidnight(date);
  if (Number.isFinite(midnight) && Number.isInteger(days))
    return new Date(midnight + days * DAY_MS).toISOString().slice(0, 10);
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() ?? date;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function isoWeekdayOf(date: LocalDate): IsoWeekday {
  const midnight = utcMidnight(date);
  if (Number.isFinite(midnight)) return (new Date(midnight).getUTCDay() || 7) as IsoWeekday;
  return DateTime.fromISO(date, { zone: 'UTC' }).weekday as IsoWeekday;
}

export function minutesToMs(minutes: number): number {
  return minutes * MINUTE_MS;
}
