/**
 * Whether a site is open for a stop: a stop at a library or community house can only take place while the
 * house is open. Unknown opening hours (none recorded) never count as closed.
 */
import { nrwHolidayOn } from './recurrence.ts';
import { isoWeekdayOf, type LocalDate, type LocalTime } from './time.ts';

export interface OpeningHoursEntry {
  days: readonly string[];
  opens?: string | undefined;
  closes?: string | undefined;
}

export type SiteClosedConflict =
  | { kind: 'site_closed'; reason: 'holiday'; holidayName: string }
  | { kind: 'site_closed'; reason: 'closed_that_day' }
  | { kind: 'site_closed'; reason: 'outside_opening_hours'; opens: string; closes: string };

const dayKeys = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;

/** Why the site is closed for a stop from `startTime` to `endTime` on `date`, or undefined when it is open. */
export function siteClosedFor(
  openingHours: readonly OpeningHoursEntry[] | null,
  date: LocalDate,
  startTime: LocalTime,
  endTime: LocalTime,
): SiteClosedConflict | undefined {
  const holiday = nrwHolidayOn(date);
  if (holiday) return { kind: 'site_closed', reason: 'holiday', holidayName: holiday.name };
  if (!openingHours || openingHours.length === 0) return undefined;
  const day = dayKeys[isoWeekdayOf(date) - 1]!;
  const thatDay = openingHours.filter((entry) => entry.days.includes(day));
  if (thatDay.length === 0) return { kind: 'site_closed', reason: 'closed_that_day' };
  // An entry without times means open that day (hours not known in detail).
  if (thatDay.some((entry) => !entry.opens || !entry.closes)) return undefined;
  if (thatDay.some((entry) => entry.opens! <= startTime && endTime <= entry.closes!)) return undefined;
  const widest = thatDay.reduce((a, b) => (b.closes! > a.closes! ? b : a));
  return {
    kind: 'site_closed',
    reason: 'outside_opening_hours',
    opens: thatDay.map((entry) => entry.opens!).sort()[0]!,
    closes: widest.closes!,
  };
}
