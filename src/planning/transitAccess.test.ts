import { describe, expect, it } from 'vitest';
import { travelMinutes } from './access.ts';
import type { DemandPoint } from './demand.ts';
import { haversineMetres } from './geo.ts';
import { readGtfsZip, type GtfsFeed } from './gtfs.ts';
import { FIXTURE_MONDAY, fixtureGtfsFiles, fixtureStops, zipGtfs } from './testing/gtfsFixture.ts';
import { serviceDateFor, transitScenarioMatrix } from './transitAccess.ts';

function fixtureFeed(): GtfsFeed {
  const result = readGtfsZip(zipGtfs(fixtureGtfsFiles()));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.feed;
}

const point = (residents: number, residents65plus: number): DemandPoint => ({
  id: 'a',
  source: 'district',
  lat: fixtureStops.A.lat,
  lon: fixtureStops.A.lon,
  counts: { residents, residents65plus },
});

describe('public transport access of a scenario', () => {
  it('mixes the older residents’ walk into the bus time: 20 % aged 65+, half of them walk', () => {
    const options = { date: FIXTURE_MONDAY, windowStart: '08:00', windowEnd: '08:00', olderWalkShare: 0.5 };
    const [young, mixed] = transitScenarioMatrix(
      fixtureFeed(),
      [point(100, 0), point(100, 20)],
      [fixtureStops.C],
      options,
    );
    const walk = travelMinutes(haversineMetres(fixtureStops.A, fixtureStops.C), { mode: 'walk' });
    expect(young).toBe(20);
    // 0.8 × 20 + 0.2 × (0.5 × walk + 0.5 × 20)
    expect(mixed).toBeCloseTo(0.8 * 20 + 0.2 * (0.5 * walk + 0.5 * 20), 9);
  });

  it('refuses a date outside the timetable and a walking share outside 0..1', () => {
    const base = { windowStart: '08:00', windowEnd: '08:00', olderWalkShare: 0.5 };
    expect(() =>
      transitScenarioMatrix(fixtureFeed(), [point(1, 0)], [fixtureStops.C], { ...base, date: '2027-05-05' }),
    ).toThrow(/transit.date/);
    expect(() =>
      transitScenarioMatrix(fixtureFeed(), [point(1, 0)], [fixtureStops.C], {
        ...base,
        date: FIXTURE_MONDAY,
        olderWalkShare: 2,
      }),
    ).toThrow(/olderWalkShare/);
    expect(() =>
      transitScenarioMatrix(fixtureFeed(), [point(1, 0)], [fixtureStops.C], { ...base, date: '2027-02-30' }),
    ).toThrow(
      expect.objectContaining({ field: 'transit.date', details: { reason: 'transit_invalid_date' } }),
    );
    expect(() =>
      transitScenarioMatrix(fixtureFeed(), [point(1, 0)], [fixtureStops.C], {
        ...base,
        date: FIXTURE_MONDAY,
        windowStart: '10:00',
        windowEnd: '09:30',
      }),
    ).toThrow(
      expect.objectContaining({ field: 'transit.windowEnd', details: { reason: 'transit_window_order' } }),
    );
  });

  it('picks the next Wednesday the feed covers, else its first Wednesday', () => {
    const feed = { validFrom: '2027-02-01', validTo: '2027-03-31' };
    expect(serviceDateFor(feed, '2027-03-01')).toBe('2027-03-03');
    expect(serviceDateFor(feed, '2026-12-07')).toBe('2027-02-03');
    expect(serviceDateFor(feed, '2027-06-01')).toBe('2027-02-03');
  });
});
