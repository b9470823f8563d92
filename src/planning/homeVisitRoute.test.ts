import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../domain/errors.ts';
import { evaluateOrder, MAX_ROUTE_VISITS, planHomeVisitRoute, type RouteInput } from './homeVisitRoute.ts';

const base = { lat: 51.9069, lon: 8.3786 }; // Gütersloh, Berliner Platz

function permutations(items: number[]): number[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}

/** The oracle: every order driven, the least travel among the feasible ones (null when none is). */
function bruteForce(input: RouteInput): number | null {
  let best: number | null = null;
  for (const order of permutations([...input.visits.keys()])) {
    const driven = evaluateOrder(input, order);
    if (driven.feasible && (best === null || driven.travel < best)) best = driven.travel;
  }
  return best;
}

const visitArb = (index: number) =>
  fc
    .record({
      lat: fc.double({ min: 51.85, max: 51.96, noNaN: true }),
      lon: fc.double({ min: 8.3, max: 8.47, noNaN: true }),
      windowStart: fc.integer({ min: 8 * 60, max: 15 * 60 }),
      windowLength: fc.integer({ min: 0, max: 4 * 60 }),
      serviceMinutes: fc.constantFrom(15, 30, 45, 60),
    })
    .map((v) => ({
      id: `v${index}`,
      position: { lat: v.lat, lon: v.lon },
      windowStart: v.windowStart,
      windowEnd: v.windowStart + v.windowLength,
      serviceMinutes: v.serviceMinutes,
    }));

const inputArb = fc
  .record({ n: fc.integer({ min: 1, max: 7 }), dayEnd: fc.integer({ min: 13 * 60, max: 19 * 60 }) })
  .chain(({ n, dayEnd }) =>
    fc.record({
      visits: fc.tuple(...Array.from({ length: n }, (_, i) => visitArb(i))),
      dayEnd: fc.constant(dayEnd),
      // Some runs on an arbitrary, asymmetric matrix with no triangle inequality.
      matrix: fc.option(
        fc.array(fc.array(fc.integer({ min: 0, max: 90 }), { minLength: n + 1, maxLength: n + 1 }), {
          minLength: n + 1,
          maxLength: n + 1,
        }),
        { nil: undefined },
      ),
    }),
  )
  .map(({ visits, dayEnd, matrix }): RouteInput => ({
    base,
    dayStart: 8 * 60,
    dayEnd,
    visits,
    ...(matrix ? { travelMinutes: matrix } : {}),
  }));

describe('planHomeVisitRoute', () => {
  it('property: finds the least travel of every feasible order, and fails exactly when none is feasible', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const expected = bruteForce(input);
        let plan;
        try {
          plan = planHomeVisitRoute(input);
        } catch (error) {
          expect(isDomainError(error, 'route_infeasible')).toBe(true);
          expect(expected).toBeNull();
          return;
        }
        expect(expected).not.toBeNull();
        expect(plan.totalTravelMinutes).toBe(expected);
        // The order is a permutation, and driving it gives what the plan says.
        expect([...plan.order].sort()).toEqual(input.visits.map((v) => v.id).sort());
        const driven = evaluateOrder(
          input,
          plan.order.map((id) => input.visits.findIndex((v) => v.id === id)),
        );
        expect(driven.feasible && driven.travel).toBe(plan.totalTravelMinutes);
        for (const leg of plan.legs) {
          expect(leg.start).toBeGreaterThanOrEqual(leg.windowStart);
          expect(leg.start).toBeLessThanOrEqual(leg.windowEnd);
        }
        expect(plan.returnAt).toBeLessThanOrEqual(input.dayEnd);
      }),
      { numRuns: 300, interruptAfterTimeLimit: 40_000 },
    );
  }, 60_000);

  it('drives the short way round when the windows allow any order', () => {
    // Four corners of a square; from the base at one corner the tour goes round, never across.
    const at = (lat: number, lon: number, id: string) => ({
      id,
      position: { lat, lon },
      windowStart: 8 * 60,
      windowEnd: 17 * 60,
      serviceMinutes: 30,
    });
    const plan = planHomeVisitRoute({
      base,
      dayStart: 8 * 60,
      dayEnd: 18 * 60,
      visits: [at(51.93, 8.43, 'far'), at(51.907, 8.43, 'east'), at(51.93, 8.3786, 'north')],
    });
    expect([plan.order, [...plan.order].reverse()]).toContainEqual(['east', 'far', 'north']);
    expect(plan.legs).toHaveLength(3);
  });

  it('follows the windows when they decide the order, and says how much the window order would drive', () => {
    const visit = (id: string, lat: number, windowStart: number) => ({
      id,
      position: { lat, lon: 8.3786 },
      windowStart,
      windowEnd: windowStart + 30,
      serviceMinutes: 30,
    });
    const plan = planHomeVisitRoute({
      base,
      dayStart: 9 * 60,
      dayEnd: 16 * 60,
      visits: [visit('late', 51.92, 13 * 60), visit('early', 51.93, 10 * 60)],
    });
    expect(plan.order).toEqual(['early', 'late']);
    expect(plan.legs[0]!.waitMinutes).toBeGreaterThan(0);
    expect(plan.windowOrderTravelMinutes).toBe(plan.totalTravelMinutes);
  });

  it('names the visit whose window cannot be reached from the base', () => {
    const input: RouteInput = {
      base,
      dayStart: 10 * 60,
      dayEnd: 16 * 60,
      visits: [
        { id: 'a', position: base, windowStart: 10 * 60, windowEnd: 12 * 60, serviceMinutes: 30 },
        {
          id: 'b',
          position: { lat: 51.95, lon: 8.45 },
          windowStart: 9 * 60,
          windowEnd: 10 * 60,
          serviceMinutes: 30,
        },
      ],
    };
    expect(() => planHomeVisitRoute(input)).toThrow(
      expect.objectContaining({
        code: 'route_infeasible',
        field: 'visits[1].windowEnd',
        details: expect.objectContaining({ reason: 'window_unreachable', visitId: 'b' }),
      }),
    );
  });

  it('refuses two visits whose windows exclude each other', () => {
    const visit = (id: string) => ({
      id,
      position: { lat: 51.92, lon: 8.39 },
      windowStart: 10 * 60,
      windowEnd: 10 * 60 + 10,
      serviceMinutes: 60,
    });
    expect(() =>
      planHomeVisitRoute({ base, dayStart: 9 * 60, dayEnd: 17 * 60, visits: [visit('a'), visit('b')] }),
    ).toThrow(
      expect.objectContaining({
        code: 'route_infeasible',
        field: expect.stringMatching(/^visits\[[01]\]\.windowEnd$/),
        details: expect.objectContaining({ reason: 'windows_conflict', visitsInOrder: 1 }),
      }),
    );
  });

  it('refuses more visits than the exact order is computed for', () => {
    const visits = Array.from({ length: MAX_ROUTE_VISITS + 1 }, (_, i) => ({
      id: `v${i}`,
      position: base,
      windowStart: 8 * 60,
      windowEnd: 18 * 60,
      serviceMinutes: 10,
    }));
    expect(() => planHomeVisitRoute({ base, dayStart: 8 * 60, dayEnd: 20 * 60, visits })).toThrow(
      expect.objectContaining({ code: 'route_too_large', field: 'visits' }),
    );
  });
});
