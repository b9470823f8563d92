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

export function isLocalDate(value: string): boolean {
  return LOCAL_DATE_PATTERN.test(value) && DateTime.fromISO(value, { zone: ZONE }).isValid;
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
    const parsed = DateTime.fromISO(value, { setZone: true });
    if (parsed.isValid) return parsed.toMillis();
  }
  throw new DomainError('invalid_instant', {
    field,
    message: `expected an ISO 8601 instant with offset, got '${value}'`,
  });
}

export function formatInstant(epochMs: number): Instant {
  const formatted = DateTime.fromMillis(epochMs, { zone: ZONE }).toISO({ suppressMilliseconds: true });
  if (formatted === null) throw new DomainError('invalid_instant', { message: `not a time: ${epochMs}` });
  return formatted;
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
  return DateTime.fromISO(`${date}T${time}`, { zone: ZONE }).toMillis();
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() ?? date;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function isoWeekdayOf(date: LocalDate): IsoWeekday {
  return DateTime.fromISO(date, { zone: 'UTC' }).weekday as IsoWeekday;
}

export function minutesToMs(minutes: number): number {
  return minutes * MINUTE_MS;
}
