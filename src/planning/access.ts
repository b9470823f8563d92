import { PlanningInputError, requireFiniteNumber, requireLatLon } from './errors.ts';
import { haversineMetres, type LatLon } from './geo.ts';
import type { CoverageInstance, DistanceInstance } from './problem.ts';
import { coverageFromDistances, MAX_DISTANCE_ENTRIES } from './problem.ts';

export type TravelMode = 'walk' | 'bike' | 'bus' | 'car';

export interface ModeParameters {
  speedKmh: number;
  /** Fixed minutes added to every trip (waiting, walking to the stop, parking). */
  fixedMinutes: number;
}

export const DEFAULT_MODES: Record<TravelMode, ModeParameters> = {
  walk: { speedKmh: 4.5, fixedMinutes: 0 },
  bike: { speedKmh: 15, fixedMinutes: 0 },
  bus: { speedKmh: 18, fixedMinutes: 5 },
  car: { speedKmh: 30, fixedMinutes: 3 },
};

export const DEFAULT_DETOUR_FACTOR = 1.3;

export interface AccessOptions {
  mode: TravelMode;
  detourFactor?: number;
  modes?: Partial<Record<TravelMode, ModeParameters>>;
}

function modeParameters(options: AccessOptions): ModeParameters {
  const parameters = options.modes?.[options.mode] ?? DEFAULT_MODES[options.mode];
  if (!parameters) throw new PlanningInputError('mode', `unknown travel mode "${options.mode}"`);
  if (!(parameters.speedKmh > 0)) throw new PlanningInputError('mode.speedKmh', 'must be positive');
  return parameters;
}

/** Travel minutes for a straight-line distance: metres × detour ÷ speed + fixed minutes. */
export function travelMinutes(straightMetres: number, options: AccessOptions): number {
  const detour = options.detourFactor ?? DEFAULT_DETOUR_FACTOR;
  if (!(detour >= 1)) throw new PlanningInputError('detourFactor', `must be >= 1, got ${detour}`);
  const { speedKmh, fixedMinutes } = modeParameters(options);
  return ((straightMetres * detour) / 1000 / speedKmh) * 60 + fixedMinutes;
}

/** Straight-line radius in metres reachable within `minutes` (the inverse of travelMinutes; 0 below the fixed minutes). */
export function coverageRadiusMetres(minutes: number, options: AccessOptions): number {
  const detour = options.detourFactor ?? DEFAULT_DETOUR_FACTOR;
  if (!(detour >= 1)) throw new PlanningInputError('detourFactor', `must be >= 1, got ${detour}`);
  const { speedKmh, fixedMinutes } = modeParameters(options);
  return ((Math.max(0, minutes - fixedMinutes) / 60) * speedKmh * 1000) / detour;
}

/** Travel-time matrix (minutes) from every demand point to every site, as a p-median instance. */
export function travelTimeInstance(
  demand: readonly (LatLon & { weight: number })[],
  sites: readonly LatLon[],
  options: AccessOptions,
): DistanceInstance {
  if (demand.length === 0) throw new PlanningInputError('demand', 'there is no demand point');
  if (sites.length === 0) throw new PlanningInputError('sites', 'there is no candidate site');
  if (demand.length * sites.length > MAX_DISTANCE_ENTRIES) {
    throw new PlanningInputError(
      'demand',
      `${demand.length} × ${sites.length} travel times need about ${Math.round((demand.length * sites.length * 8) / 1e9)} GB`,
    );
  }
  const checkedSites = sites.map((site, j) => requireLatLon(site.lat, site.lon, `sites[${j}]`));
  const weights = new Float64Array(demand.length);
  const distance = new Float64Array(demand.length * sites.length);
  demand.forEach((point, i) => {
    const origin = requireLatLon(point.lat, point.lon, `demand[${i}]`);
    const weight = requireFiniteNumber(point.weight, `demand[${i}].weight`);
    if (weight < 0) throw new PlanningInputError(`demand[${i}].weight`, 'must not be negative');
    weights[i] = weight;
    checkedSites.forEach((site, j) => {
      distance[i * sites.length + j] = travelMinutes(haversineMetres(origin, site), options);
    });
  });
  return { demandCount: demand.length, siteCount: sites.length, weights, distance };
}

/** Coverage sets: site j covers demand point i when its travel time is within the threshold (inclusive). */
export function coverageWithin(instance: DistanceInstance, thresholdMinutes: number): CoverageInstance {
  const threshold = requireFiniteNumber(thresholdMinutes, 'coverageThresholdMinutes');
  if (threshold <= 0) throw new PlanningInputError('coverageThresholdMinutes', 'must be positive');
  return coverageFromDistances(instance, threshold);
}
