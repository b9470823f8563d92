import { addDays, timeZone, todayLocal } from '../format/dateTime.ts';
import type { AuditSearch } from './api.ts';

/** The record types the server writes to the audit trail, in the order the filter offers them. */
export const auditSubjectTypes = [
  'booking',
  'ticket',
  'stop',
  'schedule',
  'planning_scenario',
  'staff_user',
  'evaluation',
  'test_phase',
  'document',
  'process_definition',
  'process_log',
  'webhook',
  'webhook_delivery',
  'case',
  'task',
  'site',
  'home_visit',
  'home_visit_day',
] as const;

/**
 * The actions the server writes to the audit trail (`recordAudit(…, { action })` in src/server), in the order
 * the filter offers them. Each has a label in the planner's messages (`auditFilters.actions.<action>`); a unit
 * test checks that every action used in src/server is listed here.
 */
export const auditActions = [
  'booking.held',
  'booking.created',
  'booking.created_by_staff',
  'booking.confirmed',
  'booking.confirmation_viewed',
  'booking.rescheduled',
  'booking.cancelled',
  'booking.checked_in',
  'booking.links_resent',
  'waitlist.joined',
  'waitlist.updated',
  'waitlist.confirmed',
  'ticket.issued',
  'tickets.removed',
  'station_day.viewed',
  'station.open_stop',
  'station.close_stop',
  'station.check_in',
  'station.issue_ticket',
  'station.call',
  'station.recall',
  'station.start_service',
  'station.no_show',
  'station.park',
  'station.resume',
  'station.hand_over',
  'station.finish',
  'station.sign_off_checklist',
  'stop.created',
  'stop.changed',
  'stop.cancelled',
  'stop.checklist_signed_off',
  'schedule.created',
  'schedule.updated',
  'schedule.activated',
  'schedule.ended',
  'schedule.occurrence_skipped',
  'unit.created',
  'unit.updated',
  'equipment_item.created',
  'equipment_item.updated',
  'device.marked_lost',
  'device.reinstated',
  'device.updated',
  'controlled_item_kind.created',
  'controlled_item_kind.updated',
  'controlled_stock.movement_recorded',
  'staff_member.created',
  'staff_member.updated',
  'roster.proposed',
  'roster.assigned',
  'service.release_updated',
  'demand_estimate.submitted',
  'catalogue.imported',
  'site.venue_updated',
  'scenario.created',
  'scenario.run_started',
  'scenario.run_finished',
  'scenario.run_failed',
  'scenario.approved',
  'scenario.deleted',
  'staff.signed_in',
  'staff.sign_in_failed',
  'staff.sign_in_refused',
  'staff.sign_in_throttled',
  'staff.signed_out',
  'staff.signed_out_everywhere',
  'staff.password_changed',
  'staff.password_reset_sent',
  'staff.password_reset_completed',
  'staff_user.created',
  'staff_user.updated',
  'mail.retried',
  'evaluation.read',
  'evaluation.exported',
  'evaluation.assumptions_changed',
  'town_hall_counts.imported',
  'demand_layer.imported',
  'demand_layer.deleted',
  'gtfs_feed.imported',
  'suggestion.created',
  'suggestion.confirmed',
  'suggestion.answered',
  'support.requested',
  'support.confirmed',
  'support.withdrawn',
  'comment.created',
  'comment.confirmed',
  'comment.reported',
  'comment.answered_officially',
  'moderation.decided',
  'test_phase.created',
  'test_phase.report_read',
  'test_phase.report_exported',
  'document.stored',
  'document.read',
  'document.deleted',
  'documents.reencrypted',
  'process_definition.imported',
  'process_definition.saved',
  'process_log.exported',
  'webhook.created',
  'webhook.updated',
  'webhook.deleted',
  'webhook_delivery.redelivered',
  'case.created',
  'case.read',
  'case.searched',
  'case.hand_off_queued',
  'case.step_completed',
  'task.updated',
  'audit.searched',
  'home_visit.requested',
  'home_visit.accepted',
  'home_visit.declined',
  'home_visit.personal_data_read',
  'home_visit.staff_verified',
  'home_visit_day.planned',
] as const;

/** The message key of an action's label (nested: the translator reads the dots as levels). */
export const auditActionLabelKey = (action: string) => `auditFilters.actions.${action}`;

/** Actors that are no staff account, offered next to the staff by name. */
export const auditSpecialActors = ['system', 'citizen'] as const;

/** The periods the filter offers; `custom` shows the from/to dates, '' is any time. */
export const auditPeriods = ['', 'today', 'last7', 'last30', 'custom'] as const;
export type AuditPeriod = (typeof auditPeriods)[number];
const periodDays: Partial<Record<string, number>> = { today: 1, last7: 7, last30: 30 };

/** The search form as typed: text, and the dates as local calendar dates (YYYY-MM-DD) in Berlin. */
export interface AuditFilterValues {
  subjectType: string;
  subjectId: string;
  actor: string;
  action: string;
  /** One of `auditPeriods`; the dates count only with `custom` (or with no period, from an older link). */
  period: string;
  from: string;
  to: string;
}

export type AuditFilterField = keyof AuditFilterValues;
export const auditFilterFields: readonly AuditFilterField[] = [
  'subjectType',
  'subjectId',
  'actor',
  'action',
  'period',
  'from',
  'to',
];

export const emptyAuditFilters: AuditFilterValues = {
  subjectType: '',
  subjectId: '',
  actor: '',
  action: '',
  period: '',
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
  now: Date = new Date(),
): { errors: AuditFilterError[]; search: AuditSearch } {
  const errors: AuditFilterError[] = [];
  const search: AuditSearch = {};
  for (const field of ['subjectType', 'subjectId', 'actor', 'action'] as const) {
    const text = values[field].trim();
    if (text.length > MAX_FILTER_LENGTH) errors.push({ field, problem: 'tooLong' });
    else if (text) search[field] = text;
  }
  const days = periodDays[values.period];
  if (days !== undefined) {
    // "Heute", "Letzte 7 Tage", …: from the start of that day in Berlin, up to now.
    search.from = berlinMidnight(addDays(todayLocal(now), 1 - days));
    return { errors, search };
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
  if (!(auditPeriods as readonly string[]).includes(values.period)) values.period = '';
  // A link with dates but no period (older links, the table's links never carry dates) means "Eigener Zeitraum".
  if (values.period === '' && (values.from || values.to)) values.period = 'custom';
  if (values.period !== 'custom') {
    values.from = '';
    values.to = '';
  }
  return values;
}

/** The page address's query for these values: only the filled-in ones, as typed (dates stay local). */
export function auditFiltersToParams(values: Partial<AuditFilterValues>): URLSearchParams {
  const params = new URLSearchParams();
  const datesCount = !values.period || values.period === 'custom';
  for (const field of auditFilterFields) {
    if (!datesCount && (field === 'from' || field === 'to')) continue;
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
