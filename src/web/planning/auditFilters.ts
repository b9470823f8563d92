import { addDays, timeZone } from '../format/dateTime.ts';
import type { AuditSearch } from './api.ts';

/** The record types the server writes to the audit trail, in the order the filter offers them. */
export const auditSubjectTypes = [
  'booking',
  'ticket',
  'stop',
  'schedule',
  'planning_scenario',
  'staff_user',
] as const;

/** The search form as typed: text, and the dates as local calendar dates (YYYY-MM-DD) in Berlin. */
export interface AuditFilterValues {
  subjectType: string;
  subjectId: string;
  actor: string;
  action: string;
  from: string;
  to: string;
}

export type AuditFilterField = keyof AuditFilterValues;
export const auditFilterFields: readonly AuditFilterField[] = [
  'subjectType',
  'subjectId',
  'actor',
  'action',
  'from',
  'to',
];

export const emptyAuditFilters: AuditFilterValues = {
  subjectType: '',
  subjectId: '',
  actor: '',
  action: '',
  from: '',
  to: '',
};

export type AuditFilterProblem = 'tooLong' | 'invalidDate' | 'fromAfterTo';
export interface AuditFilterError {
  field: AuditFilterField;
  problem: AuditFilterProblem;
}

/** What the API accepts for a text filter. */
export const MAX_FILTER_LENGTH = 200;

const isLocalDate = (value: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) &&
  !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
  new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

const offsetFormat = new Intl.DateTimeFormat('en-US', {
  timeZone,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Minutes Berlin is ahead of UTC at this instant (60 in winter, 120 in summer). */
function berlinOffsetMinutes(epochMs: number): number {
  const parts = offsetFormat.formatToParts(new Date(epochMs));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wallClock = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return Math.round((wallClock - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

/** The instant (ISO, UTC) at which this calendar day begins in Berlin. */
export function berlinMidnight(localDate: string): string {
  const utcMidnight = Date.parse(`${localDate}T00:00:00Z`);
  // Berlin changes its clocks at 02:00/03:00, never around midnight: one correction is enough.
  const guess = utcMidnight - berlinOffsetMinutes(utcMidnight) * 60_000;
  return new Date(utcMidnight - berlinOffsetMinutes(guess) * 60_000).toISOString();
}

/**
 * Checks the form and turns it into the API's filters: text trimmed, blank filters left out, `from` as the
 * start of that day and `to` as the start of the day after (the form's dates are inclusive, the API's `to`
 * is not). `badDate` says which date inputs hold something the browser could not read as a date.
 */
export function validateAuditFilters(
  values: AuditFilterValues,
  badDate: { from?: boolean; to?: boolean } = {},
): { errors: AuditFilterError[]; search: AuditSearch } {
  const errors: AuditFilterError[] = [];
  const search: AuditSearch = {};
  for (const field of ['subjectType', 'subjectId', 'actor', 'action'] as const) {
    const text = values[field].trim();
    if (text.length > MAX_FILTER_LENGTH) errors.push({ field, problem: 'tooLong' });
    else if (text) search[field] = text;
  }
  const from = values.from.trim();
  const to = values.to.trim();
  const fromValid = !badDate.from && (from === '' || isLocalDate(from));
  const toValid = !badDate.to && (to === '' || isLocalDate(to));
  if (!fromValid) errors.push({ field: 'from', problem: 'invalidDate' });
  if (!toValid) errors.push({ field: 'to', problem: 'invalidDate' });
  if (fromValid && toValid && from && to && from > to) errors.push({ field: 'to', problem: 'fromAfterTo' });
  if (fromValid && from) search.from = berlinMidnight(from);
  if (toValid && to) search.to = berlinMidnight(addDays(to, 1));
  return { errors, search };
}

/** The form's values from the page address (`/planung/protokoll?action=…`), so a search can be linked. */
export function auditFiltersFromParams(params: URLSearchParams): AuditFilterValues {
  const values = { ...emptyAuditFilters };
  for (const field of auditFilterFields) values[field] = params.get(field) ?? '';
  return values;
}

/** The page address's query for these values: only the filled-in ones, as typed (dates stay local). */
export function auditFiltersToParams(values: Partial<AuditFilterValues>): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of auditFilterFields) {
    const text = values[field]?.trim();
    if (text) params.set(field, text);
  }
  return params;
}

/**
 * The details of an event as compact `key=value` text: nested objects by dotted keys, lists comma-separated
 * and cut after `maxItems` entries (a catalogue import lists hundreds of ids).
 */
export function formatAuditDetails(details: Record<string, unknown>, maxItems = 5): string {
  const pairs: string[] = [];
  const scalar = (value: unknown): string =>
    value === null || value === undefined
      ? 'null'
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value as string | number | boolean);
  const visit = (key: string, value: unknown) => {
    if (Array.isArray(value)) {
      const shown = value.slice(0, maxItems).map(scalar);
      if (value.length > maxItems) shown.push(`… (+${value.length - maxItems})`);
      pairs.push(`${key}=[${shown.join(', ')}]`);
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      if (entries.length === 0) pairs.push(`${key}={}`);
      for (const [inner, innerValue] of entries) visit(`${key}.${inner}`, innerValue);
    } else {
      pairs.push(`${key}=${scalar(value)}`);
    }
  };
  for (const [key, value] of Object.entries(details)) visit(key, value);
  return pairs.join('; ');
}
