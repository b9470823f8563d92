/**
 * Bookable start times at a stop, and the capacity rules behind them.
 *
 * Capacity model: a stop has `counters` desks. Every booking and every active hold occupies one counter for
 * its whole duration. A start time is feasible iff, at every minute of [start, start + duration), the number
 * of bookings and holds overlapping that minute stays below `counters`. Because intervals form an interval
 * graph (whose colouring number equals its largest clique), this count check is exactly "some assignment of
 * bookings to counters exists" — but not always without moving existing bookings to other counters.
 *
 * How the database enforces it (this module only computes; the server's command does the writing):
 * - Each booking/hold row carries a `counter` number 1..counters, a capacity lane, not a physical desk:
 *   the station app calls any free desk. The table has
 *     EXCLUDE USING gist (stop_id WITH =, counter WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
 *   (btree_gist, PostgreSQL 15), so two rows can never share a lane at the same time, whatever the
 *   application does. Together with `counter BETWEEN 1 AND <stop's counters>` this is the hard guarantee
 *   against overbooking.
 * - The command locks the stop row (`SELECT … FOR UPDATE`), reads the stop's bookings and holds, calls
 *   `assignCounter`, and inserts with the returned lane. If lanes are fragmented, `assignCounter` returns
 *   `moves` for existing rows; apply them in the same transaction with the constraint declared
 *   DEFERRABLE INITIALLY DEFERRED, so intermediate states during the re-packing are allowed.
 * - Without btree_gist, the alternative is one row per (stop_id, counter, block_start) with a UNIQUE key
 *   (`capacityBlocks`). The block length must divide every booking start and duration (5 minutes for the
 *   usual 5/15-minute grids), otherwise blocks round bookings up and waste capacity.
 */
import { DomainError } from './errors.ts';
import { formatInstant, localMinuteOfDay, MINUTE_MS, parseInstant, type Instant } from './time.ts';

export const MAX_QUANTITY_PER_SERVICE = 10;
export const DEFAULT_MAX_TOTAL_MINUTES = 180;
export const DEFAULT_LEAD_TIME_MINUTES = 30;
export const MAX_COUNTERS = 50;
const MAX_WINDOW_MINUTES = 24 * 60;

export interface RequestedService {
  serviceId: string;
  quantity: number;
}

/**
 * Validates a requested set of services (at least one, each quantity an integer 1..10, no service twice,
 * every service known) and returns the total duration in minutes.
 */
export function requestedDurationMinutes(
  requested: readonly RequestedService[],
  durationByServiceId: ReadonlyMap<string, number>,
  maxTotalMinutes = DEFAULT_MAX_TOTAL_MINUTES,
): number {
  if (requested.length === 0) {
    throw new DomainError('no_services', { field: 'services', message: 'choose at least one service' });
  }
  const seen = new Set<string>();
  let total = 0;
  requested.forEach(({ serviceId, quantity }, index) => {
    if (seen.has(serviceId)) {
      throw new DomainError('duplicate_service', {
        field: `services[${index}].serviceId`,
        message: `service ${serviceId} is listed twice; raise its quantity instead`,
      });
    }
    seen.add(serviceId);
    const minutes = durationByServiceId.get(serviceId);
    if (minutes === undefined) {
      throw new DomainError('unknown_service', {
        field: `services[${index}].serviceId`,
        message: `service ${serviceId} is not offered here`,
      });
    }
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY_PER_SERVICE) {
      throw new DomainError('invalid_quantity', {
        field: `services[${index}].quantity`,
        message: `quantity must be a whole number 1..${MAX_QUANTITY_PER_SERVICE}`,
        details: { min: 1, max: MAX_QUANTITY_PER_SERVICE },
      });
    }
    total += minutes * quantity;
  });
  if (total > maxTotalMinutes) {
    throw new DomainError('duration_too_long', {
      field: 'services',
      message: `the services need ${total} minutes, more than the ${maxTotalMinutes} one appointment may take`,
      details: { totalMinutes: total, maxTotalMinutes },
    });
  }
  return total;
}

/** A booking or hold occupying one counter from `start` for `durationMinutes`. */
export interface OccupiedInterval {
  start: Instant;
  durationMinutes: number;
}

/** A hold only occupies capacity while it has not expired. */
export interface Hold extends OccupiedInterval {
  expiresAt: Instant;
}

export interface CapacityContext {
  /** The stop's bookable window (its opening), not including setup/teardown. */
  openStart: Instant;
  openEnd: Instant;
  counters: number;
  bookings: readonly OccupiedInterval[];
  holds?: readonly Hold[] | undefined;
  now: Instant;
  /** Bookings must start at least this many minutes after `now`. */
  leadTimeMinutes?: number | undefined;
}

export interface SlotSearch extends CapacityContext {
  /** Start times lie on this local-clock grid (a divisor of 60: 5, 10, 15, 20, 30, 60). */
  granularityMinutes: number;
  durationMinutes: number;
}

export interface FreeStart {
  start: Instant;
  end: Instant;
  /** How many more bookings of this duration could start here at the same time (≥ 1). */
  freeCounters: number;
}

/** Feasible start times, ascending. */
export function findFreeStarts(search: SlotSearch): FreeStart[] {
  const granularity = validateGranularity(search.granularityMinutes);
  const duration = validateDuration(search.durationMinutes, 'durationMinutes');
  const capacity = buildCapacity(search);
  const free: FreeStart[] = [];
  const first = Math.ceil(capacity.earliestStart / granularity) * granularity;
  for (let start = first; start + duration <= capacity.windowEnd; start += granularity) {
    const peak = capacity.peakBetween(start, start + duration);
    if (peak < capacity.counters) {
      free.push({
        start: formatInstant(start * MINUTE_MS),
        end: formatInstant((start + duration) * MINUTE_MS),
        freeCounters: capacity.counters - peak,
      });
    }
  }
  return free;
}

/** `findFreeStarts` on epoch milliseconds; `occupied` holds only rows that occupy capacity at `nowMs`. */
export function findFreeStartsAt(
  facts: CapacityFacts & { granularityMinutes: number; durationMinutes: number },
): { startMs: number; endMs: number; freeCounters: number }[] {
  const granularity = validateGranularity(facts.granularityMinutes);
  const duration = validateDuration(facts.durationMinutes, 'durationMinutes');
  const capacity = capacityOf(
    facts.openStartMs,
    facts.openEndMs,
    facts.counters,
    facts.nowMs,
    facts.leadTimeMinutes,
    facts.occupied.map((span, i) => spanMinutes(span, `bookings[${i}].durationMinutes`)),
  );
  const free: { startMs: number; endMs: number; freeCounters: number }[] = [];
  const first = Math.ceil(capacity.earliestStart / granularity) * granularity;
  for (let start = first; start + duration <= capacity.windowEnd; start += granularity) {
    const peak = capacity.peakBetween(start, start + duration);
    if (peak < capacity.counters) {
      free.push({
        startMs: start * MINUTE_MS,
        endMs: (start + duration) * MINUTE_MS,
        freeCounters: capacity.counters - peak,
      });
    }
  }
  return free;
}

export type BookingFit =
  { fits: true; freeCounters: number } | { fits: false; reason: 'outside_window' | 'too_soon' | 'full' };

/**
 * The double check before writing a booking: does one booking at `start` still fit? The existing
 * `bookings`/`holds` must not contain the booking itself (when converting a hold, leave that hold out).
 */
export function checkBookingFit(
  context: CapacityContext,
  start: Instant,
  durationMinutes: number,
): BookingFit {
  const duration = validateDuration(durationMinutes, 'durationMinutes');
  const capacity = buildCapacity(context);
  return fitAt(capacity, parseInstant(start, 'start'), duration);
}

/** A booking or hold in epoch milliseconds: the one time representation of decisions on loaded rows. */
export interface OccupiedSpan {
  startMs: number;
  durationMinutes: number;
}

/** An existing booking or hold with its capacity lane, in epoch milliseconds. */
export interface LaneSpan extends OccupiedSpan {
  id: string;
  counter: number;
}

/** `CapacityContext` in epoch milliseconds; `occupied` holds only rows that occupy capacity now. */
export interface CapacityFacts {
  openStartMs: number;
  openEndMs: number;
  counters: number;
  occupied: readonly OccupiedSpan[];
  nowMs: number;
  leadTimeMinutes?: number | undefined;
}

/** `checkBookingFit` on epoch milliseconds. */
export function checkBookingFitAt(
  facts: CapacityFacts,
  startMs: number,
  durationMinutes: number,
): BookingFit {
  const duration = validateDuration(durationMinutes, 'durationMinutes');
  const capacity = capacityOf(
    facts.openStartMs,
    facts.openEndMs,
    facts.counters,
    facts.nowMs,
    facts.leadTimeMinutes,
    facts.occupied.map((span, i) => spanMinutes(span, `bookings[${i}].durationMinutes`)),
  );
  return fitAt(capacity, startMs, duration);
}

function fitAt(capacity: Capacity, startMs: number, duration: number): BookingFit {
  if (startMs % MINUTE_MS !== 0) return { fits: false, reason: 'outside_window' };
  const startMinute = startMs / MINUTE_MS;
  if (startMinute < capacity.windowStart || startMinute + duration > capacity.windowEnd) {
    return { fits: false, reason: 'outside_window' };
  }
  if (startMinute < capacity.earliestStart) return { fits: false, reason: 'too_soon' };
  const peak = capacity.peakBetween(startMinute, startMinute + duration);
  return peak < capacity.counters
    ? { fits: true, freeCounters: capacity.counters - peak }
    : { fits: false, reason: 'full' };
}

/** Like `checkBookingFit`, throwing `slot_full` (409) or `slot_unavailable` (409) with `field: 'start'`. */
export function assertBookingFits(context: CapacityContext, start: Instant, durationMinutes: number): void {
  assertFits(checkBookingFit(context, start, durationMinutes), 'start');
}

/** Throws `slot_full` or `slot_unavailable` naming `field` unless the booking fits. */
export function assertFits(fit: BookingFit, field: string): void {
  if (fit.fits) return;
  throw new DomainError(fit.reason === 'full' ? 'slot_full' : 'slot_unavailable', {
    field,
    message:
      fit.reason === 'full'
        ? 'no counter is free for the whole time'
        : `start time is ${fit.reason.replace('_', ' ')}`,
    details: { reason: fit.reason },
  });
}

/** Appointments start on the stop's local-clock grid of `slotMinutes`, on a whole minute. */
export function assertOnSlotGrid(startMs: number, slotMinutes: number, field: string): void {
  if (startMs % MINUTE_MS !== 0 || localMinuteOfDay(startMs) % slotMinutes !== 0) {
    throw new DomainError('slot_unavailable', {
      field,
      message: `appointments start every ${slotMinutes} minutes`,
    });
  }
}

/** Only a stop that is scheduled or open takes bookings (`slot_unavailable` otherwise). */
export function assertStopBookable(status: string): void {
  if (status !== 'scheduled' && status !== 'open') {
    throw new DomainError('slot_unavailable', { field: 'stopId', message: `the stop is ${status}` });
  }
}

/** An existing booking or hold with its capacity lane. */
export interface LaneBooking {
  id: string;
  start: Instant;
  durationMinutes: number;
  counter: number;
}

export interface CounterAssignment {
  counter: number;
  /** Existing rows that must change lane first (empty in the usual case). */
  moves: { id: string; fromCounter: number; toCounter: number }[];
}

/**
 * The capacity lane (1..counters) for a new booking. Takes the lowest lane free for the whole interval; if
 * none is free although capacity allows, re-packs all lanes (greedy by start time, keeping each booking on
 * its lane where possible — optimal for interval graphs) and reports the moves. Throws `slot_full` when the
 * booking does not fit at all. Pass only rows that occupy capacity (confirmed bookings and live holds).
 */
export function assignCounter(
  existing: readonly LaneBooking[],
  candidate: OccupiedInterval,
  counters: number,
): CounterAssignment {
  validateCounters(counters);
  // Parsed and checked one interval after the other, as the errors have always been reported.
  const startMs = parseInstant(candidate.start, 'start');
  validateDuration(candidate.durationMinutes, 'durationMinutes');
  const spans = existing.map((booking, index) => {
    const span = {
      id: booking.id,
      counter: booking.counter,
      startMs: parseInstant(booking.start, `existing[${index}].start`),
    };
    return {
      ...span,
      durationMinutes: validateDuration(booking.durationMinutes, `existing[${index}].durationMinutes`),
    };
  });
  return assignCounterAt(spans, { startMs, durationMinutes: candidate.durationMinutes }, counters, 'start');
}

/** `assignCounter` on epoch milliseconds; errors name `field`. */
export function assignCounterAt(
  existing: readonly LaneSpan[],
  candidate: OccupiedSpan,
  counters: number,
  field: string,
): CounterAssignment {
  validateCounters(counters);
  const newRow = spanMinutes(candidate, 'durationMinutes');
  const rows = existing.map((booking, index) => ({
    ...spanMinutes(booking, `existing[${index}].durationMinutes`),
    id: booking.id,
    counter: booking.counter,
  }));
  return assignLane(rows, newRow, counters, field);
}

function assignLane(
  rows: readonly (MinuteInterval & { id: string; counter: number })[],
  newRow: MinuteInterval,
  counters: number,
  field: string,
): CounterAssignment {
  const overlaps = (a: MinuteInterval, b: MinuteInterval) => a.start < b.end && b.start < a.end;

  for (let lane = 1; lane <= counters; lane++) {
    if (!rows.some((row) => row.counter === lane && overlaps(row, newRow)))
      return { counter: lane, moves: [] };
  }

  const points = rows.filter((row) => overlaps(row, newRow));
  const peak = peakOverlap(points, newRow.start, newRow.end);
  if (peak >= counters) {
    throw new DomainError('slot_full', { field, message: 'no counter is free for the whole time' });
  }

  const all = [
    ...rows.map((row) => ({ ...row, isNew: false })),
    { ...newRow, id: '', counter: 0, isNew: true },
  ];
  all.sort(
    (a, b) =>
      a.start - b.start || a.end - b.end || Number(b.isNew) - Number(a.isNew) || compareIds(a.id, b.id),
  );
  const laneFreeFrom = new Array<number>(counters + 1).fill(Number.NEGATIVE_INFINITY);
  let newCounter = 0;
  const moves: CounterAssignment['moves'] = [];
  for (const row of all) {
    const keep = row.counter >= 1 && row.counter <= counters && (laneFreeFrom[row.counter] ?? 0) <= row.start;
    let lane = keep ? row.counter : 0;
    for (let candidateLane = 1; lane === 0 && candidateLane <= counters; candidateLane++) {
      if ((laneFreeFrom[candidateLane] ?? 0) <= row.start) lane = candidateLane;
    }
    if (lane === 0)
      throw new DomainError('slot_full', { field, message: 'existing bookings exceed capacity' });
    laneFreeFrom[lane] = row.end;
    if (row.isNew) newCounter = lane;
    else if (lane !== row.counter) moves.push({ id: row.id, fromCounter: row.counter, toCounter: lane });
  }
  return { counter: newCounter, moves };
}

/** The value for the booking's `tstzrange(lower, upper, '[)')` column. */
export function capacityRange(booking: OccupiedInterval): { lower: string; upper: string } {
  const { start, end } = toMinuteInterval(booking, 'start');
  return { lower: new Date(start * MINUTE_MS).toISOString(), upper: new Date(end * MINUTE_MS).toISOString() };
}

/** A stable key for one capacity block of one lane, for a UNIQUE column. */
export function slotKey(stopId: string, counter: number, blockStart: Instant): string {
  return `${stopId}:${counter}:${new Date(parseInstant(blockStart, 'blockStart')).toISOString()}`;
}

export interface CapacityBlock {
  stopId: string;
  counter: number;
  blockStart: string;
  key: string;
}

/** The blocks a booking covers on its lane (rounded outward to `blockMinutes`, on the UTC/Berlin grid). */
export function capacityBlocks(
  stopId: string,
  counter: number,
  booking: OccupiedInterval,
  blockMinutes = 5,
): CapacityBlock[] {
  validateGranularity(blockMinutes);
  const { start, end } = toMinuteInterval(booking, 'start');
  const blocks: CapacityBlock[] = [];
  for (let block = Math.floor(start / blockMinutes) * blockMinutes; block < end; block += blockMinutes) {
    const blockStart = new Date(block * MINUTE_MS).toISOString();
    blocks.push({ stopId, counter, blockStart, key: `${stopId}:${counter}:${blockStart}` });
  }
  return blocks;
}

interface MinuteInterval {
  start: number;
  end: number;
}

interface Capacity {
  windowStart: number;
  windowEnd: number;
  earliestStart: number;
  counters: number;
  peakBetween(start: number, end: number): number;
}

function buildCapacity(context: CapacityContext): Capacity {
  validateCounters(context.counters);
  const openStartMs = parseInstant(context.openStart, 'openStart');
  const openEndMs = parseInstant(context.openEnd, 'openEnd');
  checkWindow(openStartMs, openEndMs);
  const now = parseInstant(context.now, 'now');
  checkLeadTime(context.leadTimeMinutes);
  const occupied: MinuteInterval[] = context.bookings.map((b, i) =>
    toMinuteInterval(b, `bookings[${i}].start`),
  );
  (context.holds ?? []).forEach((hold, i) => {
    if (parseInstant(hold.expiresAt, `holds[${i}].expiresAt`) > now)
      occupied.push(toMinuteInterval(hold, `holds[${i}].start`));
  });
  return capacityOf(openStartMs, openEndMs, context.counters, now, context.leadTimeMinutes, occupied);
}

function checkWindow(openStartMs: number, openEndMs: number): void {
  const windowStart = Math.ceil(openStartMs / MINUTE_MS);
  const windowEnd = Math.floor(openEndMs / MINUTE_MS);
  if (windowEnd <= windowStart || windowEnd - windowStart > MAX_WINDOW_MINUTES) {
    throw new DomainError('invalid_range', {
      field: 'openEnd',
      message: 'opening must end after it starts, within 24 hours',
    });
  }
}

function checkLeadTime(leadTimeMinutes: number | undefined): void {
  const lead = leadTimeMinutes ?? DEFAULT_LEAD_TIME_MINUTES;
  if (!Number.isInteger(lead) || lead < 0) {
    throw new DomainError('invalid_duration', {
      field: 'leadTimeMinutes',
      message: 'lead time must be whole minutes ≥ 0',
    });
  }
}

function capacityOf(
  openStartMs: number,
  openEndMs: number,
  counters: number,
  now: number,
  leadTimeMinutes: number | undefined,
  occupied: readonly MinuteInterval[],
): Capacity {
  validateCounters(counters);
  checkWindow(openStartMs, openEndMs);
  checkLeadTime(leadTimeMinutes);
  const windowStart = Math.ceil(openStartMs / MINUTE_MS);
  const windowEnd = Math.floor(openEndMs / MINUTE_MS);
  const lead = leadTimeMinutes ?? DEFAULT_LEAD_TIME_MINUTES;
  const earliestStart = Math.max(windowStart, Math.ceil(now / MINUTE_MS) + lead);

  // Occupancy per minute of the window via a difference array.
  const length = windowEnd - windowStart;
  const delta = new Int32Array(length + 1);
  for (const interval of occupied) {
    const from = Math.max(interval.start, windowStart) - windowStart;
    const to = Math.min(interval.end, windowEnd) - windowStart;
    if (from >= to) continue;
    delta[from]! += 1;
    delta[to]! -= 1;
  }
  const load = new Int32Array(length);
  let running = 0;
  for (let minute = 0; minute < length; minute++) {
    running += delta[minute]!;
    load[minute] = running;
  }
  return {
    windowStart,
    windowEnd,
    earliestStart,
    counters,
    peakBetween(start, end) {
      let peak = 0;
      for (let minute = start - windowStart; minute < end - windowStart; minute++)
        peak = Math.max(peak, load[minute]!);
      return peak;
    },
  };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function peakOverlap(intervals: readonly MinuteInterval[], from: number, to: number): number {
  const events: [number, number][] = [];
  for (const { start, end } of intervals) {
    events.push([Math.max(start, from), 1], [Math.min(end, to), -1]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  let peak = 0;
  for (const [, change] of events) {
    running += change;
    peak = Math.max(peak, running);
  }
  return peak;
}

/** Whole minutes, conservatively rounded outward so a seconds-precision row never shrinks. */
function toMinuteInterval(interval: OccupiedInterval, field: string): MinuteInterval {
  const startMs = parseInstant(interval.start, field);
  const duration = validateDuration(interval.durationMinutes, field.replace(/start$/, 'durationMinutes'));
  return { start: Math.floor(startMs / MINUTE_MS), end: Math.ceil(startMs / MINUTE_MS + duration) };
}

/** `toMinuteInterval` for a span already in epoch milliseconds. */
function spanMinutes(span: OccupiedSpan, durationField: string): MinuteInterval {
  const duration = validateDuration(span.durationMinutes, durationField);
  return { start: Math.floor(span.startMs / MINUTE_MS), end: Math.ceil(span.startMs / MINUTE_MS + duration) };
}

function validateDuration(minutes: number, field: string): number {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_WINDOW_MINUTES) {
    throw new DomainError('invalid_duration', { field, message: 'duration must be whole minutes 1..1440' });
  }
  return minutes;
}

function validateGranularity(minutes: number): number {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60 || 60 % minutes !== 0) {
    throw new DomainError('invalid_granularity', {
      field: 'granularityMinutes',
      message: 'granularity must divide an hour (1, 5, 10, 15, 20, 30, 60 …)',
    });
  }
  return minutes;
}

function validateCounters(counters: number): number {
  if (!Number.isInteger(counters) || counters < 1 || counters > MAX_COUNTERS) {
    throw new DomainError('invalid_counters', {
      field: 'counters',
      message: `counters must be 1..${MAX_COUNTERS}`,
    });
  }
  return counters;
}
