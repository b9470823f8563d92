import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  estimateWait,
  nextToCall,
  orderQueue,
  type QueueCounter,
  type QueueEntry,
  type QueueState,
} from './queue.ts';
import { formatInstant, parseInstant } from './time.ts';

const at = (hhmm: string) => `2026-06-02T${hhmm}:00+02:00`;
const base = parseInstant(at('09:00'));
const minute = (m: number) => formatInstant(base + m * 60_000);
const minutesOf = (instant: string | null) =>
  instant === null ? NaN : (parseInstant(instant) - base) / 60_000;

const counter = (id: string, busyUntil: string | null = null, open = true): QueueCounter => ({
  id,
  open,
  busyUntil,
});
const walkIn = (id: string, arrivedAt: string, durationMinutes: number): QueueEntry => ({
  kind: 'walk_in',
  id,
  arrivedAt,
  durationMinutes,
});
const appointment = (
  id: string,
  start: string,
  durationMinutes: number,
  checkedInAt: string | null = start,
): QueueEntry => ({
  kind: 'appointment',
  id,
  appointmentStart: start,
  durationMinutes,
  checkedInAt,
});

const summary = (state: QueueState, now: string) =>
  orderQueue(state, now).map((e) => [e.id, e.estimatedCallAt?.slice(11, 16) ?? null, e.estimatedCounterId]);

describe('orderQueue', () => {
  it('calls walk-ins in arrival order and adds up durations per counter', () => {
    const state: QueueState = {
      counters: [counter('c1')],
      entries: [walkIn('w2', at('09:05'), 10), walkIn('w1', at('09:01'), 15), walkIn('w3', at('09:06'), 5)],
    };
    const queue = orderQueue(state, at('09:10'));
    expect(queue.map((e) => [e.id, e.position, e.estimatedWaitMinutes])).toEqual([
      ['w1', 1, 0],
      ['w2', 2, 15],
      ['w3', 3, 25],
    ]);
  });

  it('uses the expected end of each busy counter', () => {
    const state: QueueState = {
      counters: [counter('c1', at('09:30')), counter('c2', at('09:20'))],
      entries: [walkIn('w1', at('09:00'), 10), walkIn('w2', at('09:01'), 10), walkIn('w3', at('09:02'), 10)],
    };
    expect(summary(state, at('09:10'))).toEqual([
      ['w1', '09:20', 'c2'],
      ['w2', '09:30', 'c1'],
      ['w3', '09:30', 'c2'],
    ]);
  });

  it('fits a walk-in before an early appointment only if it ends before the appointment is due', () => {
    const state: QueueState = {
      counters: [counter('c1')],
      toleranceMinutes: 0,
      entries: [
        appointment('a1', at('10:00'), 20, at('09:30')),
        walkIn('w1', at('09:35'), 15),
        walkIn('w2', at('09:36'), 15),
      ],
    };
    // w1 09:40–09:55 fits; w2 would end 10:10, so a1 goes first at 10:00 and w2 follows.
    expect(summary(state, at('09:40'))).toEqual([
      ['w1', '09:40', 'c1'],
      ['a1', '10:00', 'c1'],
      ['w2', '10:20', 'c1'],
    ]);
  });

  it('allows the stated tolerance', () => {
    const state: QueueState = {
      counters: [counter('c1')],
      toleranceMinutes: 5,
      entries: [appointment('a1', at('10:00'), 20, at('09:30')), walkIn('w1', at('09:35'), 25)],
    };
    expect(summary(state, at('09:40'))).toEqual([
      ['w1', '09:40', 'c1'],
      ['a1', '10:05', 'c1'],
    ]);
    expect(summary({ ...state, toleranceMinutes: 4 }, at('09:40'))).toEqual([
      ['a1', '10:00', 'c1'],
      ['w1', '10:20', 'c1'],
    ]);
  });

  it('with a second counter free, walk-ins use it while the first waits for the appointment', () => {
    const state: QueueState = {
      counters: [counter('c1'), counter('c2', at('09:50'))],
      toleranceMinutes: 0,
      entries: [
        appointment('a1', at('10:00'), 30, at('09:40')),
        walkIn('w1', at('09:41'), 30),
        walkIn('w2', at('09:42'), 30),
      ],
    };
    // w1 on c1 would end 10:15, but c2 frees at 09:50 and can take a1 at 10:00: so w1 fits.
    expect(summary(state, at('09:45'))).toEqual([
      ['w1', '09:45', 'c1'],
      ['a1', '10:00', 'c2'],
      ['w2', '10:15', 'c1'],
    ]);
  });

  it('gives a late-arriving appointment priority over waiting walk-ins', () => {
    const state: QueueState = {
      counters: [counter('c1', at('09:50'))],
      entries: [walkIn('w1', at('09:20'), 10), appointment('a1', at('09:30'), 10, at('09:45'))],
    };
    expect(summary(state, at('09:46'))).toEqual([
      ['a1', '09:50', 'c1'],
      ['w1', '10:00', 'c1'],
    ]);
  });

  it('keeps capacity for a booked appointment that has not checked in yet, until the grace period ends', () => {
    const state: QueueState = {
      counters: [counter('c1')],
      toleranceMinutes: 0,
      lateArrivalGraceMinutes: 5,
      entries: [appointment('a1', at('10:00'), 30, null), walkIn('w1', at('09:40'), 30)],
    };
    expect(summary(state, at('09:45'))).toEqual([['w1', '10:30', 'c1']]);
    expect(summary(state, at('10:06'))).toEqual([['w1', '10:06', 'c1']]);
  });

  it('calls an entry handed over to a counter first at that counter', () => {
    const state: QueueState = {
      counters: [counter('c1', at('09:20')), counter('c2', at('09:10'))],
      entries: [
        walkIn('w1', at('09:00'), 10),
        { ...walkIn('h1', at('08:50'), 10), reservedForCounterId: 'c1' },
        { ...walkIn('h2', at('08:55'), 10), reservedForCounterId: 'closed' },
      ],
    };
    expect(
      summary({ ...state, counters: [...state.counters, counter('closed', null, false)] }, at('09:05')),
    ).toEqual([
      ['h2', '09:10', 'c2'],
      ['h1', '09:20', 'c1'],
      ['w1', '09:20', 'c2'],
    ]);
  });

  it('gives no estimate when no counter is open and flags entries after closing', () => {
    const entries = [walkIn('w1', at('09:00'), 30), walkIn('w2', at('09:01'), 30)];
    expect(orderQueue({ counters: [counter('c1', null, false)], entries }, at('09:05'))).toEqual([
      expect.objectContaining({ id: 'w1', position: 1, estimatedCallAt: null, estimatedWaitMinutes: null }),
      expect.objectContaining({ id: 'w2', position: 2, estimatedCallAt: null, estimatedWaitMinutes: null }),
    ]);
    const flagged = orderQueue({ counters: [counter('c1')], entries, closesAt: at('09:30') }, at('09:05'));
    expect(flagged.map((e) => e.afterClosing)).toEqual([false, true]);
  });

  it('rejects duplicate entries and bad durations', () => {
    const entries = [walkIn('w1', at('09:00'), 10), walkIn('w1', at('09:01'), 10)];
    expect(() => orderQueue({ counters: [counter('c1')], entries }, at('09:05'))).toThrow(
      expect.objectContaining({ code: 'invalid_range' }),
    );
    expect(() =>
      orderQueue({ counters: [counter('c1')], entries: [walkIn('w1', at('09:00'), 0)] }, at('09:05')),
    ).toThrow(expect.objectContaining({ code: 'invalid_duration', field: 'entries[w1].durationMinutes' }));
  });
});

describe('nextToCall and estimateWait', () => {
  const state: QueueState = {
    counters: [counter('c1'), counter('c2', at('09:50')), counter('c3', null, false)],
    toleranceMinutes: 0,
    entries: [appointment('a1', at('10:00'), 20, at('09:30')), walkIn('w1', at('09:35'), 30)],
  };

  it('tells a free counter to call the next fitting entry or to wait', () => {
    // w1 would end 10:10 on c1; c2 is free at 09:50 and takes a1 at 10:00, so w1 may go now.
    expect(nextToCall(state, 'c1', at('09:40'))).toEqual({ action: 'call', entryId: 'w1', kind: 'walk_in' });
    const single: QueueState = { ...state, counters: [counter('c1')] };
    expect(nextToCall(single, 'c1', at('09:40'))).toEqual({ action: 'wait', until: at('10:00') });
    expect(nextToCall(single, 'c1', at('10:00'))).toEqual({
      action: 'call',
      entryId: 'a1',
      kind: 'appointment',
    });
    expect(nextToCall({ ...single, entries: [] }, 'c1', at('10:00'))).toEqual({
      action: 'wait',
      until: null,
    });
  });

  it('treats the asking counter as free even if its last service was expected to run longer', () => {
    const busy: QueueState = {
      counters: [counter('c1', at('10:30'))],
      entries: [walkIn('w1', at('09:35'), 10)],
    };
    expect(nextToCall(busy, 'c1', at('09:40'))).toEqual({ action: 'call', entryId: 'w1', kind: 'walk_in' });
  });

  it('rejects unknown or closed counters', () => {
    expect(() => nextToCall(state, 'c9', at('09:40'))).toThrow(
      expect.objectContaining({ code: 'not_found', status: 404 }),
    );
    expect(() => nextToCall(state, 'c3', at('09:40'))).toThrow(
      expect.objectContaining({ code: 'counter_closed' }),
    );
  });

  it('estimates the wait of one entry', () => {
    const single: QueueState = { ...state, counters: [counter('c1')] };
    expect(estimateWait(single, 'a1', at('09:40'))).toBe(20);
    expect(estimateWait(single, 'w1', at('09:40'))).toBe(40);
    expect(() => estimateWait(single, 'nope', at('09:40'))).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });
});

describe('queue properties', () => {
  const scenario = fc.record({
    counters: fc.array(fc.record({ busyFor: fc.integer({ min: 0, max: 40 }), open: fc.boolean() }), {
      minLength: 1,
      maxLength: 3,
    }),
    appointments: fc.array(
      fc.record({
        start: fc.integer({ min: 0, max: 180 }),
        duration: fc.integer({ min: 5, max: 40 }),
        arrivedBefore: fc.integer({ min: -20, max: 40 }),
      }),
      { maxLength: 6 },
    ),
    walkIns: fc.array(
      fc.record({ arrival: fc.integer({ min: 0, max: 30 }), duration: fc.integer({ min: 5, max: 40 }) }),
      { maxLength: 8 },
    ),
    tolerance: fc.integer({ min: 0, max: 10 }),
  });
  const NOW = 30;

  const build = (
    s: typeof scenario extends fc.Arbitrary<infer T> ? T : never,
    withWalkIns = true,
  ): QueueState => ({
    counters: s.counters.map((c, i) => counter(`c${i}`, minute(NOW + c.busyFor), c.open || i === 0)),
    toleranceMinutes: s.tolerance,
    entries: [
      // All appointments are checked in by now (arrival clamped to now).
      ...s.appointments.map((a, i) =>
        appointment(`a${i}`, minute(a.start), a.duration, minute(Math.min(NOW, a.start - a.arrivedBefore))),
      ),
      ...(withWalkIns ? s.walkIns.map((w, i) => walkIn(`w${i}`, minute(w.arrival), w.duration)) : []),
    ],
  });

  it('walk-ins are FIFO among themselves', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const queue = orderQueue(build(s), minute(NOW));
        const walkIns = queue.filter((e) => e.kind === 'walk_in');
        const byArrival = [...s.walkIns.map((w, i) => ({ id: `w${i}`, arrival: w.arrival }))].sort(
          (a, b) => a.arrival - b.arrival || (a.id < b.id ? -1 : 1),
        );
        expect(walkIns.map((e) => e.id)).toEqual(byArrival.map((w) => w.id));
        for (let i = 1; i < walkIns.length; i++) {
          expect(minutesOf(walkIns[i]!.estimatedCallAt)).toBeGreaterThanOrEqual(
            minutesOf(walkIns[i - 1]!.estimatedCallAt),
          );
        }
      }),
    );
  });

  it('no walk-in delays an appointment past its start by more than the tolerance when counters allow', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const withWalkIns = orderQueue(build(s), minute(NOW));
        const appointmentsOnly = new Map(
          orderQueue(build(s, false), minute(NOW)).map((e) => [e.id, minutesOf(e.estimatedCallAt)]),
        );
        for (const entry of withWalkIns.filter((e) => e.kind === 'appointment')) {
          const index = Number(entry.id.slice(1));
          const due = Math.max(s.appointments[index]!.start, NOW);
          const called = minutesOf(entry.estimatedCallAt);
          expect(called).toBeGreaterThanOrEqual(due);
          expect(called).toBeLessThanOrEqual(Math.max(appointmentsOnly.get(entry.id)!, due + s.tolerance));
        }
      }),
    );
  });

  it('every entry is called, counters never serve two entries at once, and the result is deterministic', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), (s, seed) => {
        const state = build(s);
        const queue = orderQueue(state, minute(NOW));
        expect(queue).toHaveLength(state.entries.length);
        const durations = new Map(state.entries.map((e) => [e.id, e.durationMinutes]));
        const byCounter = new Map<string, [number, number][]>();
        for (const entry of queue) {
          expect(entry.estimatedCallAt).not.toBeNull();
          const startMinute = minutesOf(entry.estimatedCallAt);
          expect(startMinute).toBeGreaterThanOrEqual(NOW);
          const list = byCounter.get(entry.estimatedCounterId!) ?? [];
          list.push([startMinute, startMinute + durations.get(entry.id)!]);
          byCounter.set(entry.estimatedCounterId!, list);
        }
        for (const [counterId, intervals] of byCounter) {
          const c = state.counters.find((x) => x.id === counterId)!;
          expect(c.open).toBe(true);
          intervals.sort((a, b) => a[0] - b[0]);
          expect(intervals[0]![0]).toBeGreaterThanOrEqual(minutesOf(c.busyUntil));
          for (let i = 1; i < intervals.length; i++)
            expect(intervals[i]![0]).toBeGreaterThanOrEqual(intervals[i - 1]![1]);
        }
        const shuffled = [...state.entries].sort(
          (a, b) => ((a.id.charCodeAt(1) * 31 + seed) % 7) - ((b.id.charCodeAt(1) * 31 + seed) % 7),
        );
        expect(orderQueue({ ...state, entries: shuffled }, minute(NOW))).toEqual(queue);
      }),
    );
  });
});
