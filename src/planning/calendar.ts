import { nrwHolidaysInYears } from '../domain/recurrence.ts';
import { PlanningInputError } from './errors.ts';

export type Weekday = 1 | 2 | 3 | 4 | 5;

export interface DateRange {
  /** First day, `YYYY-MM-DD`. */
  start: string;
  /** Last day (inclusive), `YYYY-MM-DD`. */
  end: string;
}

export function parseIsoDate(value: string, field: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  const date = match
    ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
    : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new PlanningInputError(field, `expected a date YYYY-MM-DD, got "${value}"`);
  }
  return date;
}

export function formatIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Every day of the range (UTC dates), validated: start <= end, at most 3 years. */
export function daysOf(range: DateRange): Date[] {
  const start = parseIsoDate(range.start, 'horizon.start');
  const end = parseIsoDate(range.end, 'horizon.end');
  if (end < start) throw new PlanningInputError('horizon.end', 'must not be before the start');
  const days: Date[] = [];
  for (let t = start.getTime(); t <= end.getTime(); t += 86_400_000) days.push(new Date(t));
  if (days.length > 3 * 366) throw new PlanningInputError('horizon', 'at most three years at a time');
  return days;
}

/** ISO 8601 week number. */
export function isoWeek(date: Date): number {
  const thursday = new Date(date.getTime());
  thursday.setUTCDate(date.getUTCDate() + 4 - (date.getUTCDay() || 7));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.ceil(((thursday.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

/** n-th occurrence of this weekday in its month (1..5). */
export function weekOfMonth(date: Date): number {
  return Math.ceil(date.getUTCDate() / 7);
}

/** NRW public holidays in the years of the range: `YYYY-MM-DD` → name (from domain/recurrence.ts). */
export function nrwHolidays(range: DateRange): Map<string, string> {
  const from = parseIsoDate(range.start, 'horizon.start').getUTCFullYear();
  const to = parseIsoDate(range.end, 'horizon.end').getUTCFullYear();
  // The domain's calendar (the one stops are generated with), by name.
  return new Map([...nrwHolidaysInYears(from, to)].map(([date, holiday]) => [date, holiday.name]));
}

export function minutesOf(time: string, field: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time ?? '');
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || minutes > 24 * 60)
    throw new PlanningInputError(field, `expected HH:MM, got "${time}"`);
  return minutes;
}

export function formatTime(minutes: number): string {
  const rounded = Math.round(minutes);
  return `${String(Math.floor(rounded / 60)).padStart(2, '0')}:${String(rounded % 60).padStart(2, '0')}`;
}

const EPOCH_MONDAY = Date.UTC(1970, 0, 5);

/**
 * Week parity used for biweekly rules: weeks counted from Monday 5 Jan 1970, modulo 2. Unlike ISO week
 * parity it keeps alternating across years with 53 ISO weeks.
 */
export function weekParity(date: Date): 0 | 1 {
  const weeks = Math.floor((date.getTime() - EPOCH_MONDAY) / (7 * 86_400_000));
  return (((weeks % 2) + 2) % 2) as 0 | 1;
}
