import proj4 from 'proj4';
import { findColumn, parseCsv, parseStatNumber } from './csv.ts';
import { PlanningInputError, requireFiniteNumber, requireLatLon } from './errors.ts';
import { haversineMetres, type LatLon } from './geo.ts';

/** The groups a demand point can carry counts for. */
export type DemandGroup = 'residents' | 'residents65plus' | 'limitedMobility' | 'pastBookings';
export const DEMAND_GROUPS: readonly DemandGroup[] = [
  'residents',
  'residents65plus',
  'limitedMobility',
  'pastBookings',
];

export interface DemandPoint extends LatLon {
  id: string;
  name?: string;
  source: 'district' | 'grid' | 'points' | 'pastContacts' | 'departmentEstimates' | 'suggestions';
  /** Head counts per group (people, or bookings for `pastBookings`). */
  counts: Partial<Record<DemandGroup, number>>;
}

export interface WeightedDemandPoint extends DemandPoint {
  /** Combined weight from {@link combineDemandWeights}. */
  weight: number;
  distanceToTownHallKm?: number;
}

/**
 * Per-scenario factors. The weight of a demand point is
 *
 *   weight = (residents·f_res + residents65plus·f_65 + limitedMobility·f_mob + pastBookings·f_book)
 *            × (1 + f_dist · min(distanceToTownHallKm, distanceCapKm))
 *
 * Group counts overlap (a resident aged 70 is in `residents` and `residents65plus`), so f_65 and f_mob
 * are *extra* weight on top of being a resident. The distance term raises the weight of places far from
 * the town hall, where a mobile stop saves the most travel; it is capped so one remote farm cannot
 * dominate.
 */
export interface DemandWeightFactors {
  residents: number;
  residents65plus: number;
  limitedMobility: number;
  pastBookings: number;
  /** Extra weight per km of distance to the town hall (0 switches the term off). */
  distancePerKm: number;
  distanceCapKm: number;
  townHall?: LatLon;
}

export const DEFAULT_DEMAND_WEIGHT_FACTORS: DemandWeightFactors = {
  residents: 1,
  residents65plus: 1,
  limitedMobility: 2,
  pastBookings: 0,
  distancePerKm: 0,
  distanceCapKm: 10,
};

export interface DistrictInput {
  id: string;
  name: string;
  lat: number;
  lon: number;
  population: number;
  /** Share of residents aged 65+, 0..1; falls back to the scenario default. */
  share65plus?: number;
  /** Share of residents with limited mobility, 0..1; falls back to the scenario default. */
  shareLimitedMobility?: number;
}

export interface DistrictDefaults {
  share65plus?: number;
  shareLimitedMobility?: number;
}

function requireShare(value: number | undefined, field: string): number {
  if (value === undefined) return 0;
  const share = requireFiniteNumber(value, field);
  if (share < 0 || share > 1)
    throw new PlanningInputError(field, `a share must be between 0 and 1, got ${share}`);
  return share;
}

/** One demand point per district at its reference point. */
export function demandFromDistricts(
  districts: readonly DistrictInput[],
  defaults: DistrictDefaults = {},
): DemandPoint[] {
  if (!Array.isArray(districts as unknown) || districts.length === 0) {
    throw new PlanningInputError('districts', 'at least one district is needed');
  }
  const seen = new Set<string>();
  return districts.map((district, index) => {
    const field = `districts[${index}]`;
    if (typeof district.id !== 'string' || district.id === '')
      throw new PlanningInputError(`${field}.id`, 'missing id');
    if (seen.has(district.id)) throw new PlanningInputError(`${field}.id`, `duplicate id "${district.id}"`);
    seen.add(district.id);
    const { lat, lon } = requireLatLon(district.lat, district.lon, field);
    const population = requireFiniteNumber(district.population, `${field}.population`);
    if (population < 0) throw new PlanningInputError(`${field}.population`, 'must not be negative');
    const share65 = requireShare(district.share65plus ?? defaults.share65plus, `${field}.share65plus`);
    const shareMobility = requireShare(
      district.shareLimitedMobility ?? defaults.shareLimitedMobility,
      `${field}.shareLimitedMobility`,
    );
    return {
      id: district.id,
      name: district.name,
      lat,
      lon,
      source: 'district' as const,
      counts: {
        residents: population,
        residents65plus: population * share65,
        limitedMobility: population * shareMobility,
      },
    };
  });
}

const LAEA = 'EPSG:3035';
proj4.defs(
  LAEA,
  '+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
);

/** Converts ETRS89-LAEA (EPSG:3035) metres to WGS84 degrees. */
export function laeaToWgs84(x: number, y: number): LatLon {
  const [lon, lat] = proj4(LAEA, 'EPSG:4326', [x, y]) as [number, number];
  return { lat, lon };
}

/** Cell centre from a Zensus GITTER_ID_100m such as "CRS3035RES100mN2689100E4337000" (lower-left corner). */
export function gridIdToCentre(gridId: string): { x: number; y: number } | undefined {
  const match = /RES(\d+)mN(\d+)E(\d+)/i.exec(gridId);
  if (!match) return undefined;
  const size = Number(match[1]);
  return { x: Number(match[3]) + size / 2, y: Number(match[2]) + size / 2 };
}

export interface GridOptions {
  share65plus?: number;
  shareLimitedMobility?: number;
  /** Drop cells with fewer residents than this (after suppression → 0). Default 1. */
  minResidents?: number;
}

/**
 * Zensus 2022 100 m grid: columns `x_mp_100m;y_mp_100m;Einwohner` (cell centres, EPSG:3035) or
 * `GITTER_ID_100m;…;Einwohner`. Optional columns for 65+ (`Einwohner_65plus`, `ab65`) are used when present.
 */
export function demandFromZensusGrid(csvText: string, options: GridOptions = {}): DemandPoint[] {
  const table = parseCsv(csvText, 'grid');
  const xColumn = findColumn(table.header, ['x_mp_100m', 'x_mp', 'x']);
  const yColumn = findColumn(table.header, ['y_mp_100m', 'y_mp', 'y']);
  const idColumn = findColumn(table.header, ['GITTER_ID_100m', 'gitter_id', 'grid_id']);
  const residentsColumn = findColumn(table.header, ['Einwohner', 'einwohner', 'population', 'residents']);
  const seniorsColumn = findColumn(table.header, [
    'Einwohner_65plus',
    'ab65',
    'residents65plus',
    'age65plus',
  ]);
  if (residentsColumn < 0) throw new PlanningInputError('grid.Einwohner', 'no "Einwohner" column found');
  if ((xColumn < 0 || yColumn < 0) && idColumn < 0) {
    throw new PlanningInputError('grid.x_mp_100m', 'need x_mp_100m and y_mp_100m or GITTER_ID_100m columns');
  }
  const minResidents = options.minResidents ?? 1;
  const points: DemandPoint[] = [];
  table.rows.forEach((row, index) => {
    const line = table.lineNumbers[index]!;
    let centre: { x: number; y: number } | undefined;
    if (xColumn >= 0 && yColumn >= 0) {
      centre = {
        x: parseStatNumber(row[xColumn], `grid line ${line}.x_mp_100m`),
        y: parseStatNumber(row[yColumn], `grid line ${line}.y_mp_100m`),
      };
    } else {
      centre = gridIdToCentre(row[idColumn] ?? '');
      if (!centre)
        throw new PlanningInputError(`grid line ${line}.GITTER_ID_100m`, `cannot read "${row[idColumn]}"`);
    }
    if (centre.x < 1_000_000 || centre.x > 8_000_000 || centre.y < 1_000_000 || centre.y > 6_000_000) {
      throw new PlanningInputError(
        `grid line ${line}`,
        `(${centre.x}, ${centre.y}) is not an EPSG:3035 coordinate`,
      );
    }
    const residents = parseStatNumber(row[residentsColumn], `grid line ${line}.Einwohner`);
    if (residents < 0) throw new PlanningInputError(`grid line ${line}.Einwohner`, 'must not be negative');
    if (residents < minResidents) return;
    const seniors =
      seniorsColumn >= 0
        ? parseStatNumber(row[seniorsColumn], `grid line ${line}.65plus`)
        : residents * (options.share65plus ?? 0);
    const { lat, lon } = laeaToWgs84(centre.x, centre.y);
    points.push({
      id:
        idColumn >= 0 && row[idColumn]
          ? row[idColumn]!
          : `grid-${Math.round(centre.x)}-${Math.round(centre.y)}`,
      lat,
      lon,
      source: 'grid',
      counts: {
        residents,
        residents65plus: seniors,
        limitedMobility: residents * (options.shareLimitedMobility ?? 0),
      },
    });
  });
  if (points.length === 0) throw new PlanningInputError('grid', 'no populated grid cell found');
  return points;
}

const GROUP_ALIASES: Record<string, DemandGroup> = {
  residents: 'residents',
  einwohner: 'residents',
  residents65plus: 'residents65plus',
  '65plus': 'residents65plus',
  senioren: 'residents65plus',
  limitedmobility: 'limitedMobility',
  mobility: 'limitedMobility',
  bookings: 'pastBookings',
  pastbookings: 'pastBookings',
  buchungen: 'pastBookings',
};

/** CSV of points `lat, lon, weight[, group][, id]`; group defaults to residents. */
export function demandFromPointsCsv(csvText: string): DemandPoint[] {
  const table = parseCsv(csvText, 'points');
  const latColumn = findColumn(table.header, ['lat', 'latitude', 'breite']);
  const lonColumn = findColumn(table.header, ['lon', 'lng', 'longitude', 'laenge', 'länge']);
  const weightColumn = findColumn(table.header, ['weight', 'gewicht', 'count', 'anzahl']);
  const groupColumn = findColumn(table.header, ['group', 'gruppe']);
  const idColumn = findColumn(table.header, ['id', 'name']);
  if (latColumn < 0) throw new PlanningInputError('points.lat', 'no "lat" column found');
  if (lonColumn < 0) throw new PlanningInputError('points.lon', 'no "lon" column found');
  if (weightColumn < 0) throw new PlanningInputError('points.weight', 'no "weight" column found');
  const points = table.rows.map((row, index): DemandPoint => {
    const line = table.lineNumbers[index]!;
    const field = `points line ${line}`;
    const lat = parseStatNumber(row[latColumn], `${field}.lat`);
    const lon = parseStatNumber(row[lonColumn], `${field}.lon`);
    requireLatLon(lat, lon, field);
    const weight = parseStatNumber(row[weightColumn], `${field}.weight`);
    if (weight < 0) throw new PlanningInputError(`${field}.weight`, 'must not be negative');
    const rawGroup = groupColumn >= 0 ? (row[groupColumn] ?? '').trim() : '';
    const group =
      rawGroup === '' ? 'residents' : GROUP_ALIASES[rawGroup.toLowerCase().replace(/[\s_-]/g, '')];
    if (!group) throw new PlanningInputError(`${field}.group`, `unknown group "${rawGroup}"`);
    return {
      id: idColumn >= 0 && row[idColumn] ? row[idColumn]! : `point-${line}`,
      lat,
      lon,
      source: 'points',
      counts: { [group]: weight },
    };
  });
  if (points.length === 0) throw new PlanningInputError('points', 'the file has no data rows');
  return points;
}

/** Applies the documented weight formula (see {@link DemandWeightFactors}). */
export function combineDemandWeights(
  points: readonly DemandPoint[],
  factors: DemandWeightFactors = DEFAULT_DEMAND_WEIGHT_FACTORS,
): WeightedDemandPoint[] {
  if (points.length === 0) throw new PlanningInputError('demand', 'there is no demand point');
  for (const key of [
    'residents',
    'residents65plus',
    'limitedMobility',
    'pastBookings',
    'distancePerKm',
    'distanceCapKm',
  ] as const) {
    const value = requireFiniteNumber(factors[key], `factors.${key}`);
    if (value < 0) throw new PlanningInputError(`factors.${key}`, 'must not be negative');
  }
  if (factors.distancePerKm > 0 && !factors.townHall) {
    throw new PlanningInputError('factors.townHall', 'a distance factor needs the town hall position');
  }
  const townHall = factors.townHall
    ? requireLatLon(factors.townHall.lat, factors.townHall.lon, 'factors.townHall')
    : undefined;
  return points.map((point) => {
    const c = point.counts;
    const base =
      (c.residents ?? 0) * factors.residents +
      (c.residents65plus ?? 0) * factors.residents65plus +
      (c.limitedMobility ?? 0) * factors.limitedMobility +
      (c.pastBookings ?? 0) * factors.pastBookings;
    const distanceKm = townHall ? haversineMetres(point, townHall) / 1000 : undefined;
    const multiplier =
      distanceKm !== undefined ? 1 + factors.distancePerKm * Math.min(distanceKm, factors.distanceCapKm) : 1;
    return {
      ...point,
      weight: base * multiplier,
      ...(distanceKm !== undefined ? { distanceToTownHallKm: distanceKm } : {}),
    };
  });
}

/** Merges demand from several sources (e.g. grid residents plus booking origins). */
export function mergeDemand(...sources: readonly (readonly DemandPoint[])[]): DemandPoint[] {
  const merged: DemandPoint[] = [];
  const ids = new Set<string>();
  for (const source of sources) {
    for (const point of source) {
      let id = point.id;
      for (let k = 2; ids.has(id); k++) id = `${point.id}#${k}`;
      ids.add(id);
      merged.push({ ...point, id });
    }
  }
  return merged;
}
