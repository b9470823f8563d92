import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildNetwork, Raptor } from './transit.ts';

interface RandomTrip {
  stops: number[];
  arrivals: number[];
  departures: number[];
}

interface RandomCase {
  stopCount: number;
  trips: RandomTrip[];
  footpaths: { from: number; to: number; seconds: number }[];
  access: { stop: number; seconds: number }[];
  departure: number;
}

/** Random small networks: a few lines, each with a few trips (which may overtake one another). */
const randomCase: fc.Arbitrary<RandomCase> = fc.integer({ min: 3, max: 7 }).chain((stopCount) => {
  const stop = fc.integer({ min: 0, max: stopCount - 1 });
  const line = fc.uniqueArray(stop, { minLength: 2, maxLength: Math.min(4, stopCount) });
  const trip = (stops: number[]) =>
    fc
      .record({
        start: fc.integer({ min: 0, max: 90 }),
        hops: fc.array(fc.integer({ min: 1, max: 15 }), { minLength: stops.length, maxLength: stops.length }),
        dwells: fc.array(fc.integer({ min: 0, max: 2 }), {
          minLength: stops.length,
          maxLength: stops.length,
        }),
      })
      .map(({ start, hops, dwells }): RandomTrip => {
        const arrivals: number[] = [];
        const departures: number[] = [];
        let time = start * 60;
        stops.forEach((_, k) => {
          if (k > 0) time += hops[k]! * 60;
          arrivals.push(time);
          time += dwells[k]! * 60;
          departures.push(time);
        });
        return { stops, arrivals, departures };
      });
  const lineWithTrips = line.chain((stops) => fc.array(trip(stops), { minLength: 1, maxLength: 4 }));
  return fc.record({
    stopCount: fc.constant(stopCount),
    trips: fc.array(lineWithTrips, { minLength: 1, maxLength: 4 }).map((lines) => lines.flat()),
    footpaths: fc.array(fc.record({ from: stop, to: stop, seconds: fc.integer({ min: 30, max: 900 }) }), {
      maxLength: 5,
    }),
    access: fc.array(fc.record({ stop, seconds: fc.integer({ min: 0, max: 600 }) }), {
      minLength: 1,
      maxLength: 2,
    }),
    departure: fc.integer({ min: 0, max: 60 * 60 }),
  });
});

/**
 * The reference: Dijkstra over stops in time (waiting allowed, so FIFO): from a stop reached at time t, walk
 * any footpath, or board any trip leaving there at or after t and ride it to any later stop.
 */
function referenceArrivals(c: RandomCase): number[] {
  const label = Array<number>(c.stopCount).fill(Infinity);
  const done = Array<boolean>(c.stopCount).fill(false);
  for (const { stop, seconds } of c.access) label[stop] = Math.min(label[stop]!, c.departure + seconds);
  for (;;) {
    let s = -1;
    for (let k = 0; k < c.stopCount; k++) {
      if (!done[k] && label[k]! < Infinity && (s < 0 || label[k]! < label[s]!)) s = k;
    }
    if (s < 0) break;
    done[s] = true;
    const t = label[s]!;
    for (const path of c.footpaths) {
      if (path.from === s && path.from !== path.to)
        label[path.to] = Math.min(label[path.to]!, t + path.seconds);
    }
    for (const trip of c.trips) {
      trip.stops.forEach((stop, i) => {
        if (stop !== s || trip.departures[i]! < t) return;
        for (let j = i + 1; j < trip.stops.length; j++) {
          label[trip.stops[j]!] = Math.min(label[trip.stops[j]!]!, trip.arrivals[j]!);
        }
      });
    }
  }
  return label;
}

describe('RAPTOR against a time-dependent Dijkstra on random small networks', () => {
  it('finds the same earliest arrival at every stop', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(randomCase, (c) => {
        const network = buildNetwork(c.stopCount, c.trips, c.footpaths);
        const raptor = new Raptor(network);
        const arrivals = Array.from(raptor.run(c.access, c.departure, c.trips.length + 1, Infinity));
        expect(arrivals).toEqual(referenceArrivals(c));
      }),
      { numRuns: 500, seed: 20270301 },
    );
  });

  it('never arrives earlier with fewer rides allowed', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(randomCase, (c) => {
        const network = buildNetwork(c.stopCount, c.trips, c.footpaths);
        const full = Array.from(new Raptor(network).run(c.access, c.departure, c.trips.length + 1, Infinity));
        const one = Array.from(new Raptor(network).run(c.access, c.departure, 1, Infinity));
        one.forEach((arrival, s) => expect(arrival).toBeGreaterThanOrEqual(full[s]!));
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
