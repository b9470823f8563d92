import { describe, expect, it } from 'vitest';
import {
  combineDemandWeights,
  demandFromDistricts,
  demandFromPointsCsv,
  demandFromZensusGrid,
  gridIdToCentre,
  laeaToWgs84,
} from './demand.ts';
import { PlanningInputError } from './errors.ts';
import { parseStatNumber } from './csv.ts';

const districts = [
  { id: 'kernstadt', name: 'Kernstadt', lat: 51.906, lon: 8.378, population: 1000, share65plus: 0.2 },
  { id: 'isselhorst', name: 'Isselhorst', lat: 51.95, lon: 8.41, population: 500 },
];

describe('demand model', () => {
  it('builds district demand with group counts', () => {
    const points = demandFromDistricts(districts, { share65plus: 0.1, shareLimitedMobility: 0.05 });
    expect(points[0]!.counts).toEqual({ residents: 1000, residents65plus: 200, limitedMobility: 50 });
    expect(points[1]!.counts.residents65plus).toBe(50);
  });

  it('combines weights by the documented formula', () => {
    const points = demandFromDistricts(districts, { shareLimitedMobility: 0.1 });
    const townHall = { lat: 51.906, lon: 8.378 };
    const weighted = combineDemandWeights(points, {
      residents: 1,
      residents65plus: 2,
      limitedMobility: 3,
      pastBookings: 0,
      distancePerKm: 0.1,
      distanceCapKm: 2,
      townHall,
    });
    // Kernstadt sits at the town hall: (1000 + 2·200 + 3·100) × 1.
    expect(weighted[0]!.weight).toBeCloseTo(1700);
    // Isselhorst is > 2 km away, so the distance term is capped at 1 + 0.1·2.
    expect(weighted[1]!.distanceToTownHallKm!).toBeGreaterThan(2);
    expect(weighted[1]!.weight).toBeCloseTo((500 + 0 + 3 * 50) * 1.2);
  });

  it('reads a semicolon Zensus grid with suppressed values and converts EPSG:3035 to WGS84', () => {
    const csv = [
      'x_mp_100m;y_mp_100m;Einwohner',
      '4185050;3157050;12',
      '4185150;3157050;-',
      '4185250;3157050;–',
      '4185350;3157050;1.234',
    ].join('\n');
    const points = demandFromZensusGrid(csv);
    expect(points).toHaveLength(2);
    expect(points[0]!.lat).toBeCloseTo(51.5077, 3);
    expect(points[0]!.lon).toBeCloseTo(8.0416, 3);
    expect(points[1]!.counts.residents).toBe(1234);
  });

  it('reads a comma grid keyed by GITTER_ID_100m (cell centre = corner + 50 m)', () => {
    const csv = 'GITTER_ID_100m,Einwohner\nCRS3035RES100mN3157000E4185000,7\n';
    expect(gridIdToCentre('CRS3035RES100mN3157000E4185000')).toEqual({ x: 4185050, y: 3157050 });
    const [point] = demandFromZensusGrid(csv);
    const expected = laeaToWgs84(4185050, 3157050);
    expect(point!.lat).toBeCloseTo(expected.lat, 9);
    expect(point!.counts.residents).toBe(7);
  });

  it('reads weighted points with groups', () => {
    const csv = 'lat;lon;weight;group\n51.9;8.38;3;bookings\n51.91;8.39;2,5;\n';
    const points = demandFromPointsCsv(csv);
    expect(points[0]!.counts).toEqual({ pastBookings: 3 });
    expect(points[1]!.counts).toEqual({ residents: 2.5 });
  });

  it('parses German and English number formats', () => {
    expect(parseStatNumber('1.234,5', 'x')).toBe(1234.5);
    expect(parseStatNumber('1,234.5', 'x')).toBe(1234.5);
    expect(parseStatNumber('—', 'x')).toBe(0);
    expect(() => parseStatNumber('abc', 'x')).toThrow(PlanningInputError);
  });

  it.each([
    [
      'missing Einwohner column',
      () => demandFromZensusGrid('x_mp_100m;y_mp_100m;foo\n1;2;3'),
      'grid.Einwohner',
    ],
    [
      'non-LAEA coordinates',
      () => demandFromZensusGrid('x_mp_100m;y_mp_100m;Einwohner\n8.3;51.9;4'),
      'grid line 2',
    ],
    ['bad latitude', () => demandFromPointsCsv('lat,lon,weight\n95,8,1'), 'points line 2.lat'],
    [
      'unknown group',
      () => demandFromPointsCsv('lat,lon,weight,group\n51,8,1,aliens'),
      'points line 2.group',
    ],
    [
      'negative population',
      () => demandFromDistricts([{ ...districts[0]!, population: -1 }]),
      'districts[0].population',
    ],
    [
      'share above 1',
      () => demandFromDistricts([{ ...districts[0]!, share65plus: 1.5 }]),
      'districts[0].share65plus',
    ],
    ['NaN latitude', () => demandFromDistricts([{ ...districts[0]!, lat: NaN }]), 'districts[0].lat'],
    ['no districts', () => demandFromDistricts([]), 'districts'],
    [
      'distance factor without town hall',
      () =>
        combineDemandWeights(demandFromDistricts(districts), {
          residents: 1,
          residents65plus: 0,
          limitedMobility: 0,
          pastBookings: 0,
          distancePerKm: 1,
          distanceCapKm: 5,
        }),
      'factors.townHall',
    ],
  ])('rejects %s', (_, run, field) => {
    try {
      run();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PlanningInputError);
      expect((error as PlanningInputError).field).toBe(field);
    }
  });
});
