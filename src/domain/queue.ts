/**
 * One merged queue per stop: checked-in appointments and walk-in tickets. Pure and deterministic, runs in
 * the browser (station app) and on the server.
 *
 * Rules, simulated counter by counter in time order:
 * 1. An entry handed over to a counter (`reservedForCounterId`) is called first when that counter is free.
 * 2. An appointment is due at its start time (or now, if the citizen checked in late); due appointments are
 *    called before walk-ins, earliest due first.
 * 3. Walk-ins are called strictly in arrival order. While an appointment is not yet due, the next walk-in
 *    may take a free counter only if that does not push any appointment's call beyond
 *    max(its due time + tolerance, the call time it would get without this walk-in) — i.e. walk-ins never
 *    delay appointments by more than the tolerance unless the appointments alone already overrun.
 * Appointments booked but not yet checked in keep their capacity reserved until `lateArrivalGraceMinutes`
 * after their start; they are not listed in the output.
 */
import { DomainError } from './errors.ts';
import { formatInstant, MINUTE_MS, parseInstant, type Instant } from './time.ts';

export const DEFAULT_APPOINTMENT_TOLERANCE_MINUTES = 5;
export const DEFAULT_LATE_ARRIVAL_GRACE_MINUTES = 5;

export interface QueueCounter {
  id: string;
  open: boolean;
  /** Expected end of what the counter is doing now; null or past when it is free. */
  busyUntil: Instant | null;
}

interface QueueEntryBase {
  id: string;
  /** Expected handling time (sum of its services). */
  durationMinutes: number;
  /** Set after a hand-over: only this counter calls the entry, with priority. */
  reservedForCounterId?: string | undefined;
}

export interface QueueAppointment extends QueueEntryBase {
  kind: 'appointment';
  appointmentStart: Instant;
  /** Null while the citizen has not checked in. */
  checkedInAt: Instant | null;
}

export interface QueueWalkIn extends QueueEntryBase {
  kind: 'walk_in';
  /** When the ticket was drawn. */
  arrivedAt: Instant;
}

export type QueueEntry = QueueAppointment | QueueWalkIn;

export interface QueueState {
  counters: readonly QueueCounter[];
  /** Waiting entries only: checked-in or booked appointments and waiting tickets (not called/parked/done). */
  entries: readonly QueueEntry[];
  toleranceMinutes?: number | undefined;
  lateArrivalGraceMinutes?: number | undefined;
  /** When the stop closes; entries estimated later are flagged. */
  closesAt?: Instant | undefined;
}

export interface QueuedEntry {
  id: string;
  kind: QueueEntry['kind'];
  /** 1-based place in the call order. */
  position: number;
  /** Null when no counter is open. */
  estimatedCallAt: Instant | null;
  estimatedCounterId: string | null;
  estimatedWaitMinutes: number | null;
  afterClosing: boolean;
}

export type NextCall =
  | { action: 'call'; entryId: string; kind: QueueEntry['kind'] }
  /** Nothing to call now; `until` is when this counter's next call is expected (null: nothing waiting). */
  | { action: 'wait'; until: Instant | null };

/** The waiting entries in call order, with estimated call times. */
export function orderQueue(state: QueueState, now: Instant): QueuedEntry[] {
  const nowMs = parseInstant(now, 'now');
  const calls = simulate(state, nowMs);
  const closesAt = state.closesAt === undefined ? undefined : parseInstant(state.closesAt, 'closesAt');
  const listed = calls.filter((call) => call.entry.arrived);
  const assigned = listed.filter((call) => call.at !== null);
  const unassigned = listed.filter((call) => call.at === null);
  return [...assigned, ...unassigned].map((call, index) => ({
    id: call.entry.id,
    kind: call.entry.kind,
    position: index + 1,
    estimatedCallAt: call.at === null ? null : formatInstant(call.at),
    estimatedCounterId: call.counterId,
    estimatedWaitMinutes: call.at === null ? null : Math.max(0, Math.ceil((call.at - nowMs) / MINUTE_MS)),
    afterClosing: call.at !== null && closesAt !== undefined && call.at >= closesAt,
  }));
}

/** What counter `counterId` (free now) should do now. */
export function nextToCall(state: QueueState, counterId: string, now: Instant): NextCall {
  const counter = state.counters.find((c) => c.id === counterId);
  if (!counter)
    throw new DomainError('not_found', { field: 'counterId', message: `no counter ${counterId}` });
  if (!counter.open)
    throw new DomainError('counter_closed', {
      field: 'counterId',
      message: `counter ${counterId} is closed`,
    });
  const nowMs = parseInstant(now, 'now');
  const freed: QueueState = {
    ...state,
    counters: state.counters.map((c) => (c.id === counterId ? { ...c, busyUntil: null } : c)),
  };
  const first = simulate(freed, nowMs, counterId).find(
    (call) => call.counterId === counterId && call.entry.arrived,
  );
  if (first === undefined || first.at === null) return { action: 'wait', until: null };
  if (first.at <= nowMs) return { action: 'call', entryId: first.entry.id, kind: first.entry.kind };
  return { action: 'wait', until: formatInstant(first.at) };
}

/** Estimated minutes until `entryId` is called (null when no counter is open). */
export function estimateWait(state: QueueState, entryId: string, now: Instant): number | null {
  const entry = orderQueue(state, now).find((e) => e.id === entryId);
  if (!entry)
    throw new DomainError('not_found', { field: 'entryId', message: `no waiting entry ${entryId}` });
  return entry.estimatedWaitMinutes;
}

interface SimEntry {
  id: string;
  kind: QueueEntry['kind'];
  durationMs: number;
  /** Appointments: when they may be called. Walk-ins: arrival. */
  due: number;
  /** Appointments: booked start (tie-break). */
  start: number;
  arrived: boolean;
  reservedFor: string | undefined;
}

interface SimCall {
  entry: SimEntry;
  at: number | null;
  counterId: string | null;
}

interface SimCounter {
  id: string;
  freeAt: number;
  rank: number;
}

function simulate(state: QueueState, now: number, preferredCounterId?: string): SimCall[] {
  const tolerance = minutesSetting(
    state.toleranceMinutes,
    DEFAULT_APPOINTMENT_TOLERANCE_MINUTES,
    'toleranceMinutes',
  );
  const grace = minutesSetting(
    state.lateArrivalGraceMinutes,
    DEFAULT_LATE_ARRIVAL_GRACE_MINUTES,
    'lateArrivalGraceMinutes',
  );
  const counters: SimCounter[] = state.counters
    .filter((c) => c.open)
    .map((c, index) => ({
      id: c.id,
      freeAt: Math.max(
        now,
        c.busyUntil === null ? now : parseInstant(c.busyUntil, `counters[${c.id}].busyUntil`),
      ),
      rank: c.id === preferredCounterId ? -1 : index,
    }));
  const openIds = new Set(counters.map((c) => c.id));

  const entries = toSimEntries(state.entries, now, grace, openIds);
  const reserved = entries.filter((e) => e.reservedFor !== undefined).sort(compareAppointments);
  const appointments = entries
    .filter((e) => e.reservedFor === undefined && e.kind === 'appointment')
    .sort(compareAppointments);
  const walkIns = entries
    .filter((e) => e.reservedFor === undefined && e.kind === 'walk_in')
    .sort(compareWalkIns);
  const calls: SimCall[] = [];

  const assign = (entry: SimEntry, counter: SimCounter, at: number) => {
    calls.push({ entry, at, counterId: counter.id });
    counter.freeAt = at + entry.durationMs;
  };

  while (counters.length > 0 && reserved.length + appointments.length + walkIns.length > 0) {
    const counter = counters.reduce((best, c) =>
      c.freeAt < best.freeAt || (c.freeAt === best.freeAt && c.rank < best.rank) ? c : best,
    );
    const t = counter.freeAt;

    const reservedIndex = reserved.findIndex((e) => e.reservedFor === counter.id);
    if (reservedIndex >= 0) {
      assign(reserved.splice(reservedIndex, 1)[0]!, counter, t);
      continue;
    }
    const dueAppointment = appointments[0];
    if (dueAppointment !== undefined && dueAppointment.due <= t) {
      assign(appointments.shift()!, counter, t);
      continue;
    }
    const headWalkIn = walkIns[0];
    if (headWalkIn !== undefined && walkInFits(headWalkIn, counter, t, counters, appointments, tolerance)) {
      assign(walkIns.shift()!, counter, t);
      continue;
    }
    // Idle until something changes: an appointment falls due or another counter frees up.
    const changePoints = [
      ...(dueAppointment ? [dueAppointment.due] : []),
      ...counters.filter((c) => c.freeAt > t).map((c) => c.freeAt),
    ];
    if (changePoints.length === 0 || (dueAppointment === undefined && headWalkIn === undefined)) {
      // Only entries reserved for other counters remain: this counter has nothing more to do.
      counters.splice(counters.indexOf(counter), 1);
      continue;
    }
    counter.freeAt = Math.min(...changePoints);
  }
  for (const entry of [...reserved, ...appointments, ...walkIns])
    calls.push({ entry, at: null, counterId: null });
  return calls;
}

/**
 * Would calling `walkIn` at `counter` now make some appointment later than both its due time + tolerance and
 * the time it gets without the walk-in? Appointments are planned greedily exactly as the simulation will
 * serve them: in due order, each on the counter that frees up first.
 */
function walkInFits(
  walkIn: SimEntry,
  counter: SimCounter,
  t: number,
  counters: readonly SimCounter[],
  appointments: readonly SimEntry[],
  tolerance: number,
): boolean {
  if (appointments.length === 0) return true;
  const freeTimes = counters.map((c) => (c === counter ? t : c.freeAt));
  const without = plannedAppointmentCalls(freeTimes, appointments);
  const withWalkIn = plannedAppointmentCalls(
    counters.map((c) => (c === counter ? t + walkIn.durationMs : c.freeAt)),
    appointments,
  );
  return appointments.every((a, i) => withWalkIn[i]! <= Math.max(without[i]!, a.due + tolerance * MINUTE_MS));
}

function plannedAppointmentCalls(freeTimes: number[], appointments: readonly SimEntry[]): number[] {
  const free = [...freeTimes];
  return appointments.map((appointment) => {
    let earliest = 0;
    for (let i = 1; i < free.length; i++) if (free[i]! < free[earliest]!) earliest = i;
    const at = Math.max(appointment.due, free[earliest]!);
    free[earliest] = at + appointment.durationMs;
    return at;
  });
}

function toSimEntries(
  entries: readonly QueueEntry[],
  now: number,
  graceMinutes: number,
  openCounterIds: ReadonlySet<string>,
): SimEntry[] {
  const seen = new Set<string>();
  const result: SimEntry[] = [];
  for (const entry of entries) {
    if (seen.has(entry.id)) {
      throw new DomainError('invalid_range', {
        field: 'entries',
        message: `entry ${entry.id} appears twice`,
      });
    }
    seen.add(entry.id);
    const durationMinutes = entry.durationMinutes;
    if (!Number.isInteger(durationMinutes) || durationMinutes < 1 || durationMinutes > 600) {
      throw new DomainError('invalid_duration', {
        field: `entries[${entry.id}].durationMinutes`,
        message: 'duration must be whole minutes 1..600',
      });
    }
    // A hand-over to a counter that is not open falls back to the common queue.
    const reservedFor =
      entry.reservedForCounterId !== undefined && openCounterIds.has(entry.reservedForCounterId)
        ? entry.reservedForCounterId
        : undefined;
    const base = { id: entry.id, kind: entry.kind, durationMs: durationMinutes * MINUTE_MS, reservedFor };
    if (entry.kind === 'walk_in') {
      const arrivedAt = parseInstant(entry.arrivedAt, `entries[${entry.id}].arrivedAt`);
      result.push({ ...base, due: arrivedAt, start: arrivedAt, arrived: true });
      continue;
    }
    const start = parseInstant(entry.appointmentStart, `entries[${entry.id}].appointmentStart`);
    const arrived = entry.checkedInAt !== null;
    if (!arrived && start + graceMinutes * MINUTE_MS < now) continue;
    result.push({ ...base, due: Math.max(start, now), start, arrived });
  }
  return result;
}

function compareAppointments(a: SimEntry, b: SimEntry): number {
  return a.due - b.due || a.start - b.start || compareIds(a.id, b.id);
}

function compareWalkIns(a: SimEntry, b: SimEntry): number {
  return a.due - b.due || compareIds(a.id, b.id);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function minutesSetting(value: number | undefined, fallback: number, field: string): number {
  const minutes = value ?? fallback;
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 240) {
    throw new DomainError('invalid_duration', { field, message: `${field} must be whole minutes 0..240` });
  }
  return minutes;
}
