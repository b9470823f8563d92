/**
 * Standing waitlist requests ("tell me when something frees up") matched against a freed slot, first come
 * first served. The command offers the slot to the returned request (with a hold) and, if it is declined or
 * the offer lapses, calls again with that request in `excludeRequestIds`.
 */
import { DomainError } from './errors.ts';
import { parseInstant, type Instant, type LocalDate } from './time.ts';

export interface WaitlistRequest {
  id: string;
  /** When the request was made: the FCFS order. */
  createdAt: Instant;
  /** Every one of these must be offered at the stop. */
  serviceIds: readonly string[];
  /** Total minutes the requested services need. */
  durationMinutes: number;
  /** Acceptable sites and districts; a stop matches if it is in either list. Both empty: anywhere. */
  siteIds?: readonly string[] | undefined;
  districtIds?: readonly string[] | undefined;
  /** Inclusive local date range. */
  dateFrom: LocalDate;
  dateTo: LocalDate;
}

export interface FreedSlot {
  stopId: string;
  siteId: string;
  districtId: string;
  date: LocalDate;
  start: Instant;
  /** Continuous free minutes from `start`. */
  freeMinutes: number;
  offeredServiceIds: readonly string[];
}

export interface WaitlistMatchOptions {
  /** Requests already offered this slot or currently holding an offer. */
  excludeRequestIds?: Iterable<string> | undefined;
}

/** Why a request does not match, for the planner's "why did nobody get this slot?" view. */
export type WaitlistMismatch = 'services' | 'place' | 'date' | 'duration' | 'excluded';

/** The first request (by `createdAt`, then id) the freed slot suits, or undefined. */
export function matchWaitlist(
  slot: FreedSlot,
  requests: readonly WaitlistRequest[],
  options: WaitlistMatchOptions = {},
): WaitlistRequest | undefined {
  return rankWaitlistMatches(slot, requests, options)[0];
}

/** All suitable requests in first-come-first-served order. */
export function rankWaitlistMatches(
  slot: FreedSlot,
  requests: readonly WaitlistRequest[],
  options: WaitlistMatchOptions = {},
): WaitlistRequest[] {
  const excluded = new Set(options.excludeRequestIds ?? []);
  const createdAt = new Map(
    requests.map((r, i) => [r, parseInstant(r.createdAt, `requests[${i}].createdAt`)]),
  );
  return requests
    .filter((request) => !excluded.has(request.id) && waitlistMismatches(slot, request).length === 0)
    .sort((a, b) => createdAt.get(a)! - createdAt.get(b)! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function waitlistMismatches(
  slot: FreedSlot,
  request: WaitlistRequest,
  options: WaitlistMatchOptions = {},
): WaitlistMismatch[] {
  if (!Number.isInteger(request.durationMinutes) || request.durationMinutes < 1) {
    throw new DomainError('invalid_duration', {
      field: 'durationMinutes',
      message: `request ${request.id} has no duration`,
    });
  }
  const mismatches: WaitlistMismatch[] = [];
  if (new Set(options.excludeRequestIds ?? []).has(request.id)) mismatches.push('excluded');
  const offered = new Set(slot.offeredServiceIds);
  if (request.serviceIds.length === 0 || !request.serviceIds.every((id) => offered.has(id)))
    mismatches.push('services');
  const sites = request.siteIds ?? [];
  const districts = request.districtIds ?? [];
  const anywhere = sites.length === 0 && districts.length === 0;
  if (!anywhere && !sites.includes(slot.siteId) && !districts.includes(slot.districtId))
    mismatches.push('place');
  if (slot.date < request.dateFrom || slot.date > request.dateTo) mismatches.push('date');
  if (request.durationMinutes > slot.freeMinutes) mismatches.push('duration');
  return mismatches;
}

/**
 * What counts towards one person's limit of MAX_ACTIVE_BOOKINGS_PER_PERSON (the person being the normalised
 * e-mail key): every upcoming booking that occupies a slot (confirmed appointments and unexpired holds, slots
 * offered from the waitlist included) and every confirmed waiting-list request still waiting for an offer.
 * Unconfirmed waiting-list requests do not count: they cannot receive offers either.
 */
export interface PersonalCommitments {
  bookings: number;
  waitlistRequests: number;
}

export const personalCommitmentCount = (commitments: PersonalCommitments): number =>
  commitments.bookings + commitments.waitlistRequests;

/**
 * Whether one more commitment fits under the limit. When a waiting-list request is offered a slot, its own
 * count moves from the request to the offered hold: leave the request out of `commitments` before asking.
 */
export const hasRoomForAnother = (commitments: PersonalCommitments, limit: number): boolean =>
  personalCommitmentCount(commitments) < limit;

/** Throws `booking_limit` (409) on `field` when the person is at the limit already. */
export function assertRoomForAnother(commitments: PersonalCommitments, limit: number, field = 'email'): void {
  if (hasRoomForAnother(commitments, limit)) return;
  const count = personalCommitmentCount(commitments);
  throw new DomainError('booking_limit', {
    field,
    message: `You already have ${count} upcoming appointment(s) or waiting-list request(s); at most ${limit} are possible at once.`,
    details: { limit, bookings: commitments.bookings, waitlistRequests: commitments.waitlistRequests },
  });
}
