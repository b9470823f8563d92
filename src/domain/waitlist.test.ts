import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from './errors.ts';
import {
  assertRoomForAnother,
  hasRoomForAnother,
  matchWaitlist,
  personalCommitmentCount,
  rankWaitlistMatches,
  waitlistMismatches,
  type FreedSlot,
  type WaitlistRequest,
} from './waitlist.ts';

const slot: FreedSlot = {
  stopId: 'stop-1',
  siteId: 'library-avenwedde',
  districtId: 'avenwedde',
  date: '2026-06-02',
  start: '2026-06-02T10:00:00+02:00',
  freeMinutes: 30,
  offeredServiceIds: ['id_card', 'registration', 'parking'],
};

const request = (
  id: string,
  createdAt: string,
  overrides: Partial<WaitlistRequest> = {},
): WaitlistRequest => ({
  id,
  createdAt: `2026-05-${createdAt}:00+02:00`,
  serviceIds: ['id_card'],
  durationMinutes: 15,
  dateFrom: '2026-06-01',
  dateTo: '2026-06-30',
  ...overrides,
});

describe('matchWaitlist', () => {
  it('offers the slot to the earliest suitable request', () => {
    const requests = [
      request('r3', '20T10:00'),
      request('r1', '10T10:00', { serviceIds: ['wedding'] }),
      request('r2', '12T09:00', { districtIds: ['spexard'] }),
      request('r4', '15T10:00', { siteIds: ['library-avenwedde'] }),
    ];
    expect(matchWaitlist(slot, requests)?.id).toBe('r4');
    expect(rankWaitlistMatches(slot, requests).map((r) => r.id)).toEqual(['r4', 'r3']);
  });

  it('matches by district or site, and anywhere when neither is given', () => {
    expect(waitlistMismatches(slot, request('a', '01T10:00', { districtIds: ['avenwedde'] }))).toEqual([]);
    expect(
      waitlistMismatches(slot, request('b', '01T10:00', { siteIds: ['market'], districtIds: ['avenwedde'] })),
    ).toEqual([]);
    expect(waitlistMismatches(slot, request('c', '01T10:00'))).toEqual([]);
    expect(waitlistMismatches(slot, request('d', '01T10:00', { siteIds: ['market'] }))).toEqual(['place']);
  });

  it('names every reason a request does not fit', () => {
    const misfit = request('m', '01T10:00', {
      serviceIds: ['id_card', 'wedding'],
      districtIds: ['spexard'],
      dateFrom: '2026-07-01',
      dateTo: '2026-07-31',
      durationMinutes: 45,
    });
    expect(waitlistMismatches(slot, misfit, { excludeRequestIds: ['m'] })).toEqual([
      'excluded',
      'services',
      'place',
      'date',
      'duration',
    ]);
  });

  it('skips excluded requests (declined or already holding an offer) and ties break by id', () => {
    const requests = [request('b', '01T10:00'), request('a', '01T10:00'), request('c', '02T10:00')];
    expect(matchWaitlist(slot, requests)?.id).toBe('a');
    expect(matchWaitlist(slot, requests, { excludeRequestIds: ['a', 'b'] })?.id).toBe('c');
    expect(matchWaitlist(slot, requests, { excludeRequestIds: new Set(['a', 'b', 'c']) })).toBeUndefined();
  });

  it('property: the match is the earliest request without mismatches, independent of input order', () => {
    const requestArb = fc.record({
      day: fc.integer({ min: 10, max: 28 }),
      services: fc.subarray(['id_card', 'registration', 'wedding'], { minLength: 1 }),
      duration: fc.integer({ min: 5, max: 60 }),
      district: fc.constantFrom(undefined, 'avenwedde', 'spexard'),
    });
    fc.assert(
      fc.property(fc.array(requestArb, { maxLength: 10 }), (raw) => {
        const requests = raw.map((r, i) =>
          request(`r${String(i).padStart(2, '0')}`, `${r.day}T10:00`, {
            serviceIds: r.services,
            durationMinutes: r.duration,
            districtIds: r.district ? [r.district] : [],
          }),
        );
        const match = matchWaitlist(slot, requests);
        const reversed = matchWaitlist(slot, [...requests].reverse());
        expect(reversed).toBe(match);
        const suitable = requests.filter((r) => waitlistMismatches(slot, r).length === 0);
        if (match === undefined) expect(suitable).toEqual([]);
        else for (const other of suitable) expect(other.createdAt >= match.createdAt).toBe(true);
      }),
      { numRuns: 100 },
    );
  }, 30_000);
});

describe('personal commitments (the per-person limit)', () => {
  it('counts bookings and confirmed waiting-list requests together against the limit', () => {
    expect(personalCommitmentCount({ bookings: 2, waitlistRequests: 1 })).toBe(3);
    expect(hasRoomForAnother({ bookings: 2, waitlistRequests: 0 }, 3)).toBe(true);
    expect(hasRoomForAnother({ bookings: 2, waitlistRequests: 1 }, 3)).toBe(false);
    expect(hasRoomForAnother({ bookings: 0, waitlistRequests: 3 }, 3)).toBe(false);
  });

  it('refuses one more with booking_limit (409) on the e-mail field', () => {
    try {
      assertRoomForAnother({ bookings: 1, waitlistRequests: 2 }, 3);
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error, 'booking_limit')).toBe(true);
      expect(error).toMatchObject({ status: 409, field: 'email', details: { limit: 3, bookings: 1 } });
    }
    expect(() => assertRoomForAnother({ bookings: 1, waitlistRequests: 1 }, 3)).not.toThrow();
  });
});
