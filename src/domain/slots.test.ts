import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertBookingFits,
  assignCounter,
  capacityBlocks,
  capacityRange,
  checkBookingFit,
  findFreeStarts,
  requestedDurationMinutes,
  slotKey,
  type LaneBooking,
  type SlotSearch,
} from './slots.ts';
import { formatInstant, parseInstant } from './time.ts';

const at = (hhmm: string) => `2026-06-02T${hhmm}:00+02:00`;
const minutesOf = (instant: string) => (parseInstant(instant) - parseInstant(at('00:00'))) / 60_000;

const search = (overrides: Partial<SlotSearch> = {}): SlotSearch => ({
  openStart: at('09:00'),
  openEnd: at('11:00'),
  granularityMinutes: 15,
  counters: 1,
  bookings: [],
  holds: [],
  durationMinutes: 30,
  now: at('07:00'),
  leadTimeMinutes: 30,
  ...overrides,
});

describe('requestedDurationMinutes', () => {
  const durations = new Map([
    ['id_card', 15],
    ['registration', 10],
  ]);

  it('sums service minutes times quantity', () => {
    expect(
      requestedDurationMinutes(
        [
          { serviceId: 'id_card', quantity: 3 },
          { serviceId: 'registration', quantity: 1 },
        ],
        durations,
      ),
    ).toBe(55);
  });

  it.each([
    [[], 'no_services', 'services'],
    [[{ serviceId: 'id_card', quantity: 0 }], 'invalid_quantity', 'services[0].quantity'],
    [[{ serviceId: 'id_card', quantity: 11 }], 'invalid_quantity', 'services[0].quantity'],
    [[{ serviceId: 'id_card', quantity: 1.5 }], 'invalid_quantity', 'services[0].quantity'],
    [
      [
        { serviceId: 'id_card', quantity: 1 },
        { serviceId: 'nope', quantity: 1 },
      ],
      'unknown_service',
      'services[1].serviceId',
    ],
    [
      [
        { serviceId: 'id_card', quantity: 1 },
        { serviceId: 'id_card', quantity: 1 },
      ],
      'duplicate_service',
      'services[1].serviceId',
    ],
  ])('rejects %j with %s on %s', (requested, code, field) => {
    expect(() => requestedDurationMinutes(requested, durations)).toThrow(
      expect.objectContaining({ code, field, status: 422 }),
    );
  });

  it('rejects a total above the maximum', () => {
    expect(() => requestedDurationMinutes([{ serviceId: 'id_card', quantity: 10 }], durations, 120)).toThrow(
      expect.objectContaining({
        code: 'duration_too_long',
        details: { totalMinutes: 150, maxTotalMinutes: 120 },
      }),
    );
  });
});

describe('findFreeStarts', () => {
  it('lists grid starts inside the window when nothing is booked', () => {
    const starts = findFreeStarts(search()).map((s) => s.start);
    expect(starts).toEqual([
      at('09:00'),
      at('09:15'),
      at('09:30'),
      at('09:45'),
      at('10:00'),
      at('10:15'),
      at('10:30'),
    ]);
  });

  it('aligns to the clock grid when the stop opens off-grid', () => {
    const starts = findFreeStarts(search({ openStart: at('09:05'), openEnd: at('10:00') })).map(
      (s) => s.start,
    );
    expect(starts).toEqual([at('09:15'), at('09:30')]);
  });

  it('blocks starts that would overlap a booking on the only counter', () => {
    const bookings = [{ start: at('09:40'), durationMinutes: 20 }];
    const starts = findFreeStarts(search({ bookings })).map((s) => s.start);
    expect(starts).toEqual([at('09:00'), at('10:00'), at('10:15'), at('10:30')]);
  });

  it('with two counters only fully occupied minutes block, and reports remaining counters', () => {
    const bookings = [
      { start: at('09:00'), durationMinutes: 30 },
      { start: at('09:15'), durationMinutes: 30 },
    ];
    const result = findFreeStarts(search({ counters: 2, bookings, openEnd: at('10:00') }));
    expect(result).toEqual([{ start: at('09:30'), end: at('10:00'), freeCounters: 1 }]);
  });

  it('counts live holds but not expired ones', () => {
    const holds = [
      { start: at('09:00'), durationMinutes: 60, expiresAt: at('07:10') },
      { start: at('10:00'), durationMinutes: 60, expiresAt: at('06:59') },
    ];
    const starts = findFreeStarts(search({ holds })).map((s) => s.start);
    expect(starts).toEqual([at('10:00'), at('10:15'), at('10:30')]);
  });

  it('respects now and the lead time', () => {
    const starts = findFreeStarts(search({ now: at('09:20'), leadTimeMinutes: 30 })).map((s) => s.start);
    expect(starts).toEqual([at('10:00'), at('10:15'), at('10:30')]);
    const noLead = findFreeStarts(search({ now: at('09:20'), leadTimeMinutes: 0 })).map((s) => s.start);
    expect(noLead[0]).toBe(at('09:30'));
  });

  it('steps through real minutes in the repeated hour when clocks go back', () => {
    const result = findFreeStarts({
      ...search(),
      openStart: '2026-10-25T01:30:00+02:00',
      openEnd: '2026-10-25T02:30:00+01:00', // 2 real hours across the repeated hour
      durationMinutes: 60,
      granularityMinutes: 30,
      now: '2026-10-24T12:00:00+02:00',
    });
    expect(result.map((s) => s.start)).toEqual([
      '2026-10-25T01:30:00+02:00',
      '2026-10-25T02:00:00+02:00',
      '2026-10-25T02:30:00+02:00',
    ]);
    expect(result.at(-1)?.end).toBe('2026-10-25T02:30:00+01:00');
  });

  it('validates granularity, counters, window and durations', () => {
    expect(() => findFreeStarts(search({ granularityMinutes: 7 }))).toThrow(
      expect.objectContaining({ code: 'invalid_granularity' }),
    );
    expect(() => findFreeStarts(search({ counters: 0 }))).toThrow(
      expect.objectContaining({ code: 'invalid_counters' }),
    );
    expect(() => findFreeStarts(search({ openEnd: at('08:00') }))).toThrow(
      expect.objectContaining({ code: 'invalid_range' }),
    );
    expect(() => findFreeStarts(search({ durationMinutes: 0 }))).toThrow(
      expect.objectContaining({ code: 'invalid_duration' }),
    );
    expect(() => findFreeStarts(search({ now: '2026-06-02T07:00' }))).toThrow(
      expect.objectContaining({ code: 'invalid_instant', field: 'now' }),
    );
  });
});

describe('checkBookingFit / assertBookingFits', () => {
  const context = search({ bookings: [{ start: at('10:00'), durationMinutes: 30 }] });

  it('explains why a start does not fit', () => {
    expect(checkBookingFit(context, at('09:00'), 30)).toEqual({ fits: true, freeCounters: 1 });
    expect(checkBookingFit(context, at('09:45'), 30)).toEqual({ fits: false, reason: 'full' });
    expect(checkBookingFit(context, at('10:45'), 30)).toEqual({ fits: false, reason: 'outside_window' });
    expect(checkBookingFit(context, at('08:45'), 30)).toEqual({ fits: false, reason: 'outside_window' });
    expect(checkBookingFit({ ...context, now: at('09:10') }, at('09:30'), 15)).toEqual({
      fits: false,
      reason: 'too_soon',
    });
  });

  it('throws 409 codes', () => {
    expect(() => assertBookingFits(context, at('09:45'), 30)).toThrow(
      expect.objectContaining({ code: 'slot_full', status: 409 }),
    );
    expect(() => assertBookingFits(context, at('10:45'), 30)).toThrow(
      expect.objectContaining({ code: 'slot_unavailable' }),
    );
    expect(() => assertBookingFits(context, at('09:00'), 30)).not.toThrow();
  });
});

describe('assignCounter', () => {
  const lane = (id: string, start: string, durationMinutes: number, counter: number): LaneBooking => ({
    id,
    start: at(start),
    durationMinutes,
    counter,
  });

  it('takes the lowest free lane', () => {
    const existing = [lane('a', '09:00', 30, 1), lane('b', '09:00', 15, 2)];
    expect(assignCounter(existing, { start: at('09:15'), durationMinutes: 15 }, 3)).toEqual({
      counter: 2,
      moves: [],
    });
    expect(assignCounter(existing, { start: at('09:00'), durationMinutes: 15 }, 3)).toEqual({
      counter: 3,
      moves: [],
    });
  });

  it('re-packs fragmented lanes when the count allows it', () => {
    // Counter 1 busy 10:00–10:30, counter 2 busy 10:30–11:00: 10:15–10:45 fits by count but on no lane.
    const existing = [lane('a', '10:00', 30, 1), lane('b', '10:30', 30, 2)];
    const assignment = assignCounter(existing, { start: at('10:15'), durationMinutes: 30 }, 2);
    expect(assignment).toEqual({ counter: 2, moves: [{ id: 'b', fromCounter: 2, toCounter: 1 }] });
  });

  it('throws slot_full when capacity is exhausted', () => {
    const existing = [lane('a', '10:00', 30, 1), lane('b', '10:20', 30, 2)];
    expect(() => assignCounter(existing, { start: at('10:15'), durationMinutes: 30 }, 2)).toThrow(
      expect.objectContaining({ code: 'slot_full' }),
    );
  });

  it('property: booking free starts one after another never puts two rows on one lane at once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.record({ pick: fc.nat(), duration: fc.constantFrom(10, 15, 20, 30, 45) }), {
          maxLength: 25,
        }),
        (counters, requests) => {
          let rows: LaneBooking[] = [];
          for (const [index, request] of requests.entries()) {
            const free = findFreeStarts(
              search({ counters, bookings: rows, durationMinutes: request.duration, granularityMinutes: 5 }),
            );
            if (free.length === 0) continue;
            const chosen = free[request.pick % free.length]!;
            const { counter, moves } = assignCounter(
              rows,
              { start: chosen.start, durationMinutes: request.duration },
              counters,
            );
            rows = rows.map((row) => {
              const move = moves.find((m) => m.id === row.id);
              return move ? { ...row, counter: move.toCounter } : row;
            });
            rows.push({ id: `r${index}`, start: chosen.start, durationMinutes: request.duration, counter });
          }
          for (const a of rows) {
            expect(a.counter).toBeGreaterThanOrEqual(1);
            expect(a.counter).toBeLessThanOrEqual(counters);
            for (const b of rows) {
              if (a === b || a.counter !== b.counter) continue;
              const [as, bs] = [minutesOf(a.start), minutesOf(b.start)];
              expect(as + a.durationMinutes <= bs || bs + b.durationMinutes <= as).toBe(true);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});

describe('free starts agree with a brute-force count', () => {
  it('property: a start is listed iff every minute stays below the counters', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(
          fc.record({
            offset: fc.integer({ min: -30, max: 130 }),
            duration: fc.integer({ min: 1, max: 60 }),
          }),
          {
            maxLength: 10,
          },
        ),
        fc.integer({ min: 1, max: 90 }),
        fc.constantFrom(5, 10, 15, 30),
        (counters, raw, duration, granularity) => {
          const bookings = raw.map((b) => ({
            start: formatInstant(parseInstant(at('09:00')) + b.offset * 60_000),
            durationMinutes: b.duration,
          }));
          const listed = new Set(
            findFreeStarts(
              search({ counters, bookings, durationMinutes: duration, granularityMinutes: granularity }),
            ).map((s) => minutesOf(s.start)),
          );
          const open = minutesOf(at('09:00'));
          for (let start = open; start + duration <= open + 120; start += granularity) {
            let fits = true;
            for (let minute = start; minute < start + duration; minute++) {
              const load = raw.filter(
                (b) => open + b.offset <= minute && minute < open + b.offset + b.duration,
              ).length;
              if (load >= counters) fits = false;
            }
            expect(listed.has(start)).toBe(fits);
            const check = checkBookingFit(
              search({ counters, bookings }),
              formatInstant(parseInstant(at('00:00')) + start * 60_000),
              duration,
            );
            expect(check.fits).toBe(fits);
          }
        },
      ),
      { numRuns: 100 },
    );
  }, 60_000);
});

describe('database keys', () => {
  it('gives a half-open UTC range and per-block keys', () => {
    const booking = { start: at('09:10'), durationMinutes: 20 };
    expect(capacityRange(booking)).toEqual({
      lower: '2026-06-02T07:10:00.000Z',
      upper: '2026-06-02T07:30:00.000Z',
    });
    expect(capacityBlocks('stop-1', 2, booking, 10).map((b) => b.key)).toEqual([
      'stop-1:2:2026-06-02T07:10:00.000Z',
      'stop-1:2:2026-06-02T07:20:00.000Z',
    ]);
    expect(
      capacityBlocks('stop-1', 1, { start: at('09:10'), durationMinutes: 20 }, 15).map((b) => b.blockStart),
    ).toEqual(['2026-06-02T07:00:00.000Z', '2026-06-02T07:15:00.000Z']);
    expect(slotKey('stop-1', 2, at('09:10'))).toBe('stop-1:2:2026-06-02T07:10:00.000Z');
    expect(slotKey('stop-1', 2, '2026-06-02T07:10:00Z')).toBe(slotKey('stop-1', 2, at('09:10')));
  });
});
