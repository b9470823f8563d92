/**
 * Home visits (Hausbesuche): the rules of a request and of the window promised to the citizen. Pure; the
 * route order lives in src/planning/homeVisitRoute.ts.
 */
import { DomainError } from './errors.ts';
import { isLocalDate, isLocalTime, type LocalDate, type LocalTime } from './time.ts';

export type HomeVisitFor = 'self' | 'relative' | 'care_home';
export type HomeVisitReason = 'mobility' | 'illness' | 'care';

export interface AvailabilityWindow {
  date: LocalDate;
  from: LocalTime;
  until: LocalTime;
}

export const MAX_AVAILABILITY_WINDOWS = 20;

export const minuteOf = (time: LocalTime) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
export const timeOf = (minute: number): LocalTime =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** Checks the days and hours that suit: real dates from today on, each window at least an hour long. */
export function checkAvailability(windows: readonly AvailabilityWindow[], today: LocalDate): void {
  if (windows.length === 0)
    throw new DomainError('validation', { field: 'availability', message: 'name at least one day and time' });
  if (windows.length > MAX_AVAILABILITY_WINDOWS)
    throw new DomainError('validation', { field: 'availability', message: 'too many windows' });
  windows.forEach((window, index) => {
    if (!isLocalDate(window.date))
      throw new DomainError('invalid_date', { field: `availability[${index}].date` });
    if (window.date < today)
      throw new DomainError('invalid_range', {
        field: `availability[${index}].date`,
        message: 'the day lies in the past',
      });
    if (!isLocalTime(window.from))
      throw new DomainError('invalid_time', { field: `availability[${index}].from` });
    if (!isLocalTime(window.until))
      throw new DomainError('invalid_time', { field: `availability[${index}].until` });
    if (minuteOf(window.until) - minuteOf(window.from) < 60)
      throw new DomainError('invalid_range', {
        field: `availability[${index}].until`,
        message: 'a window must be at least an hour long',
      });
  });
}

/** On someone else's behalf the consent checkbox must be ticked, and its text is kept as shown. */
export function checkConsent(
  visitFor: HomeVisitFor,
  consent: boolean,
  consentText: string | undefined,
): void {
  if (visitFor === 'self') return;
  if (!consent)
    throw new DomainError('consent_required', {
      field: 'consent',
      message: 'a visit for someone else needs their consent',
    });
  if (!consentText || consentText.trim().length < 10)
    throw new DomainError('consent_required', {
      field: 'consentText',
      message: 'the text of the consent as shown is missing',
    });
}

/**
 * The window promised to the citizen: the full hour in which the staff arrive ("zwischen 10 und 11 Uhr"),
 * from the planned start rounded down to the hour.
 */
export function promisedWindow(startMinute: number): { from: number; until: number } {
  const from = Math.floor(startMinute / 60) * 60;
  return { from, until: from + 60 };
}
