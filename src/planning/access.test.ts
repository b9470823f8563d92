import { describe, expect, it } from 'vitest';
import { coverageRadiusMetres, coverageWithin, travelMinutes, travelTimeInstance } from './access.ts';
import { PlanningInputError } from './errors.ts';
import { haversineMetres } from './geo.ts';
import { fetchOsrmTable, parseOsrmTable } from './osrm.ts';

describe('access', () => {
  it('gives the coverage radius as the inverse of travelMinutes', () => {
    for (const mode of ['walk', 'bike', 'bus', 'car'] as const) {
      const radius = coverageRadiusMetres(20, { mode });
      expect(radius).toBeGreaterThan(0);
      expect(travelMinutes(radius, { mode })).toBeCloseTo(20, 9);
    }
    // 15 minutes on foot, 4.5 km/h, detour 1.3: 1125 m of road, 865 m as the crow flies.
    expect(coverageRadiusMetres(15, { mode: 'walk' })).toBeCloseTo(1125 / 1.3, 6);
    // Less than the bus's 5 fixed minutes reaches nothing.
    expect(coverageRadiusMetres(4, { mode: 'bus' })).toBe(0);
  });

  it('haversine: one degree of latitude is about 111.2 km', () => {
    expect(haversineMetres({ lat: 51, lon: 8 }, { lat: 52, lon: 8 })).toBeCloseTo(111_195, -1);
  });

  it('turns distance into minutes per mode with detour and fixed time', () => {
    expect(travelMinutes(1000, { mode: 'walk' })).toBeCloseTo((1.3 / 4.5) * 60);
    expect(travelMinutes(1000, { mode: 'bus', detourFactor: 1 })).toBeCloseTo((1 / 18) * 60 + 5);
    expect(travelMinutes(0, { mode: 'car' })).toBe(3);
    expect(() => travelMinutes(10, { mode: 'walk', detourFactor: 0.5 })).toThrow(PlanningInputError);
  });

  it('builds coverage sets from a threshold (inclusive)', () => {
    const instance = travelTimeInstance(
      [
        { lat: 51.9, lon: 8.38, weight: 1 },
        { lat: 51.95, lon: 8.38, weight: 2 },
      ],
      [{ lat: 51.9, lon: 8.38 }],
      { mode: 'walk' },
    );
    const coverage = coverageWithin(instance, 15);
    expect(Array.from(coverage.coverDemand)).toEqual([0]);
    expect(() => coverageWithin(instance, 0)).toThrow(PlanningInputError);
  });

  it('rejects NaN coordinates with the field name', () => {
    expect(() =>
      travelTimeInstance([{ lat: NaN, lon: 8, weight: 1 }], [{ lat: 51, lon: 8 }], { mode: 'walk' }),
    ).toThrow(expect.objectContaining({ field: 'demand[0].lat' }));
  });
});

describe('OSRM table', () => {
  const canned = {
    code: 'Ok',
    durations: [
      [120, 600],
      [null, 30],
    ],
    distances: [
      [100, 900],
      [null, 50],
    ],
  };

  it('parses durations into minutes and null into Infinity', () => {
    const table = parseOsrmTable(canned, 2, 2);
    expect(table.minutes).toEqual([
      [2, 10],
      [Infinity, 0.5],
    ]);
    expect(table.metres?.[0]).toEqual([100, 900]);
  });

  it('rejects error codes and malformed matrices', () => {
    expect(() => parseOsrmTable({ code: 'InvalidQuery', message: 'bad' }, 1, 1)).toThrow(/InvalidQuery/);
    expect(() => parseOsrmTable({ code: 'Ok', durations: [[1]] }, 2, 1)).toThrow(PlanningInputError);
    expect(() => parseOsrmTable({ code: 'Ok', durations: [[-1]] }, 1, 1)).toThrow(PlanningInputError);
  });

  it('builds the /table URL with sources and destinations', async () => {
    let requested = '';
    const fakeFetch = (async (url: string) => {
      requested = url;
      return new Response(JSON.stringify({ code: 'Ok', durations: [[60]] }));
    }) as unknown as typeof fetch;
    const table = await fetchOsrmTable(
      'http://osrm.local/',
      'foot',
      [{ lat: 51.9, lon: 8.38 }],
      [{ lat: 51.91, lon: 8.39 }],
      fakeFetch,
    );
    expect(requested).toBe(
      'http://osrm.local/table/v1/foot/8.380000,51.900000;8.390000,51.910000?sources=0&destinations=1&annotations=duration,distance',
    );
    expect(table.minutes).toEqual([[1]]);
  });
});
