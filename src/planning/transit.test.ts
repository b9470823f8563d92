import { describe, expect, it } from 'vitest';
import { haversineMetres } from './geo.ts';
import { readGtfsZip, type GtfsFeed } from './gtfs.ts';
import {
  FIXTURE_HOLIDAY,
  FIXTURE_MONDAY,
  fixtureGtfsFiles,
  fixtureStops,
  zipGtfs,
} from './testing/gtfsFixture.ts';
import { transitTravelMinutes, tripsOnDate, type TransitOptions } from './transit.ts';

function fixtureFeed(): GtfsFeed {
  const result = readGtfsZip(zipGtfs(fixtureGtfsFiles()));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.feed;
}

type StopName = keyof typeof fixtureStops;

/** Minutes from stop `from` to stop `to` (origin and site lie on the stops: no walk to or from them). */
function minutes(
  from: StopName,
  to: StopName,
  options: Partial<TransitOptions> & { date: string; at?: string },
): number {
  const at = options.at ?? '08:00';
  return transitTravelMinutes(fixtureFeed(), [fixtureStops[from]], [fixtureStops[to]], {
    windowStart: at,
    windowEnd: at,
    ...options,
  })[0]!;
}

/** Walking the whole way: straight line × 1.3 at 4.5 km/h (1.25 m/s). */
const walkMinutes = (from: StopName, to: StopName) =>
  (haversineMetres(fixtureStops[from], fixtureStops[to]) * 1.3) / 1.25 / 60;

describe('transit router on the test feed (hand-worked earliest arrivals)', () => {
  it('rides line 1 from A at 08:00 and reaches C at 08:20: 20 minutes', () => {
    expect(minutes('A', 'C', { date: FIXTURE_MONDAY })).toBe(20);
  });

  it('changes at B from line 1 (08:10) to line 2 (08:15) and reaches D at 08:35: 35 minutes', () => {
    expect(minutes('A', 'D', { date: FIXTURE_MONDAY })).toBe(35);
  });

  it('walks the 2-minute transfer C→E of transfers.txt: misses line 3 at 08:21, takes 08:25, F at 08:45', () => {
    expect(minutes('A', 'F', { date: FIXTURE_MONDAY })).toBe(45);
  });

  it('waits at A for the next trip: leaving 08:01 takes T1b (08:30) to C at 08:50', () => {
    expect(minutes('A', 'C', { date: FIXTURE_MONDAY, at: '08:01' })).toBe(49);
  });

  it('on the holiday the weekday service is removed and the holiday trip runs: C at 08:45, D only on foot', () => {
    expect(minutes('A', 'C', { date: FIXTURE_HOLIDAY })).toBe(45);
    expect(minutes('A', 'D', { date: FIXTURE_HOLIDAY })).toBeCloseTo(walkMinutes('A', 'D'), 9);
    expect(walkMinutes('A', 'D')).toBeGreaterThan(200);
  });

  it('summarises a window: leaving 08:00, 08:10, 08:20 to C takes 20, 40 and 30 minutes', () => {
    const window = { date: FIXTURE_MONDAY, windowStart: '08:00', windowEnd: '08:20', stepMinutes: 10 };
    const feed = fixtureFeed();
    const [median] = transitTravelMinutes(feed, [fixtureStops.A], [fixtureStops.C], window);
    const [worst] = transitTravelMinutes(feed, [fixtureStops.A], [fixtureStops.C], {
      ...window,
      aggregate: 'worst',
    });
    expect(median).toBe(30);
    expect(worst).toBe(40);
  });

  it('rides the night bus past midnight: 23:45 from A, 24:20 at D: 35 minutes', () => {
    expect(minutes('A', 'D', { date: FIXTURE_MONDAY, at: '23:45' })).toBe(35);
  });

  it("takes Sunday's trip at 24:05 on Monday at 00:00: D at 00:30, 30 minutes", () => {
    expect(minutes('A', 'D', { date: FIXTURE_MONDAY, at: '00:00' })).toBe(30);
    const monday = tripsOnDate(fixtureFeed(), FIXTURE_MONDAY).map(({ trip, offset }) => [
      fixtureFeed().trips[trip]!.id,
      offset,
    ]);
    expect(monday).toContainEqual(['T4w', -86_400]);
    expect(monday).toContainEqual(['T4', 0]);
    expect(monday).not.toContainEqual(['T4w', 0]);
  });

  it('walks when the walk is quicker, and when no stop is near the origin', () => {
    const near = { lat: fixtureStops.A.lat + 0.001, lon: fixtureStops.A.lon };
    const [minutesNear] = transitTravelMinutes(fixtureFeed(), [fixtureStops.A], [near], {
      date: FIXTURE_MONDAY,
      windowStart: '08:00',
      windowEnd: '08:00',
    });
    expect(minutesNear).toBeCloseTo((haversineMetres(fixtureStops.A, near) * 1.3) / 1.25 / 60, 9);
    const farAway = { lat: 51.5, lon: 8.0 };
    const [minutesFar] = transitTravelMinutes(fixtureFeed(), [farAway], [fixtureStops.C], {
      date: FIXTURE_MONDAY,
      windowStart: '08:00',
      windowEnd: '08:00',
    });
    expect(minutesFar).toBeCloseTo((haversineMetres(farAway, fixtureStops.C) * 1.3) / 1.25 / 60, 9);
  });

  it('walks to the first stop: 400 m north of A is 6.9 minutes on foot, so it catches T1b at 08:30', () => {
    const origin = { lat: fixtureStops.A.lat + 400 / 111_195, lon: fixtureStops.A.lon };
    const walk = (haversineMetres(origin, fixtureStops.A) * 1.3) / 1.25 / 60;
    expect(walk).toBeCloseTo(6.93, 2);
    const [travel] = transitTravelMinutes(fixtureFeed(), [origin], [fixtureStops.C], {
      date: FIXTURE_MONDAY,
      windowStart: '07:55',
      windowEnd: '07:55',
    });
    // 07:55 + 6.9 min is after T1a's 08:00: the next trip leaves 08:30 and reaches C at 08:50.
    expect(travel).toBe(55);
  });
});
