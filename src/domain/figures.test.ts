import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeStopFigures, durationStats, type FigureEntry, type StopEvent } from './figures.ts';

const at = (hhmm: string) => `2026-06-02T${hhmm}:00+02:00`;
const ev = (entryId: string, type: StopEvent['type'], hhmm: string): StopEvent => ({
  entryId,
  type,
  at: at(hhmm),
});

describe('durationStats', () => {
  it('computes mean, median, nearest-rank p90 and max', () => {
    expect(durationStats([10, 2, 4, 8, 6, 1, 3, 5, 7, 9])).toEqual({
      count: 10,
      meanMinutes: 5.5,
      medianMinutes: 5.5,
      p90Minutes: 9,
      maxMinutes: 10,
    });
    expect(durationStats([3])).toEqual({
      count: 1,
      meanMinutes: 3,
      medianMinutes: 3,
      p90Minutes: 3,
      maxMinutes: 3,
    });
    expect(durationStats([])).toEqual({
      count: 0,
      meanMinutes: null,
      medianMinutes: null,
      p90Minutes: null,
      maxMinutes: null,
    });
  });

  it('property: min ≤ median ≤ p90 ≤ max and min ≤ mean ≤ max', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 50 }), (values) => {
        const stats = durationStats(values);
        const min = Math.min(...values);
        expect(stats.count).toBe(values.length);
        expect(stats.medianMinutes!).toBeGreaterThanOrEqual(min);
        expect(stats.p90Minutes!).toBeGreaterThanOrEqual(stats.medianMinutes!);
        expect(stats.maxMinutes!).toBeGreaterThanOrEqual(stats.p90Minutes!);
        expect(stats.meanMinutes!).toBeGreaterThanOrEqual(min - 1e-9);
        expect(stats.meanMinutes!).toBeLessThanOrEqual(stats.maxMinutes! + 1e-9);
        expect(stats.maxMinutes).toBe(Math.max(...values));
      }),
    );
  });
});

describe('computeStopFigures', () => {
  const entries: FigureEntry[] = [
    { id: 'a1', kind: 'appointment', serviceIds: ['id_card'], appointmentStart: at('09:30') },
    { id: 'a2', kind: 'appointment', serviceIds: ['registration', 'id_card'], appointmentStart: at('10:00') },
    { id: 'a3', kind: 'appointment', serviceIds: ['id_card'], appointmentStart: at('10:30') },
    { id: 'a4', kind: 'appointment', serviceIds: ['id_card'], appointmentStart: at('11:00') },
    { id: 'w1', kind: 'walk_in', serviceIds: ['id_card'] },
    { id: 'w2', kind: 'walk_in', serviceIds: [] },
    { id: 'w3', kind: 'walk_in', serviceIds: ['registration'] },
  ];
  const events: StopEvent[] = [
    ev('a1', 'checked_in', '09:20'),
    ev('a1', 'called', '09:32'),
    ev('a1', 'finished', '09:47'),
    ev('a2', 'checked_in', '10:05'),
    ev('a2', 'called', '10:06'),
    ev('a2', 'handed_over', '10:20'),
    ev('a2', 'called', '10:25'),
    ev('a2', 'finished', '10:36'),
    ev('a3', 'no_show', '10:45'),
    ev('a4', 'cancelled', '08:00'),
    // Out of order on purpose: figures sort by time.
    ev('w1', 'finished', '09:40'),
    ev('w1', 'ticket_issued', '09:10'),
    ev('w1', 'called', '09:20'),
    ev('w2', 'ticket_issued', '09:15'),
    ev('w2', 'called', '09:50'),
    ev('w2', 'parked', '09:52'),
    ev('w2', 'called', '10:00'),
    ev('w2', 'no_show', '10:01'),
    ev('w3', 'ticket_issued', '11:00'),
  ];

  it('counts arrivals, outcomes, waits and handling times', () => {
    const figures = computeStopFigures(entries, events);
    expect(figures.arrivals).toEqual({ total: 5, appointments: 2, walkIns: 3 });
    expect(figures.served).toEqual({ total: 3, appointments: 2, walkIns: 1 });
    expect(figures.noShows).toEqual({ total: 2, appointments: 1, walkIns: 1 });
    expect(figures.cancellations).toEqual({ total: 1, appointments: 1, walkIns: 0 });
    expect(figures.walkInShare).toBe(0.6);
    expect(figures.neverCalled).toBe(1);
    // Waits: a1 12, a2 1, w1 10, w2 35.
    expect(figures.waitToFirstCall.all).toEqual({
      count: 4,
      meanMinutes: 14.5,
      medianMinutes: 11,
      p90Minutes: 35,
      maxMinutes: 35,
    });
    expect(figures.waitToFirstCall.appointments.maxMinutes).toBe(12);
    expect(figures.waitToFirstCall.walkIns.medianMinutes).toBe(22.5);
    // a1 called 2 minutes after its start; a2 checked in late and was called 1 minute after check-in.
    expect(figures.appointmentDelay).toMatchObject({ count: 2, meanMinutes: 1.5, maxMinutes: 2 });
    expect(figures.handlingTimeByServices).toEqual({
      id_card: { count: 2, meanMinutes: 17.5, medianMinutes: 17.5, p90Minutes: 20, maxMinutes: 20 },
      'id_card+registration': {
        count: 1,
        meanMinutes: 30,
        medianMinutes: 30,
        p90Minutes: 30,
        maxMinutes: 30,
      },
    });
  });

  it('handles an empty day', () => {
    const figures = computeStopFigures([], []);
    expect(figures.arrivals.total).toBe(0);
    expect(figures.walkInShare).toBeNull();
    expect(figures.waitToFirstCall.all.meanMinutes).toBeNull();
    expect(figures.handlingTimeByServices).toEqual({});
  });

  it('rejects events for unknown entries', () => {
    expect(() => computeStopFigures(entries, [ev('x', 'called', '09:00')])).toThrow(
      expect.objectContaining({ code: 'not_found', field: 'events[0].entryId' }),
    );
  });
});
