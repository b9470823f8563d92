import { describe, expect, it } from 'vitest';
import { decideHold, type HoldFacts, type StopRow } from './holdDecision.ts';
import { parseInstant } from './time.ts';

const ms = (hhmm: string) => parseInstant(`2026-06-02T${hhmm}:00+02:00`);
const row = (id: string, hhmm: string, counter: number, extra: Partial<StopRow> = {}): StopRow => ({
  id,
  status: 'confirmed',
  startMs: ms(hhmm),
  durationMinutes: 15,
  counter,
  holdExpiresAtMs: null,
  ...extra,
});

const facts = (overrides: Partial<HoldFacts> = {}): HoldFacts => ({
  stop: {
    status: 'scheduled',
    openStartMs: ms('09:00'),
    openEndMs: ms('11:00'),
    counters: 1,
    slotMinutes: 15,
  },
  services: [{ serviceId: 'pass', quantity: 1 }],
  minutesEach: new Map([['pass', 15]]),
  startMs: ms('09:30'),
  nowMs: ms('07:00'),
  leadTimeMinutes: 30,
  holdMinutes: 15,
  commitments: { bookings: 0, waitlistRequests: 0 },
  maxActiveBookingsPerPerson: 3,
  rows: [],
  ...overrides,
});

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string; field?: string }).code + ':' + (error as { field?: string }).field;
  }
  return 'none';
};

describe('the hold decision', () => {
  it('holds a free start on the lowest free lane, until now + the hold minutes', () => {
    const decision = decideHold(
      facts({ stop: { ...facts().stop, counters: 2 }, rows: [row('a', '09:30', 1)] }),
    );
    expect(decision).toEqual({
      kind: 'hold',
      durationMinutes: 15,
      endsAtMs: ms('09:45'),
      holdExpiresAtMs: ms('07:15'),
      lane: { counter: 2, moves: [] },
    });
  });

  it('answers a repeated request with the open hold, before any limit', () => {
    const decision = decideHold(
      facts({
        openHoldOfSameStart: { id: 'mine', holdExpiresAtMs: ms('07:10'), durationMinutes: 15 },
        commitments: { bookings: 5, waitlistRequests: 0 },
      }),
    );
    expect(decision).toEqual({ kind: 'repeat', bookingId: 'mine', holdExpiresAtMs: ms('07:10') });
  });

  it('counts a hold whose time ran out as free, and a live hold as taken', () => {
    const stale = row('old', '09:30', 1, { status: 'held', holdExpiresAtMs: ms('07:00') });
    expect(decideHold(facts({ rows: [stale] })).kind).toBe('hold');
    const live = row('live', '09:30', 1, { status: 'held', holdExpiresAtMs: ms('07:01') });
    expect(codeOf(() => decideHold(facts({ rows: [live] })))).toBe('slot_full:startsAt');
  });

  it('refuses in order: stop, services, person, hold limits, grid, capacity', () => {
    expect(
      codeOf(() => decideHold(facts({ stop: { ...facts().stop, status: 'cancelled' }, services: [] }))),
    ).toBe('slot_unavailable:stopId');
    expect(codeOf(() => decideHold(facts({ services: [], maxActiveBookingsPerPerson: 0 })))).toBe(
      'no_services:services',
    );
    expect(codeOf(() => decideHold(facts({ maxActiveBookingsPerPerson: 0, startMs: ms('09:31') })))).toBe(
      'booking_limit:email',
    );
    expect(
      codeOf(() =>
        decideHold(
          facts({
            holdLimits: { limits: { perClient: 1, perStopPerClient: 1, unconfirmedShare: 1 }, byClient: 1 },
            startMs: ms('09:31'),
          }),
        ),
      ),
    ).toBe('hold_limit_reached:startsAt');
    expect(codeOf(() => decideHold(facts({ startMs: ms('09:31'), rows: [row('a', '09:30', 1)] })))).toBe(
      'slot_unavailable:startsAt',
    );
    expect(codeOf(() => decideHold(facts({ startMs: ms('07:15') })))).toBe('slot_unavailable:startsAt');
    expect(codeOf(() => decideHold(facts({ rows: [row('a', '09:30', 1)] })))).toBe('slot_full:startsAt');
  });

  it('moves an existing row to another lane when only re-packing makes room', () => {
    const decision = decideHold(
      facts({
        stop: { ...facts().stop, counters: 2 },
        startMs: ms('09:15'),
        services: [{ serviceId: 'pass', quantity: 2 }],
        rows: [row('a', '09:00', 1, { durationMinutes: 30 }), row('b', '09:30', 2)],
      }),
    );
    expect(decision.kind === 'hold' && decision.lane).toEqual({
      counter: 2,
      moves: [{ id: 'b', fromCounter: 2, toCounter: 1 }],
    });
  });
});
