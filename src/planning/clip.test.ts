import { describe, expect, it } from 'vitest';
import { boxArea, municipalityArea, outlineArea, type OutlineGeometry } from './clip.ts';

const square = (lon0: number, lat0: number, size: number): number[][] => [
  [lon0, lat0],
  [lon0 + size, lat0],
  [lon0 + size, lat0 + size],
  [lon0, lat0 + size],
  [lon0, lat0],
];

describe('clipping demand to the municipality', () => {
  it('keeps points inside an outline and drops those in its hole or outside', () => {
    const outline: OutlineGeometry = {
      type: 'Polygon',
      coordinates: [square(8.3, 51.85, 0.2), square(8.38, 51.93, 0.02)],
    };
    const area = outlineArea([outline]);
    expect(area.kind).toBe('outline');
    expect(area.contains({ lat: 51.9, lon: 8.35 })).toBe(true);
    expect(area.contains({ lat: 51.94, lon: 8.39 })).toBe(false); // in the hole
    expect(area.contains({ lat: 52.2, lon: 8.35 })).toBe(false);
    expect(area.contains({ lat: 51.9, lon: 8.6 })).toBe(false);
  });

  it('takes the union of a MultiPolygon and several districts', () => {
    const area = outlineArea([
      { type: 'MultiPolygon', coordinates: [[square(8, 51, 0.1)], [square(9, 51, 0.1)]] },
      { type: 'Polygon', coordinates: [square(10, 51, 0.1)] },
    ]);
    expect(area.contains({ lat: 51.05, lon: 8.05 })).toBe(true);
    expect(area.contains({ lat: 51.05, lon: 9.05 })).toBe(true);
    expect(area.contains({ lat: 51.05, lon: 10.05 })).toBe(true);
    expect(area.contains({ lat: 51.05, lon: 8.5 })).toBe(false);
  });

  it('falls back to a box with a 3 km margin where a top-level district has no outline', () => {
    const area = municipalityArea([
      { lat: 51.9, lon: 8.4, parentId: null, outline: null },
      {
        lat: 51.95,
        lon: 8.45,
        parentId: null,
        outline: { type: 'Polygon', coordinates: [square(8.44, 51.94, 0.02)] },
      },
    ]);
    expect(area.kind).toBe('box');
    expect(area.contains({ lat: 51.9 - 0.02, lon: 8.4 })).toBe(true); // 2.2 km south
    expect(area.contains({ lat: 51.9 - 0.04, lon: 8.4 })).toBe(false); // 4.5 km south
  });

  it('uses the outlines when every top-level district has one (sub-districts need none)', () => {
    const area = municipalityArea([
      {
        lat: 51.9,
        lon: 8.4,
        parentId: null,
        outline: { type: 'Polygon', coordinates: [square(8.3, 51.85, 0.2)] },
      },
      { lat: 51.9, lon: 8.4, parentId: 'a', outline: null },
    ]);
    expect(area.kind).toBe('outline');
    expect(boxArea([{ lat: 0, lon: 0 }], 0).contains({ lat: 0, lon: 0 })).toBe(true);
  });
});
