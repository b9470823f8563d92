/**
 * NRW school holidays (Schulferien), from the data file `nrw-school-holidays.json` with its source: the
 * ministry's Ferienordnung. The one calendar of school holidays: planning and stop generation both ask it.
 * Dates outside `knownFrom`–`knownUntil` are not known (never silently "no holiday" for the caller who asks
 * `schoolHolidaysKnownOn`).
 */
import data from './nrw-school-holidays.json';
import { isLocalDate, type LocalDate } from './time.ts';

export interface SchoolHoliday {
  /** German name, e.g. "Sommerferien". */
  name: string;
  /** First and last day, both inclusive. */
  from: LocalDate;
  to: LocalDate;
}

export interface SchoolHolidayCalendar {
  region: string;
  source: string;
  knownFrom: LocalDate;
  knownUntil: LocalDate;
  periods: readonly SchoolHoliday[];
}

/** Checks a calendar: dates real, each period in order, periods sorted and not overlapping, inside the known range. */
export function checkSchoolHolidayCalendar(calendar: SchoolHolidayCalendar): SchoolHolidayCalendar {
  const problem = (message: string) => new Error(`school holiday calendar: ${message}`);
  if (!calendar.source.trim()) throw problem('no source');
  for (const date of [calendar.knownFrom, calendar.knownUntil]) {
    if (!isLocalDate(date)) throw problem(`"${date}" is not a date`);
  }
  let previousEnd = '';
  for (const period of calendar.periods) {
    if (!isLocalDate(period.from) || !isLocalDate(period.to)) throw problem(`${period.name}: not a date`);
    if (period.to < period.from) throw problem(`${period.name} ${period.from} ends before it starts`);
    if (period.from <= previousEnd) throw problem(`${period.name} ${period.from} overlaps the period before`);
    if (period.from < calendar.knownFrom || period.to > calendar.knownUntil)
      throw problem(`${period.name} ${period.from} lies outside the known range`);
    previousEnd = period.to;
  }
  return calendar;
}

export const NRW_SCHOOL_HOLIDAYS: SchoolHolidayCalendar = checkSchoolHolidayCalendar(data);

/** The NRW school holiday period a date falls in, if any (undefined also for a date outside the known range). */
export function nrwSchoolHolidayOn(
  date: LocalDate,
  calendar: SchoolHolidayCalendar = NRW_SCHOOL_HOLIDAYS,
): SchoolHoliday | undefined {
  return calendar.periods.find((period) => period.from <= date && date <= period.to);
}

/** Whether the calendar knows the school holidays of a date. */
export function schoolHolidaysKnownOn(
  date: LocalDate,
  calendar: SchoolHolidayCalendar = NRW_SCHOOL_HOLIDAYS,
): boolean {
  return calendar.knownFrom <= date && date <= calendar.knownUntil;
}

/** The school holiday periods that touch the range `from`–`to` (inclusive), in order. */
export function nrwSchoolHolidaysBetween(
  from: LocalDate,
  to: LocalDate,
  calendar: SchoolHolidayCalendar = NRW_SCHOOL_HOLIDAYS,
): SchoolHoliday[] {
  return calendar.periods.filter((period) => period.from <= to && from <= period.to);
}

/**
 * Whether a site is a school by its category: stops there do not run in school holidays (the building is shut
 * and the people it serves, pupils and parents, are away). Every other site keeps its stops.
 */
export const isSchoolSite = (category: string): boolean => category === 'school';
