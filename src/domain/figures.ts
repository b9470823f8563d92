/**
 * Evaluation figures (Erprobung) for one stop and day, computed from the queue's event log.
 * Waits run from arrival (check-in or ticket) to the first call; handling time from the first call to the
 * finish. Handling time is grouped by the entry's set of services ('id_card+registration'), because one
 * visit covering several services cannot be split honestly. Percentiles use the nearest-rank method.
 */
import { DomainError } from './errors.ts';
import { MINUTE_MS, parseInstant, type Instant } from './time.ts';

export type StopEventType =
  | 'booked'
  | 'checked_in'
  | 'ticket_issued'
  | 'called'
  | 'service_started'
  | 'finished'
  | 'no_show'
  | 'cancelled'
  | 'parked'
  | 'handed_over';

export interface FigureEntry {
  id: string;
  kind: 'appointment' | 'walk_in';
  serviceIds: readonly string[];
  /** Appointments only: the booked start, for punctuality. */
  appointmentStart?: Instant | undefined;
}

export interface StopEvent {
  entryId: string;
  type: StopEventType;
  at: Instant;
}

export interface DurationStats {
  count: number;
  meanMinutes: number | null;
  medianMinutes: number | null;
  p90Minutes: number | null;
  maxMinutes: number | null;
}

export interface CountByKind {
  total: number;
  appointments: number;
  walkIns: number;
}

export interface StopFigures {
  arrivals: CountByKind;
  served: CountByKind;
  noShows: CountByKind;
  cancellations: CountByKind;
  /** Walk-ins among arrivals (0..1), null without arrivals. */
  walkInShare: number | null;
  waitToFirstCall: { all: DurationStats; appointments: DurationStats; walkIns: DurationStats };
  /** Appointments: first call minus the later of booked start and check-in (negative = called early). */
  appointmentDelay: DurationStats;
  /** Keyed by the sorted service ids joined with '+'. */
  handlingTimeByServices: Record<string, DurationStats>;
  /** Arrived but never called (still waiting, or left without a recorded outcome). */
  neverCalled: number;
}

export function computeStopFigures(
  entries: readonly FigureEntry[],
  events: readonly StopEvent[],
): StopFigures {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const timeline = new Map<string, { type: StopEventType; at: number }[]>();
  events.forEach((event, index) => {
    if (!byId.has(event.entryId)) {
      throw new DomainError('not_found', {
        field: `events[${index}].entryId`,
        message: `unknown entry ${event.entryId}`,
      });
    }
    const list = timeline.get(event.entryId) ?? [];
    list.push({ type: event.type, at: parseInstant(event.at, `events[${index}].at`) });
    timeline.set(event.entryId, list);
  });

  const arrivals = emptyCount();
  const served = emptyCount();
  const noShows = emptyCount();
  const cancellations = emptyCount();
  const waits = { all: [] as number[], appointments: [] as number[], walkIns: [] as number[] };
  const delays: number[] = [];
  const handling = new Map<string, number[]>();
  let neverCalled = 0;

  for (const entry of entries) {
    const list = (timeline.get(entry.id) ?? []).sort((a, b) => a.at - b.at);
    const first = (type: StopEventType) => list.find((e) => e.type === type)?.at;
    const last = (type: StopEventType) => list.findLast((e) => e.type === type)?.at;
    const has = (type: StopEventType) => list.some((e) => e.type === type);

    const arrivedAt = first(entry.kind === 'walk_in' ? 'ticket_issued' : 'checked_in');
    const firstCall = first('called');
    if (arrivedAt !== undefined) {
      count(arrivals, entry.kind);
      if (firstCall === undefined) neverCalled++;
    }
    if (arrivedAt !== undefined && firstCall !== undefined) {
      const wait = (firstCall - arrivedAt) / MINUTE_MS;
      waits.all.push(wait);
      (entry.kind === 'walk_in' ? waits.walkIns : waits.appointments).push(wait);
      if (entry.kind === 'appointment' && entry.appointmentStart !== undefined) {
        const start = parseInstant(entry.appointmentStart, `entries[${entry.id}].appointmentStart`);
        delays.push((firstCall - Math.max(start, arrivedAt)) / MINUTE_MS);
      }
    }
    const finishedAt = last('finished');
    if (finishedAt !== undefined) {
      count(served, entry.kind);
      if (firstCall !== undefined) {
        const key =
          entry.serviceIds.length === 0 ? 'unspecified' : [...new Set(entry.serviceIds)].sort().join('+');
        const list = handling.get(key) ?? [];
        list.push((finishedAt - firstCall) / MINUTE_MS);
        handling.set(key, list);
      }
    }
    if (has('no_show')) count(noShows, entry.kind);
    if (has('cancelled')) count(cancellations, entry.kind);
  }

  return {
    arrivals,
    served,
    noShows,
    cancellations,
    walkInShare: arrivals.total === 0 ? null : arrivals.walkIns / arrivals.total,
    waitToFirstCall: {
      all: durationStats(waits.all),
      appointments: durationStats(waits.appointments),
      walkIns: durationStats(waits.walkIns),
    },
    appointmentDelay: durationStats(delays),
    handlingTimeByServices: Object.fromEntries(
      [...handling.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, values]) => [key, durationStats(values)]),
    ),
    neverCalled,
  };
}

export function durationStats(values: readonly number[]): DurationStats {
  if (values.length === 0) {
    return { count: 0, meanMinutes: null, medianMinutes: null, p90Minutes: null, maxMinutes: null };
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return {
    count: sorted.length,
    meanMinutes: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
    medianMinutes: median,
    p90Minutes: sorted[Math.ceil(0.9 * sorted.length) - 1]!,
    maxMinutes: sorted.at(-1)!,
  };
}

function emptyCount(): CountByKind {
  return { total: 0, appointments: 0, walkIns: 0 };
}

function count(counter: CountByKind, kind: FigureEntry['kind']): void {
  counter.total++;
  if (kind === 'walk_in') counter.walkIns++;
  else counter.appointments++;
}
