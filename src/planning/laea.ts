/**
 * ETRS89 Lambert Azimuthal Equal Area (EPSG:3035), the grid of the Zensus, to and from geographic
 * coordinates, with the exact ellipsoidal formulas of IOGP Guidance Note 7-2 (method EPSG 9820). Pure and
 * fast: one call costs a few trigonometric functions, so a Kreis's 200,000 cells convert in milliseconds.
 */
import type { LatLon } from './geo.ts';

const A = 6_378_137; // GRS80 semi-major axis
const F = 1 / 298.257222101;
const E2 = 2 * F - F * F;
const E = Math.sqrt(E2);
const LAT0 = (52 * Math.PI) / 180;
const LON0 = (10 * Math.PI) / 180;
const FALSE_EASTING = 4_321_000;
const FALSE_NORTHING = 3_210_000;
const DEG = 180 / Math.PI;

function q(sinPhi: number): number {
  return (
    (1 - E2) *
    (sinPhi / (1 - E2 * sinPhi * sinPhi) - (1 / (2 * E)) * Math.log((1 - E * sinPhi) / (1 + E * sinPhi)))
  );
}

const QP = q(1);
const Q0 = q(Math.sin(LAT0));
const BETA0 = Math.asin(Q0 / QP);
const RQ = A * Math.sqrt(QP / 2);
const D = (A * Math.cos(LAT0)) / Math.sqrt(1 - E2 * Math.sin(LAT0) ** 2) / (RQ * Math.cos(BETA0));
const SIN_B0 = Math.sin(BETA0);
const COS_B0 = Math.cos(BETA0);
const C2 = E2 / 3 + (31 * E2 * E2) / 180 + (517 * E2 * E2 * E2) / 5040;
const C4 = (23 * E2 * E2) / 360 + (251 * E2 * E2 * E2) / 3780;
const C6 = (761 * E2 * E2 * E2) / 45360;

/** Easting/northing in metres (EPSG:3035) to WGS84/ETRS89 degrees. */
export function laeaToLatLon(easting: number, northing: number): LatLon {
  const x = easting - FALSE_EASTING;
  const y = northing - FALSE_NORTHING;
  const rho = Math.hypot(x / D, D * y);
  if (rho === 0) return { lat: LAT0 * DEG, lon: LON0 * DEG };
  const c = 2 * Math.asin(Math.min(1, rho / (2 * RQ)));
  const sinC = Math.sin(c);
  const cosC = Math.cos(c);
  const beta = Math.asin(cosC * SIN_B0 + (D * y * sinC * COS_B0) / rho);
  const lat = beta + C2 * Math.sin(2 * beta) + C4 * Math.sin(4 * beta) + C6 * Math.sin(6 * beta);
  const lon = LON0 + Math.atan2(x * sinC, D * rho * COS_B0 * cosC - D * D * y * SIN_B0 * sinC);
  return { lat: lat * DEG, lon: lon * DEG };
}

/** WGS84/ETRS89 degrees to easting/northing in metres (EPSG:3035). */
export function latLonToLaea(point: LatLon): { x: number; y: number } {
  const phi = point.lat / DEG;
  const lambda = point.lon / DEG;
  const beta = Math.asin(q(Math.sin(phi)) / QP);
  const b =
    RQ * Math.sqrt(2 / (1 + SIN_B0 * Math.sin(beta) + COS_B0 * Math.cos(beta) * Math.cos(lambda - LON0)));
  return {
    x: FALSE_EASTING + b * D * Math.cos(beta) * Math.sin(lambda - LON0),
    y:
      FALSE_NORTHING +
      (b / D) * (COS_B0 * Math.sin(beta) - SIN_B0 * Math.cos(beta) * Math.cos(lambda - LON0)),
  };
}

/**
 * Whether a coordinate pair can be an EPSG:3035 position in Europe (the CRS's area of use, rounded out).
 * UTM (EPSG:25832: easting < 1,000 km), Gauß-Krüger and degrees fall outside.
 */
export function isLaeaEurope(easting: number, northing: number): boolean {
  return easting >= 1_900_000 && easting <= 7_500_000 && northing >= 1_000_000 && northing <= 5_500_000;
}
