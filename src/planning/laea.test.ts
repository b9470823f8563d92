import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { isLaeaEurope, laeaToLatLon, latLonToLaea } from './laea.ts';

proj4.defs(
  'EPSG:3035',
  '+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
);

describe('EPSG:3035 (ETRS89-LAEA) conversion', () => {
  it('matches the worked example of IOGP Guidance Note 7-2 (50° N, 5° E)', () => {
    const { x, y } = latLonToLaea({ lat: 50, lon: 5 });
    expect(x).toBeCloseTo(3_962_799.45, 1);
    expect(y).toBeCloseTo(2_999_718.85, 1);
    const back = laeaToLatLon(3_962_799.45, 2_999_718.85);
    expect(back.lat).toBeCloseTo(50, 7);
    expect(back.lon).toBeCloseTo(5, 7);
  });

  it('maps the false origin to the projection centre 52° N, 10° E', () => {
    expect(laeaToLatLon(4_321_000, 3_210_000)).toEqual({ lat: 52, lon: 10 });
  });

  it('agrees with proj4 to the millimetre across Germany, and round-trips within a centimetre', () => {
    for (const [lat, lon] of [
      [51.90607, 8.37855], // Gütersloh, Rathaus
      [54.8, 9.4],
      [47.4, 13.0],
      [50.1, 6.0],
      [52.5, 14.9],
    ] as const) {
      const { x, y } = latLonToLaea({ lat, lon });
      const [px, py] = proj4('EPSG:4326', 'EPSG:3035', [lon, lat]) as [number, number];
      expect(Math.abs(x - px)).toBeLessThan(0.001);
      expect(Math.abs(y - py)).toBeLessThan(0.001);
      const back = laeaToLatLon(x, y);
      expect(back.lat).toBeCloseTo(lat, 7);
      expect(back.lon).toBeCloseTo(lon, 7);
    }
  });

  it('tells EPSG:3035 positions from UTM, Gauß-Krüger and degrees', () => {
    const { x, y } = latLonToLaea({ lat: 51.906, lon: 8.378 });
    expect(isLaeaEurope(x, y)).toBe(true);
    expect(isLaeaEurope(457_000, 5_751_000)).toBe(false); // EPSG:25832
    expect(isLaeaEurope(3_457_000, 5_752_000)).toBe(false); // Gauß-Krüger zone 3
    expect(isLaeaEurope(8.378, 51.906)).toBe(false); // degrees
  });
});
