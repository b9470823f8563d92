/**
 * The one decision of a hold: everything is loaded first (under the stop's lock), this function decides on
 * it, and the command writes what it returns. Times are epoch milliseconds throughout. The database stays the
 * guarantee of capacity (the exclusion constraint on lanes); this decision only picks the lane and refuses
 * early with the right error.
 */
import { assertHoldWithinLimits, type HoldLimits } from './holdLimits.ts';
import {
  assertFits,
  assertOnSlotGrid,
  assertStopBookable,
  assignCounterAt,
  checkBookingFitAt,
  requestedDurationMinutes,
  type CounterAssignment,
  type LaneSpan,
  type RequestedService,
} from './slots.ts';
import { MINUTE_MS } from './time.ts';
import { assertRoomForAnother, type PersonalCommitments } from './waitlist.ts';

/** A row of the stop whose status occupies capacity; a hold occupies it only until it expires. */
export interface StopRow extends LaneSpan {
  status: string;
  holdExpiresAtMs: number | null;
}

export interface HoldFacts {
  stop: { status: string; openStartMs: number; openEndMs: number; counters: number; slotMinutes: number };
  services: readonly RequestedService[];
  /** Minutes each service offered at the stop's unit takes. */
  minutesEach: ReadonlyMap<string, number>;
  startMs: number;
  nowMs: number;
  leadTimeMinutes: number;
  holdMinutes: number;
  /** The person's open hold of the same start (a repeated request); not looked for on waitlist offers. */
  openHoldOfSameStart?: { id: string; holdExpiresAtMs: number; durationMinutes: number } | undefined;
  commitments: PersonalCommitments;
  maxActiveBookingsPerPerson: number;
  /** Every row of the stop with a capacity status, stale holds included (they no longer count). */
  rows: readonly StopRow[];
  /** The client's open holds, when the hold limits apply. */
  holdLimits?:
    { limits: HoldLimits; byClient?: number | undefined; byClientAtStop?: number | undefined } | undefined;
}

export type HoldDecision =
  /** The same hold asked for again: answered with the open hold, nothing is written. */
  | { kind: 'repeat'; bookingId: string; holdExpiresAtMs: number }
  | {
      kind: 'hold';
      durationMinutes: number;
      endsAtMs: number;
      holdExpiresAtMs: number;
      /** The lane of the new hold, and the lane moves of existing rows it needs first. */
      lane: CounterAssignment;
    };

/** A hold row whose time ran out: it is expired by the write and occupies nothing. */
export const isStaleHold = (row: Pick<StopRow, 'status' | 'holdExpiresAtMs'>, nowMs: number): boolean =>
  row.status === 'held' && row.holdExpiresAtMs !== null && row.holdExpiresAtMs <= nowMs;

/**
 * Decides a hold, or throws its `DomainError` (in this order: the stop, the services, the person's limit,
 * the hold limits, the slot grid, the capacity).
 */
export function decideHold(facts: HoldFacts): HoldDecision {
  const { stop } = facts;
  assertStopBookable(stop.status);
  const durationMinutes = requestedDurationMinutes(facts.services, facts.minutesEach);
  const repeated = facts.openHoldOfSameStart;
  if (repeated && repeated.durationMinutes === durationMinutes) {
    return { kind: 'repeat', bookingId: repeated.id, holdExpiresAtMs: repeated.holdExpiresAtMs };
  }
  assertRoomForAnother(facts.commitments, facts.maxActiveBookingsPerPerson);

  const live = facts.rows.filter((row) => !isStaleHold(row, facts.nowMs));
  if (facts.holdLimits) {
    const unconfirmedMinutesAtStop = live
      .filter((row) => row.status === 'held')
      .reduce((sum, row) => sum + row.durationMinutes, 0);
    assertHoldWithinLimits(
      {
        byClient: facts.holdLimits.byClient,
        byClientAtStop: facts.holdLimits.byClientAtStop,
        unconfirmedMinutesAtStop,
        stopCapacityMinutes: (stop.counters * (stop.openEndMs - stop.openStartMs)) / MINUTE_MS,
      },
      durationMinutes,
      facts.holdLimits.limits,
    );
  }
  const lane = decideLane({
    stop,
    rows: live,
    startMs: facts.startMs,
    durationMinutes,
    nowMs: facts.nowMs,
    leadTimeMinutes: facts.leadTimeMinutes,
  });
  return {
    kind: 'hold',
    durationMinutes,
    endsAtMs: facts.startMs + durationMinutes * MINUTE_MS,
    holdExpiresAtMs: facts.nowMs + facts.holdMinutes * MINUTE_MS,
    lane,
  };
}

/**
 * Checks a booking of `durationMinutes` at `startMs` fits among the rows that occupy capacity (on the slot
 * grid, in the opening, after the lead time, below the counters) and assigns its lane. Errors name `startsAt`.
 */
export function decideLane(props: {
  stop: { openStartMs: number; openEndMs: number; counters: number; slotMinutes: number };
  rows: readonly LaneSpan[];
  startMs: number;
  durationMinutes: number;
  nowMs: number;
  leadTimeMinutes: number;
}): CounterAssignment {
  const { stop, rows, startMs, durationMinutes } = props;
  assertOnSlotGrid(startMs, stop.slotMinutes, 'startsAt');
  assertFits(
    checkBookingFitAt(
      {
        openStartMs: stop.openStartMs,
        openEndMs: stop.openEndMs,
        counters: stop.counters,
        occupied: rows,
        nowMs: props.nowMs,
        leadTimeMinutes: props.leadTimeMinutes,
      },
      startMs,
      durationMinutes,
    ),
    'startsAt',
  );
  return assignCounterAt(rows, { startMs, durationMinutes }, stop.counters, 'startsAt');
}
