import { describe, expect, it } from 'vitest';
import { CATCHMENT_COLOURS, convexHull, reportMap, type ReportMapDemandInput } from './reportMap.ts';

const sites = [
  { id: 'west', name: 'Stadtbibliothek', lat: 51.906, lon: 8.378 },
  { id: 'east', name: 'Bürgerhaus Avenwedde', lat: 51.936, lon: 8.448 },
];
const point = (
  name: string,
  lat: number,
  lon: number,
  nearestSiteId: string,
  covered: boolean,
  residents = 100,
): ReportMapDemandInput => ({
  name,
  lat,
  lon,
  residents,
  nearestSiteId,
  travelMinutes: covered ? 10 : 30,
  covered,
});
const demand = [
  point('Innenstadt', 51.905, 8.38, 'west', true, 400),
  point('Sundern', 51.895, 8.37, 'west', true, 300),
  point('Nordhorn', 51.915, 8.372, 'west', true, 100),
  point('Avenwedde', 51.94, 8.45, 'east', true, 200),
  point('Friedrichsdorf', 51.95, 8.46, 'east', true, 50),
  point('Spexard', 51.93, 8.44, 'east', true, 50),
  point('Ebbesloh', 51.85, 8.43, 'west', false, 60),
  point('Isselhorst', 51.97, 8.4, 'east', false, 0),
];

describe('the report map', () => {
  const map = reportMap({
    sites,
    demand,
    robustness: new Map([
      ['west', 'robust'],
      ['east', 'sometimes'],
    ]),
  });

  it('draws north up and east right, inside its box, with the same scale both ways', () => {
    const [west, east] = map.sites;
    expect(east!.x).toBeGreaterThan(west!.x);
    expect(east!.y).toBeLessThan(west!.y);
    for (const p of [...map.points, ...map.sites]) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThanOrEqual(map.width);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeLessThanOrEqual(map.height);
    }
    // The scale bar is a round length and about a fifth of the width.
    expect([1, 2, 5]).toContain(map.scale.metres / 10 ** Math.floor(Math.log10(map.scale.metres)));
    expect(map.scale.length).toBeGreaterThan(map.width / 12);
    expect(map.scale.length).toBeLessThanOrEqual(map.width / 5);
    // Equal scale: about 4.8 km between the two sites east-west for 0.07° at 52° N.
    const metresPerUnit = map.scale.metres / map.scale.length;
    expect((east!.x - west!.x) * metresPerUnit).toBeGreaterThan(4_600);
    expect((east!.x - west!.x) * metresPerUnit).toBeLessThan(5_000);
  });

  it('numbers the sites, gives each a colour and its robustness, and sums its catchment', () => {
    expect(map.sites.map((site) => [site.number, site.name, site.robustness])).toEqual([
      [1, 'Stadtbibliothek', 'robust'],
      [2, 'Bürgerhaus Avenwedde', 'sometimes'],
    ]);
    expect(map.sites.map((site) => site.colour)).toEqual([CATCHMENT_COLOURS[0], CATCHMENT_COLOURS[1]]);
    expect(map.sites[0]).toMatchObject({ demandPoints: 4, coveredResidents: 800, uncoveredResidents: 60 });
    expect(map.sites[1]).toMatchObject({ demandPoints: 4, coveredResidents: 300, uncoveredResidents: 0 });
    expect(map.sites[0]!.meanMinutes).toBeCloseTo((800 * 10 + 60 * 30) / 860, 6);
    expect(map.points.filter((p) => p.site === 1)).toHaveLength(4);
    // The largest point has the largest dot.
    expect(map.points[0]!.r).toBe(Math.max(...map.points.map((p) => p.r)));
  });

  it('draws each catchment as the hull of its covered points, and lists the demand beyond the limit', () => {
    expect(map.catchments.map((c) => c.number)).toEqual([1, 2]);
    const ebbesloh = map.points[6]!;
    const hull = map.catchments[0]!.hull;
    const inside = (p: { x: number; y: number }) =>
      hull.every((a, i) => {
        const b = hull[(i + 1) % hull.length]!;
        return (b[0] - a[0]) * (p.y - a[1]) - (b[1] - a[1]) * (p.x - a[0]) >= -1e-9;
      });
    expect(inside(ebbesloh)).toBe(false);
    expect(ebbesloh.covered).toBe(false);
    expect(map.uncovered).toEqual({ points: 2, residents: 60, names: ['Ebbesloh', 'Isselhorst'] });
  });

  it('gives a single place a map of at least two kilometres, and no hull', () => {
    const single = reportMap({ sites: [sites[0]!], demand: [] });
    expect(single.sites).toHaveLength(1);
    expect(single.catchments).toEqual([]);
    expect(single.scale.metres * (single.width / single.scale.length)).toBeGreaterThan(1_900);
    expect(single.uncovered).toEqual({ points: 0, residents: 0, names: [] });
  });

  it('fits district outlines into the box', () => {
    const withOutline = reportMap({
      sites,
      demand,
      outlines: [
        [
          [8.3, 51.8],
          [8.55, 51.8],
          [8.55, 52.0],
          [8.3, 52.0],
          [8.3, 51.8],
        ],
      ],
    });
    const ring = withOutline.outlines[0]!;
    expect(ring).toHaveLength(5);
    for (const [x, y] of ring) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(withOutline.width);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(withOutline.height);
    }
  });
});

describe('convexHull', () => {
  it('holds every random point inside or on it, with only given points as corners', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647) * 100;
    for (let round = 0; round < 50; round++) {
      const points = Array.from({ length: 3 + (round % 20) }, (): [number, number] => [
        Math.round(random()),
        Math.round(random()),
      ]);
      const hull = convexHull(points);
      // Every point is inside or on the hull, and every hull corner is one of the points.
      for (const p of points) {
        for (let i = 0; i < hull.length; i++) {
          const a = hull[i]!;
          const b = hull[(i + 1) % hull.length]!;
          expect((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])).toBeGreaterThanOrEqual(0);
        }
      }
      for (const corner of hull) expect(points).toContainEqual(corner);
    }
  });
});
