import { addDays, isLocalDate, localDateOf, zonedInstant, type LocalDate } from '../../../domain/time.ts';
import { DomainError } from '../../../domain/errors.ts';

export function validLocalDate(value: string, field: string): LocalDate {
  if (!isLocalDate(value)) {
    throw new DomainError('validation', { field: field, message: `"${value}" is not a calendar date` });
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
  if (to < from) throw new DomainError('validation', { field: 'to', message: '`to` lies before `from`' });
  return { from: new Date(zonedInstant(from, '00:00')), to: new Date(zonedInstant(addDays(to, 1), '00:00')) };
}
