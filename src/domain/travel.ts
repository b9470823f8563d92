/**
 * Driving time between two places of a town when no routing service is configured: the great-circle
 * distance times a detour factor, at an urban average speed, plus time to park and carry the kit in.
 */
export interface LatLon {
  lat: number;
  lon: number;
}

const EARTH_RADIUS_KM = 6371.0088;

export function greatCircleKm(a: LatLon, b: LatLon): number {
  const toRad = (deg: number) => (deg * Math.PI) / 180;
  const dLat = toRad(b.lat - a.lat);
  const dLon = toRad(b.lon - a.lon);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface DrivingAssumptions {
  detourFactor: number;
  averageKmh: number;
  parkingMinutes: number;
}

export const urbanDriving: DrivingAssumptions = { detourFactor: 1.3, averageKmh: 30, parkingMinutes: 5 };

export function drivingMinutes(
  from: LatLon,
  to: LatLon,
  assumptions: DrivingAssumptions = urbanDriving,
): number {
  const km = greatCircleKm(from, to) * assumptions.detourFactor;
  if (km < 0.05) return 0;
  return Math.ceil((km / assumptions.averageKmh) * 60 + assumptions.parkingMinutes);
}
