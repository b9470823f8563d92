import { DateTime } from 'luxon';
import { addDays, localDateOf, zonedInstant, type LocalDate } from '../../../domain/time.ts';
import { ProblemError } from '../../problem.ts';

export function validLocalDate(value: string, field: string): LocalDate {
  if (!DateTime.fromISO(value, { zone: 'Europe/Berlin' }).isValid) {
    throw new ProblemError(400, 'validation', `"${value}" is not a calendar date`, field);
  }
  return value;
}

/** A range of whole local days [from, to], as instants; defaults to today and `defaultDays` ahead. */
export function localDayRange(
  query: { from?: string | undefined; to?: string | undefined },
  now: Date,
  defaultDays: number,
) {
  const from = query.from ? validLocalDate(query.from, 'from') : localDateOf(now.getTime());
  const to = query.to ? validLocalDate(query.to, 'to') : addDays(from, defaultDays);
  if (to < from) throw new ProblemError(400, 'validation', '`to` lies before `from`', 'to');
  return { from: new Date(zonedInstant(from, '00:00')), to: new Date(zonedInstant(addDays(to, 1), '00:00')) };
}
