/**
 * The process event log for the city's process-management tools (tracker issue 11, item 7): XES
 * (IEEE 1849-2016) and CSV. One trace per case, named by its case number; one event per case event. Only the
 * case number, the service, the step or event kind, the time, the lifecycle transition and the channel leave
 * the system: no names, no staff, no document content (`case_events.actor` and `data` are never exported).
 *
 * Activities: a step's events carry the step key (`step_started` → lifecycle `start`, `step_completed` →
 * `complete`, `task_created` → `schedule`); every other event carries its kind with `complete`.
 * `org:resource` is the channel the event happened in (online, stop, back_office, department, town_hall,
 * system): a role, not a person.
 */
import Papa from 'papaparse';
import { create } from 'xmlbuilder2';
import type { ProcessEventFact } from '../../domain/processFigures.ts';

export const XES_NAMESPACE = 'http://www.xes-standard.org/';

export interface ProcessLogCaseRow {
  caseId: string;
  number: string;
  serviceId: string;
  channel: string;
}

export interface ProcessLogEntry {
  activity: string;
  lifecycle: 'start' | 'complete' | 'schedule';
  timestamp: string;
  resource: string;
}

export function logEntryOf(event: ProcessEventFact): ProcessLogEntry {
  const timestamp = new Date(event.at).toISOString();
  const resource = event.channel ?? 'system';
  if (event.stepKey && event.kind === 'step_started')
    return { activity: event.stepKey, lifecycle: 'start', timestamp, resource };
  if (event.stepKey && event.kind === 'step_completed')
    return { activity: event.stepKey, lifecycle: 'complete', timestamp, resource };
  if (event.stepKey && event.kind === 'task_created')
    return { activity: event.stepKey, lifecycle: 'schedule', timestamp, resource };
  return { activity: event.kind, lifecycle: 'complete', timestamp, resource };
}

function eventsByCase(events: readonly ProcessEventFact[]): Map<string, ProcessEventFact[]> {
  const map = new Map<string, ProcessEventFact[]>();
  for (const event of events) {
    const list = map.get(event.caseId);
    if (list) list.push(event);
    else map.set(event.caseId, [event]);
  }
  return map;
}

/** The log as XES 1849-2016: extensions concept, time, lifecycle and org, globals, classifiers, traces. */
export function processLogXes(
  cases: readonly ProcessLogCaseRow[],
  events: readonly ProcessEventFact[],
  meta: { municipality: string; exportedAt: Date },
): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const log = doc.ele(XES_NAMESPACE, 'log', { 'xes.version': '1849-2016', 'xes.features': '' });
  const extensions: [string, string, string][] = [
    ['Concept', 'concept', 'http://www.xes-standard.org/concept.xesext'],
    ['Time', 'time', 'http://www.xes-standard.org/time.xesext'],
    ['Lifecycle', 'lifecycle', 'http://www.xes-standard.org/lifecycle.xesext'],
    ['Organizational', 'org', 'http://www.xes-standard.org/org.xesext'],
  ];
  for (const [name, prefix, uri] of extensions) log.ele('extension', { name, prefix, uri });
  const traceGlobals = log.ele('global', { scope: 'trace' });
  traceGlobals.ele('string', { key: 'concept:name', value: 'UNKNOWN' });
  const eventGlobals = log.ele('global', { scope: 'event' });
  eventGlobals.ele('string', { key: 'concept:name', value: 'UNKNOWN' });
  eventGlobals.ele('date', { key: 'time:timestamp', value: '1970-01-01T00:00:00.000Z' });
  eventGlobals.ele('string', { key: 'lifecycle:transition', value: 'complete' });
  eventGlobals.ele('string', { key: 'org:resource', value: 'system' });
  log.ele('classifier', { name: 'Activity', keys: 'concept:name' });
  log.ele('classifier', { name: 'Activity and transition', keys: 'concept:name lifecycle:transition' });
  log.ele('string', { key: 'concept:name', value: `Mobiles Rathaus ${meta.municipality}` });
  log.ele('date', { key: 'time:timestamp', value: meta.exportedAt.toISOString() });
  const byCase = eventsByCase(events);
  for (const row of cases) {
    const caseEvents = byCase.get(row.caseId);
    if (!caseEvents) continue;
    const trace = log.ele('trace');
    trace.ele('string', { key: 'concept:name', value: row.number });
    trace.ele('string', { key: 'service', value: row.serviceId });
    trace.ele('string', { key: 'channel', value: row.channel });
    for (const event of caseEvents) {
      const entry = logEntryOf(event);
      const xesEvent = trace.ele('event');
      xesEvent.ele('string', { key: 'concept:name', value: entry.activity });
      xesEvent.ele('date', { key: 'time:timestamp', value: entry.timestamp });
      xesEvent.ele('string', { key: 'lifecycle:transition', value: entry.lifecycle });
      xesEvent.ele('string', { key: 'org:resource', value: entry.resource });
      xesEvent.ele('string', { key: 'kind', value: event.kind });
    }
  }
  return doc.end({ prettyPrint: true });
}

export const processLogCsvColumns = [
  'case_id',
  'activity',
  'timestamp',
  'lifecycle',
  'channel',
  'service',
] as const;

/** The log as CSV (RFC 4180, comma, UTF-8): one row per event, the case number as the case id. */
export function processLogCsv(
  cases: readonly ProcessLogCaseRow[],
  events: readonly ProcessEventFact[],
): string {
  const byCase = eventsByCase(events);
  const rows: string[][] = [];
  for (const row of cases) {
    for (const event of byCase.get(row.caseId) ?? []) {
      const entry = logEntryOf(event);
      rows.push([
        row.number,
        entry.activity,
        entry.timestamp,
        entry.lifecycle,
        entry.resource,
        row.serviceId,
      ]);
    }
  }
  return `${Papa.unparse({ fields: [...processLogCsvColumns], data: rows }, { newline: '\r\n' })}\r\n`;
}
