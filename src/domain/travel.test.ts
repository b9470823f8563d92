import { describe, expect, it } from 'vitest';
import { drivingMinutes, greatCircleKm } from './travel.ts';

describe('travel between sites', () => {
  const townHall = { lat: 51.90607, lon: 8.37855 };
  const avenwedde = { lat: 51.945, lon: 8.443 };

  it('measures great-circle distance', () => {
    // One degree of latitude is about 111.2 km.
    expect(greatCircleKm({ lat: 51, lon: 8 }, { lat: 52, lon: 8 })).toBeCloseTo(111.2, 0);
    expect(greatCircleKm(townHall, townHall)).toBe(0);
  });

  it('turns distance into whole driving minutes with detour and parking', () => {
    const km = greatCircleKm(townHall, avenwedde);
    expect(km).toBeGreaterThan(5);
    expect(km).toBeLessThan(7);
    expect(drivingMinutes(townHall, avenwedde)).toBe(Math.ceil(((km * 1.3) / 30) * 60 + 5));
    expect(drivingMinutes(townHall, townHall)).toBe(0);
    expect(drivingMinutes(townHall, avenwedde)).toBe(drivingMinutes(avenwedde, townHall));
  });
});
