/**
 * Conflicts between a unit's stops. A stop occupies the unit from `windowStart - setupMinutes` to
 * `windowEnd + teardownMinutes`; between two consecutive stops of the same day the unit must also travel.
 * Travel is only checked between stops on the same local date: overnight the team returns to the depot.
 */
import { DomainError } from './errors.ts';
import { MINUTE_MS, parseInstant, type Instant, type LocalDate } from './time.ts';

export interface UnitStop {
  id: string;
  siteId: string;
  /** Local date of the stop; decides which stops count as consecutive for travel. */
  date: LocalDate;
  windowStart: Instant;
  windowEnd: Instant;
  setupMinutes: number;
  teardownMinutes: number;
}

/** Driving time in whole minutes between two sites (not necessarily symmetric). */
export type TravelTimeMinutes = (fromSiteId: string, toSiteId: string) => number;

export type StopConflict =
  | { kind: 'overlap'; stopId: string; overlapMinutes: number }
  | {
      kind: 'travel';
      stopId: string;
      /** 'from_previous': the conflicting stop comes before the proposed one; 'to_next': after it. */
      direction: 'from_previous' | 'to_next';
      requiredMinutes: number;
      availableMinutes: number;
      missingMinutes: number;
    };

interface OccupiedStop {
  stop: UnitStop;
  occupiedStart: number;
  occupiedEnd: number;
}

/**
 * Conflicts of `proposed` with the unit's `existing` stops (a stop with the proposed id is ignored, so an
 * edited stop does not conflict with its old version). Overlaps are reported for every overlapping stop;
 * travel only for the nearest non-overlapping stop before and after on the same date.
 */
export function findStopConflicts(
  existing: readonly UnitStop[],
  proposed: UnitStop,
  travelMinutes: TravelTimeMinutes,
): StopConflict[] {
  const candidate = occupy(proposed, 'proposed');
  const others = existing.filter((stop) => stop.id !== proposed.id).map((stop) => occupy(stop, 'existing'));
  const conflicts: StopConflict[] = [];

  const overlapping = others.filter(
    (other) => other.occupiedStart < candidate.occupiedEnd && candidate.occupiedStart < other.occupiedEnd,
  );
  for (const other of sortByOccupiedStart(overlapping)) {
    const overlapMs =
      Math.min(other.occupiedEnd, candidate.occupiedEnd) -
      Math.max(other.occupiedStart, candidate.occupiedStart);
    conflicts.push({
      kind: 'overlap',
      stopId: other.stop.id,
      overlapMinutes: Math.ceil(overlapMs / MINUTE_MS),
    });
  }

  const sameDay = others.filter((other) => other.stop.date === proposed.date && !overlapping.includes(other));
  const previous = [...sameDay.filter((other) => other.occupiedEnd <= candidate.occupiedStart)]
    .sort((a, b) => a.occupiedEnd - b.occupiedEnd || (a.stop.id < b.stop.id ? -1 : 1))
    .at(-1);
  const next = sortByOccupiedStart(
    sameDay.filter((other) => other.occupiedStart >= candidate.occupiedEnd),
  )[0];

  if (previous) {
    const conflict = travelConflict(previous, candidate, previous, 'from_previous', travelMinutes);
    if (conflict) conflicts.push(conflict);
  }
  if (next) {
    const conflict = travelConflict(candidate, next, next, 'to_next', travelMinutes);
    if (conflict) conflicts.push(conflict);
  }
  return conflicts;
}

/** Throws `stop_conflict` (409) listing the conflicts when there are any. */
export function assertNoStopConflicts(
  existing: readonly UnitStop[],
  proposed: UnitStop,
  travelMinutes: TravelTimeMinutes,
): void {
  const conflicts = findStopConflicts(existing, proposed, travelMinutes);
  if (conflicts.length > 0) {
    throw new DomainError('stop_conflict', {
      field: 'windowStart',
      message: `stop conflicts with ${conflicts.length} other stop(s) of the unit`,
      details: { conflicts },
    });
  }
}

/** True when a stop on `date` lies before `today` (both local dates in Europe/Berlin). */
export function isStopDateInPast(date: LocalDate, today: LocalDate): boolean {
  return date < today;
}

/**
 * Throws `stop_in_past` (422) on `field` when a stop would be dated before today: nobody can come to it,
 * and a past stop would distort the figures. A stop today is allowed (a day's stop is registered on the day).
 */
export function assertStopNotInPast(date: LocalDate, today: LocalDate, field = 'date'): void {
  if (isStopDateInPast(date, today)) {
    throw new DomainError('stop_in_past', {
      field,
      message: `a stop cannot be dated in the past (${date} is before ${today})`,
      details: { date, today },
    });
  }
}

function travelConflict(
  from: OccupiedStop,
  to: OccupiedStop,
  other: OccupiedStop,
  direction: 'from_previous' | 'to_next',
  travelMinutes: TravelTimeMinutes,
): StopConflict | undefined {
  const required = from.stop.siteId === to.stop.siteId ? 0 : travelMinutes(from.stop.siteId, to.stop.siteId);
  if (!Number.isFinite(required) || required < 0) {
    throw new DomainError('invalid_travel_time', {
      message: `no usable travel time from site ${from.stop.siteId} to ${to.stop.siteId}`,
      details: { fromSiteId: from.stop.siteId, toSiteId: to.stop.siteId },
    });
  }
  const availableMinutes = Math.floor((to.occupiedStart - from.occupiedEnd) / MINUTE_MS);
  if (availableMinutes >= required) return undefined;
  return {
    kind: 'travel',
    stopId: other.stop.id,
    direction,
    requiredMinutes: required,
    availableMinutes,
    missingMinutes: Math.ceil(required - availableMinutes),
  };
}

function occupy(stop: UnitStop, role: 'proposed' | 'existing'): OccupiedStop {
  const prefix = role === 'proposed' ? '' : `existing[${stop.id}].`;
  const start = parseInstant(stop.windowStart, `${prefix}windowStart`);
  const end = parseInstant(stop.windowEnd, `${prefix}windowEnd`);
  if (end <= start) {
    throw new DomainError('invalid_range', {
      field: `${prefix}windowEnd`,
      message: 'window must end after it starts',
    });
  }
  for (const field of ['setupMinutes', 'teardownMinutes'] as const) {
    const minutes = stop[field];
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > 24 * 60) {
      throw new DomainError('invalid_duration', {
        field: `${prefix}${field}`,
        message: `${field} must be a whole number of minutes 0..1440`,
      });
    }
  }
  return {
    stop,
    occupiedStart: start - stop.setupMinutes * MINUTE_MS,
    occupiedEnd: end + stop.teardownMinutes * MINUTE_MS,
  };
}

function sortByOccupiedStart(stops: OccupiedStop[]): OccupiedStop[] {
  return [...stops].sort((a, b) => a.occupiedStart - b.occupiedStart || (a.stop.id < b.stop.id ? -1 : 1));
}
