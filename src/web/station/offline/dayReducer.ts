/**
 * The optimistic state of a stop's day on the device: the server's last snapshot with the operations that
 * were not yet confirmed applied on top. Pure: the same snapshot and operations give the same state.
 * An operation that does not fit the current state (another tablet was faster) changes nothing here; the
 * server decides and reports it as a conflict.
 */
// The one declared exception to the layers (eslint.config.js, `explicitExceptions`): the device orders its
// offline queue with the server's own pure function, so both always agree on who is next.
import { orderQueue, type QueueEntry } from '../../../domain/queue.ts';
import type {
  Appointment,
  AppointmentStatus,
  CounterState,
  Entry,
  EntryService,
  OfferedService,
  QueueItem,
  StationDay,
  Ticket,
  TicketStatus,
} from '../api/types.ts';
import type { Operation } from './operations.ts';

type Action = 'call' | 'start_service' | 'finish' | 'no_show' | 'park' | 'resume' | 'hand_over' | 'recall';

const appointmentMoves: Partial<Record<AppointmentStatus, Partial<Record<Action, AppointmentStatus>>>> = {
  checked_in: { call: 'called' },
  called: {
    recall: 'called',
    start_service: 'in_service',
    no_show: 'no_show',
    park: 'parked',
    hand_over: 'checked_in',
  },
  in_service: { finish: 'finished', hand_over: 'checked_in' },
  parked: { call: 'called', resume: 'called', no_show: 'no_show' },
};

const ticketMoves: Partial<Record<TicketStatus, Partial<Record<Action, TicketStatus>>>> = {
  waiting: { call: 'called' },
  called: {
    recall: 'called',
    start_service: 'in_service',
    no_show: 'no_show',
    park: 'parked',
    hand_over: 'waiting',
  },
  in_service: { finish: 'finished', hand_over: 'waiting' },
  parked: { call: 'called', resume: 'called', no_show: 'no_show' },
};

/** start_service and finish win over a no-show or park recorded meanwhile: the person was served. */
function servedAnyway(entry: Entry, action: Action): string | undefined {
  if ((entry.status !== 'no_show' && entry.status !== 'parked') || !entry.calledAt) return undefined;
  if (action === 'start_service') return 'in_service';
  if (action === 'finish') return 'finished';
  return undefined;
}

/** The status an entry would move to, or undefined when the action does not fit its status. */
export function nextStatus(entry: Entry, action: Action): string | undefined {
  const regular =
    entry.kind === 'appointment'
      ? appointmentMoves[entry.status]?.[action]
      : ticketMoves[entry.status]?.[action];
  return regular ?? servedAnyway(entry, action);
}

export function canDo(entry: Entry, action: Action): boolean {
  return nextStatus(entry, action) !== undefined;
}

export function allEntries(day: StationDay): Entry[] {
  return [...day.appointments, ...day.tickets];
}

export function findEntry(day: StationDay, entryId: string): Entry | undefined {
  return allEntries(day).find((entry) => entry.id === entryId);
}

function replaceEntry(day: StationDay, entry: Entry): StationDay {
  if (entry.kind === 'appointment') {
    return { ...day, appointments: day.appointments.map((a) => (a.id === entry.id ? entry : a)) };
  }
  return { ...day, tickets: day.tickets.map((t) => (t.id === entry.id ? entry : t)) };
}

function freeCounterOf(counters: CounterState[], entryId: string): CounterState[] {
  return counters.map((c) => (c.busyWith === entryId ? { ...c, busyWith: null } : c));
}

function ensureCounters(day: StationDay): CounterState[] {
  if (day.counters.length > 0) return day.counters;
  return Array.from({ length: day.stop.counters }, (_, index) => ({ number: index + 1, busyWith: null }));
}

function move(day: StationDay, op: Operation & { entryId: string }, action: Action): StationDay {
  const entry = findEntry(day, op.entryId);
  if (!entry) return day;
  const status = nextStatus(entry, action);
  if (status === undefined) return day;
  let counters = ensureCounters(day);
  let changed: Entry = { ...entry, status } as Entry;
  switch (op.type) {
    case 'call':
      counters = freeCounterOf(counters, entry.id).map((c) =>
        c.number === op.counter ? { ...c, busyWith: entry.id } : c,
      );
      changed = { ...changed, counter: op.counter, calledAt: op.at, reservedForCounter: null };
      break;
    case 'recall':
      changed = { ...changed, calledAt: op.at };
      break;
    case 'start_service':
      changed = { ...changed, startedAt: op.at };
      break;
    case 'hand_over':
      counters = freeCounterOf(counters, entry.id);
      changed = { ...changed, reservedForCounter: op.toCounter, counter: null };
      break;
    case 'resume': {
      const counter = op.counter ?? entry.counter;
      if (counter === null) return day;
      counters = freeCounterOf(counters, entry.id).map((c) =>
        c.number === counter ? { ...c, busyWith: entry.id } : c,
      );
      changed = { ...changed, counter, calledAt: op.at };
      break;
    }
    case 'finish': {
      counters = freeCounterOf(counters, entry.id);
      const delivered = op.deliveredServices;
      changed = {
        ...changed,
        services: entry.services
          .map((service) => ({
            ...service,
            quantity: delivered.find((d) => d.serviceId === service.id)?.quantity ?? 0,
          }))
          .filter((service) => service.quantity > 0),
      };
      break;
    }
    default:
      counters = freeCounterOf(counters, entry.id);
  }
  return { ...replaceEntry(day, changed), counters };
}

function servicesFor(
  requested: { serviceId: string; quantity: number }[],
  catalogue: readonly OfferedService[],
): EntryService[] {
  return requested.map((r) => {
    const offered = catalogue.find((s) => s.id === r.serviceId);
    return {
      id: r.serviceId,
      nameDe: offered?.nameDe ?? r.serviceId,
      nameEn: offered?.nameEn ?? r.serviceId,
      quantity: r.quantity,
      minutesEach: offered?.typicalMinutes ?? 10,
      documents: null,
    };
  });
}

/** Applies one operation to the day; an operation that does not fit changes nothing. */
export function applyOperation(
  day: StationDay,
  op: Operation,
  catalogue: readonly OfferedService[] = [],
): StationDay {
  switch (op.type) {
    case 'sign_off_checklist':
      // Kept beside the day (useStationDay's checklist), not in it.
      return day;
    case 'open_stop':
      return day.stop.status === 'scheduled' ? { ...day, stop: { ...day.stop, status: 'open' } } : day;
    case 'close_stop':
      if (day.stop.status === 'closed' || day.stop.status === 'cancelled') return day;
      return {
        ...day,
        stop: { ...day.stop, status: 'closed' },
        tickets: day.tickets.map((t) => (t.status === 'waiting' ? { ...t, status: 'no_show' } : t)),
      };
    case 'check_in': {
      const code = normaliseCode(op.code);
      const appointment = day.appointments.find((a) => normaliseCode(a.code) === code);
      if (!appointment || appointment.status !== 'confirmed') return day;
      return replaceEntry(day, { ...appointment, status: 'checked_in', checkedInAt: op.at });
    }
    case 'issue_ticket': {
      if (day.tickets.some((t) => t.id === op.ticketId)) return day;
      const ticket: Ticket = {
        id: op.ticketId,
        kind: 'walk_in',
        displayNumber: op.displayNumber,
        status: 'waiting',
        name: op.name ?? null,
        services: servicesFor(op.services, catalogue),
        createdAt: op.at,
        origin: 'staff',
        counter: null,
      };
      return { ...day, tickets: [...day.tickets, ticket] };
    }
    case 'call':
    case 'recall':
    case 'start_service':
    case 'no_show':
    case 'park':
    case 'resume':
    case 'hand_over':
    case 'finish':
      return move(day, op, op.type);
  }
}

export function applyOperations(
  day: StationDay,
  ops: readonly Operation[],
  catalogue: readonly OfferedService[] = [],
): StationDay {
  return ops.reduce((state, op) => applyOperation(state, op, catalogue), day);
}

/** Booking codes are typed by hand: upper case, no spaces, the dash optional. */
export function normaliseCode(code: string): string {
  const compact = code.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : compact;
}

export function entryMinutes(entry: Entry): number {
  const minutes = entry.services.reduce((sum, s) => sum + s.quantity * s.minutesEach, 0);
  return Math.max(1, minutes);
}

function isWaiting(entry: Entry): boolean {
  return entry.kind === 'appointment' ? entry.status === 'checked_in' : entry.status === 'waiting';
}

/** The merged queue with estimated waits, recomputed on the device with the server's own queue rules. */
export function computeQueue(day: StationDay, now: Date): QueueItem[] {
  const nowIso = now.toISOString();
  const counters = ensureCounters(day).map((counter) => {
    const busy = counter.busyWith ? findEntry(day, counter.busyWith) : undefined;
    let busyUntil: string | null = null;
    if (busy) {
      const since = Date.parse(busy.startedAt ?? busy.calledAt ?? nowIso);
      const end = Math.max(
        now.getTime(),
        (Number.isNaN(since) ? now.getTime() : since) + entryMinutes(busy) * 60_000,
      );
      busyUntil = new Date(end).toISOString();
    }
    return { id: String(counter.number), open: true, busyUntil };
  });
  const entries: QueueEntry[] = allEntries(day)
    .filter(isWaiting)
    .map((entry) => {
      const reserved = entry.reservedForCounter ? String(entry.reservedForCounter) : undefined;
      if (entry.kind === 'appointment') {
        return {
          id: entry.id,
          kind: 'appointment',
          durationMinutes: entryMinutes(entry),
          reservedForCounterId: reserved,
          appointmentStart: entry.startsAt,
          checkedInAt: entry.checkedInAt ?? nowIso,
        };
      }
      return {
        id: entry.id,
        kind: 'walk_in',
        durationMinutes: entryMinutes(entry),
        reservedForCounterId: reserved,
        arrivedAt: entry.createdAt,
      };
    });
  return orderQueue({ counters, entries, closesAt: day.stop.endsAt }, nowIso).map((queued) => ({
    entryId: queued.id,
    kind: queued.kind,
    position: queued.position,
    estimatedCallAt: queued.estimatedCallAt,
    estimatedWaitMinutes: queued.estimatedWaitMinutes,
  }));
}

/** The entry this counter should call next: one handed over to it, else the first in the queue. */
export function nextForCounter(
  day: StationDay,
  queue: readonly QueueItem[],
  counter: number,
): Entry | undefined {
  const reserved = allEntries(day).find((e) => isWaiting(e) && e.reservedForCounter === counter);
  if (reserved) return reserved;
  for (const item of queue) {
    const entry = findEntry(day, item.entryId);
    if (entry && (!entry.reservedForCounter || entry.reservedForCounter === counter)) return entry;
  }
  return undefined;
}

/** The entry at this counter now (called or in service). */
export function currentAtCounter(day: StationDay, counter: number): Entry | undefined {
  return allEntries(day).find(
    (e) => e.counter === counter && (e.status === 'called' || e.status === 'in_service'),
  );
}

export type { Appointment };
