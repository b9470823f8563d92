import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import {
  assertNoStopConflicts,
  assertStopNotInPast,
  findStopConflicts,
  isStopDateInPast,
  type UnitStop,
} from './stopConflicts.ts';
import { formatInstant, parseInstant } from './time.ts';

const stop = (
  id: string,
  siteId: string,
  start: string,
  end: string,
  setup = 15,
  teardown = 15,
): UnitStop => ({
  id,
  siteId,
  date: start.slice(0, 10),
  windowStart: `${start}+02:00`,
  windowEnd: `${end}+02:00`,
  setupMinutes: setup,
  teardownMinutes: teardown,
});

const travel = (minutes: number) => (from: string, to: string) => (from === to ? 0 : minutes);

describe('findStopConflicts', () => {
  const library = stop('s1', 'library', '2026-06-02T09:00', '2026-06-02T12:00');

  it('reports no conflict when setup, teardown and travel fit', () => {
    // 12:00 + 15 teardown + 30 travel = 12:45 = 13:00 - 15 setup.
    const market = stop('s2', 'market', '2026-06-02T13:00', '2026-06-02T16:00');
    expect(findStopConflicts([library], market, travel(30))).toEqual([]);
  });

  it('detects overlap of the occupied windows including setup and teardown', () => {
    const market = stop('s2', 'market', '2026-06-02T12:20', '2026-06-02T16:00');
    // library occupied until 12:15, market from 12:05.
    expect(findStopConflicts([library], market, travel(30))).toEqual([
      { kind: 'overlap', stopId: 's1', overlapMinutes: 10 },
    ]);
  });

  it('reports missing travel minutes from the previous and to the next stop', () => {
    const afternoon = stop('s3', 'community', '2026-06-02T15:00', '2026-06-02T17:00');
    const proposed = stop('s2', 'market', '2026-06-02T13:00', '2026-06-02T14:30');
    // From library: 12:15 → 12:45 = 30 available, 40 needed. To community: 14:45 → 14:45 = 0 available.
    expect(findStopConflicts([afternoon, library], proposed, travel(40))).toEqual([
      {
        kind: 'travel',
        stopId: 's1',
        direction: 'from_previous',
        requiredMinutes: 40,
        availableMinutes: 30,
        missingMinutes: 10,
      },
      {
        kind: 'travel',
        stopId: 's3',
        direction: 'to_next',
        requiredMinutes: 40,
        availableMinutes: 0,
        missingMinutes: 40,
      },
    ]);
  });

  it('uses the direction of travel for asymmetric travel times', () => {
    const proposed = stop('s2', 'market', '2026-06-02T13:00', '2026-06-02T14:00');
    const oneWay = (from: string, to: string) => (from === 'library' && to === 'market' ? 45 : 5);
    expect(findStopConflicts([library], proposed, oneWay)).toMatchObject([
      { kind: 'travel', missingMinutes: 15 },
    ]);
    const reverse = (from: string, to: string) => (from === 'market' && to === 'library' ? 45 : 5);
    expect(findStopConflicts([library], proposed, reverse)).toEqual([]);
  });

  it('only checks travel against the nearest stop before and after', () => {
    const early = stop('s0', 'market', '2026-06-02T06:00', '2026-06-02T07:00', 0, 0);
    const proposed = stop('s2', 'library', '2026-06-02T12:30', '2026-06-02T14:00', 0, 0);
    // Same site as the nearest previous stop: no travel needed; the early stop is not consecutive.
    expect(findStopConflicts([early, library], proposed, travel(600))).toEqual([]);
  });

  it('ignores travel to stops on other dates and the stop being edited', () => {
    const nextDay = stop('s9', 'market', '2026-06-03T07:00', '2026-06-03T09:00');
    const proposed = stop('s1', 'library', '2026-06-02T18:00', '2026-06-02T23:00');
    expect(findStopConflicts([library, nextDay], proposed, travel(600))).toEqual([]);
  });

  it('assertNoStopConflicts throws a 409 with the conflicts', () => {
    const market = stop('s2', 'market', '2026-06-02T11:00', '2026-06-02T16:00');
    try {
      assertNoStopConflicts([library], market, travel(30));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      const domainError = error as DomainError;
      expect(domainError.code).toBe('stop_conflict');
      expect(domainError.status).toBe(409);
      expect(domainError.details).toEqual({
        conflicts: [{ kind: 'overlap', stopId: 's1', overlapMinutes: 90 }],
      });
    }
    expect(() =>
      assertNoStopConflicts([library], stop('s2', 'x', '2026-06-02T14:00', '2026-06-02T15:00'), travel(30)),
    ).not.toThrow();
  });

  it('validates its input', () => {
    const bad = { ...library, id: 'b', setupMinutes: -5 };
    expect(() => findStopConflicts([], bad, travel(1))).toThrow(
      expect.objectContaining({ code: 'invalid_duration', field: 'setupMinutes' }),
    );
    const reversed = stop('b', 'x', '2026-06-02T12:00', '2026-06-02T11:00');
    expect(() => findStopConflicts([], reversed, travel(1))).toThrow(
      expect.objectContaining({ code: 'invalid_range' }),
    );
    const market = stop('s2', 'market', '2026-06-02T13:00', '2026-06-02T16:00');
    expect(() => findStopConflicts([library], market, () => Number.NaN)).toThrow(
      expect.objectContaining({ code: 'invalid_travel_time' }),
    );
  });

  it('property: no conflict reported ⇔ occupied windows are disjoint with enough travel gap to every same-day stop', () => {
    const dayStart = parseInstant('2026-06-02T06:00:00+02:00');
    const stopArb = fc.record({
      startMinute: fc.integer({ min: 0, max: 14 * 60 }),
      length: fc.integer({ min: 15, max: 240 }),
      setup: fc.integer({ min: 0, max: 45 }),
      teardown: fc.integer({ min: 0, max: 45 }),
      site: fc.constantFrom('a', 'b', 'c'),
    });
    type GeneratedStop = {
      startMinute: number;
      length: number;
      setup: number;
      teardown: number;
      site: string;
    };
    const toStop = (s: GeneratedStop, id: string): UnitStop => ({
      id,
      siteId: s.site,
      date: '2026-06-02',
      windowStart: formatInstant(dayStart + s.startMinute * 60_000),
      windowEnd: formatInstant(dayStart + (s.startMinute + s.length) * 60_000),
      setupMinutes: s.setup,
      teardownMinutes: s.teardown,
    });
    fc.assert(
      fc.property(
        fc.array(stopArb, { maxLength: 5 }),
        stopArb,
        fc.integer({ min: 0, max: 60 }),
        (others, mine, minutes) => {
          // The unit's existing plan is itself consistent: build it by accepting only conflict-free stops.
          const existing: UnitStop[] = [];
          others.forEach((s, i) => {
            const next = toStop(s, `e${i}`);
            if (findStopConflicts(existing, next, travel(minutes)).length === 0) existing.push(next);
          });
          const proposed = toStop(mine, 'p');
          const conflicts = findStopConflicts(existing, proposed, travel(minutes));
          const occupied = (s: UnitStop) => [
            parseInstant(s.windowStart) - s.setupMinutes * 60_000,
            parseInstant(s.windowEnd) + s.teardownMinutes * 60_000,
          ];
          const [ps, pe] = occupied(proposed) as [number, number];
          const overlapIds = existing
            .filter((e) => {
              const [es, ee] = occupied(e) as [number, number];
              return es < pe && ps < ee;
            })
            .map((e) => e.id);
          expect(
            conflicts
              .filter((c) => c.kind === 'overlap')
              .map((c) => c.stopId)
              .sort(),
          ).toEqual(overlapIds.sort());
          if (conflicts.length === 0) {
            for (const e of existing) {
              const [es, ee] = occupied(e) as [number, number];
              const need = e.siteId === proposed.siteId ? 0 : minutes * 60_000;
              expect(ee + need <= ps || pe + need <= es).toBe(true);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  }, 30_000);
});

describe('stops dated in the past', () => {
  it('refuses a date before today with stop_in_past on the field, and allows today and later', () => {
    expect(isStopDateInPast('2026-12-05', '2026-12-06')).toBe(true);
    expect(isStopDateInPast('2026-12-06', '2026-12-06')).toBe(false);
    expect(isStopDateInPast('2027-01-01', '2026-12-31')).toBe(false);
    expect(() => assertStopNotInPast('2026-12-06', '2026-12-06')).not.toThrow();
    try {
      assertStopNotInPast('2025-12-31', '2026-01-01', 'rule');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'stop_in_past', status: 422, field: 'rule' });
    }
  });
});
