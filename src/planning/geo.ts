export interface LatLon {
  lat: number;
  lon: number;
}

/** Mean earth radius (IUGG) in metres, used for haversine distances. */
export const EARTH_RADIUS_M = 6_371_008.8;

const DEG = Math.PI / 180;

export function haversineMetres(a: LatLon, b: LatLon): number {
  const dLat = (b.lat - a.lat) * DEG;
  const dLon = (b.lon - a.lon) * DEG;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * DEG) * Math.cos(b.lat * DEG) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}
