import { PlanningInputError } from './errors.ts';
import type { LatLon } from './geo.ts';

export interface OsrmTableResult {
  /** Minutes from source i to destination j, `Infinity` where OSRM found no route. */
  minutes: number[][];
  /** Metres, when the server returned distances. */
  metres?: number[][];
}

/** Validates and converts an OSRM `/table` response (durations in seconds) to minutes. */
export function parseOsrmTable(
  response: unknown,
  sourceCount: number,
  destinationCount: number,
): OsrmTableResult {
  if (typeof response !== 'object' || response === null)
    throw new PlanningInputError('osrm', 'response is not an object');
  const body = response as { code?: unknown; message?: unknown; durations?: unknown; distances?: unknown };
  if (body.code !== 'Ok') {
    throw new PlanningInputError(
      'osrm',
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- an untrusted server's message, shown as it comes
      `routing server answered ${String(body.code)}: ${String(body.message ?? '')}`,
    );
  }
  const matrix = (value: unknown, name: string, scale: number): number[][] => {
    if (!Array.isArray(value) || value.length !== sourceCount) {
      throw new PlanningInputError(`osrm.${name}`, `expected ${sourceCount} rows`);
    }
    return value.map((row: unknown, i) => {
      if (!Array.isArray(row) || row.length !== destinationCount) {
        throw new PlanningInputError(`osrm.${name}[${i}]`, `expected ${destinationCount} columns`);
      }
      return row.map((cell: unknown, j) => {
        if (cell === null) return Infinity;
        if (typeof cell !== 'number' || !Number.isFinite(cell) || cell < 0) {
          // eslint-disable-next-line @typescript-eslint/no-base-to-string -- an untrusted server's value, shown as it comes
          throw new PlanningInputError(`osrm.${name}[${i}][${j}]`, `invalid value ${String(cell)}`);
        }
        return cell * scale;
      });
    });
  };
  const minutes = matrix(body.durations, 'durations', 1 / 60);
  return body.distances !== undefined
    ? { minutes, metres: matrix(body.distances, 'distances', 1) }
    : { minutes };
}

/**
 * Asks an OSRM-compatible server for a travel-time table (`/table/v1/{profile}/…`).
 * Thin on purpose: batching and caching belong to the caller.
 */
export async function fetchOsrmTable(
  baseUrl: string,
  // eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- the literals name OSRM's usual profiles
  profile: 'foot' | 'bike' | 'car' | string,
  sources: readonly LatLon[],
  destinations: readonly LatLon[],
  fetchImpl: typeof fetch = fetch,
): Promise<OsrmTableResult> {
  const coordinates = [...sources, ...destinations]
    .map((p) => `${p.lon.toFixed(6)},${p.lat.toFixed(6)}`)
    .join(';');
  const sourceIndexes = sources.map((_, k) => k).join(';');
  const destinationIndexes = destinations.map((_, k) => sources.length + k).join(';');
  const url =
    `${baseUrl.replace(/\/$/, '')}/table/v1/${encodeURIComponent(profile)}/${coordinates}` +
    `?sources=${sourceIndexes}&destinations=${destinationIndexes}&annotations=duration,distance`;
  const response = await fetchImpl(url);
  if (!response.ok) throw new PlanningInputError('osrm', `routing server returned HTTP ${response.status}`);
  return parseOsrmTable(await response.json(), sources.length, destinations.length);
}
