/**
 * Unconfirmed holds as a blocking tool: one client taking many slots with made-up e-mail addresses. Open
 * (unconfirmed, unexpired) holds are limited per client address, per client at one stop, and a stop's
 * capacity is never held unconfirmed above a share (except by a single hold, so that a stop smaller than
 * the share's worth can still be booked). Confirmed appointments are not limited here.
 */
import { DomainError } from './errors.ts';

export interface HoldLimits {
  /** Open holds one client address may have at once, across all stops. */
  perClient: number;
  /** Open holds one client address may have at one stop. */
  perStopPerClient: number;
  /** Largest share (0–1] of a stop's bookable counter-minutes that may be held unconfirmed at once. */
  unconfirmedShare: number;
}

export interface OpenHolds {
  /** Open holds of the client; undefined when the client is not known (waitlist offers). */
  byClient?: number | undefined;
  byClientAtStop?: number | undefined;
  /** Minutes held unconfirmed at the stop now (all clients, waitlist offers included). */
  unconfirmedMinutesAtStop: number;
  /** The stop's bookable counter-minutes: counters × opening minutes. */
  stopCapacityMinutes: number;
}

export type HoldLimitBreach = 'per_client' | 'per_stop_per_client' | 'unconfirmed_share';

/** Which limit one more hold of `minutes` would break, if any. */
export function holdLimitBreach(
  open: OpenHolds,
  minutes: number,
  limits: HoldLimits,
): HoldLimitBreach | undefined {
  if (open.byClient !== undefined && open.byClient >= limits.perClient) return 'per_client';
  if (open.byClientAtStop !== undefined && open.byClientAtStop >= limits.perStopPerClient)
    return 'per_stop_per_client';
  // One hold at a time is always possible, or a small stop could never be booked.
  if (
    open.unconfirmedMinutesAtStop > 0 &&
    open.unconfirmedMinutesAtStop + minutes > limits.unconfirmedShare * open.stopCapacityMinutes
  )
    return 'unconfirmed_share';
  return undefined;
}

/** Throws `hold_limit_reached` (429) or `hold_share_reached` (409) when one more hold breaks a limit. */
export function assertHoldWithinLimits(open: OpenHolds, minutes: number, limits: HoldLimits): void {
  const breach = holdLimitBreach(open, minutes, limits);
  if (breach === 'per_client' || breach === 'per_stop_per_client') {
    throw new DomainError('hold_limit_reached', {
      field: 'startsAt',
      message:
        breach === 'per_client'
          ? `at most ${limits.perClient} unconfirmed holds per client at once: confirm one by the link in its mail first`
          : `at most ${limits.perStopPerClient} unconfirmed holds per client at one stop: confirm one first`,
      details: { limit: breach === 'per_client' ? limits.perClient : limits.perStopPerClient, breach },
    });
  }
  if (breach === 'unconfirmed_share') {
    throw new DomainError('hold_share_reached', {
      field: 'startsAt',
      message:
        'too much of this stop is held unconfirmed just now; try again in a few minutes or choose another stop',
      details: { share: limits.unconfirmedShare },
    });
  }
}
