/**
 * Demand layers of the needs analysis (tracker issue 13): reading the Zensus 2022 grid and points CSVs row by
 * row (so a server or CLI can stream a file of any size through them), and combining the layers a scenario
 * uses with the weights the planner sets. Pure: no I/O.
 *
 * Extension point: a new layer kind (e.g. citizens' suggestions) is one more entry in
 * {@link DEMAND_LAYER_KINDS} plus a loader on the server that turns its stored rows into {@link DemandPoint}s.
 */
import { parseStatNumber } from './csv.ts';
import type { DemandPoint } from './demand.ts';
import { PlanningInputError } from './errors.ts';
import type { LatLon } from './geo.ts';
import { isLaeaEurope, laeaToLatLon } from './laea.ts';

/** Every kind of demand layer a scenario can weigh. Add a kind here to add a layer (see the module note). */
export const DEMAND_LAYER_KINDS = [
  'districts',
  'grid',
  'points',
  'pastContacts',
  'departmentEstimates',
  'suggestions',
] as const;
export type DemandLayerKind = (typeof DEMAND_LAYER_KINDS)[number];
/** Layer kinds whose data is an uploaded file (one stored layer each, named by its id). */
export const UPLOADED_LAYER_KINDS = ['grid', 'points'] as const satisfies readonly DemandLayerKind[];

/** Where the Zensus grid's figures come from, as the licence asks them to be named. */
export const ZENSUS_SOURCE = 'Zensus 2022, Statistisches Bundesamt (Destatis), Gitterzellen';
export const ZENSUS_REFERENCE_DATE = '2022-05-15';
export const ZENSUS_LICENCE =
  'Datenlizenz Deutschland – Namensnennung – Version 2.0, © Statistisches Bundesamt (Destatis)';

/** A file:row:field problem; `row` is the 1-based line of the file, 0 for the file as a whole. */
export interface LayerIssue {
  row: number;
  field: string;
  code:
    | 'empty_file'
    | 'missing_column'
    | 'not_a_number'
    | 'negative'
    | 'not_epsg3035'
    | 'bad_grid_id'
    | 'none_in_municipality'
    | 'bad_latitude'
    | 'bad_longitude'
    | 'outside_municipality'
    | 'missing_value'
    | 'too_long'
    | 'too_many_rows';
  message: string;
  value?: string;
}

const shorten = (value: string | undefined) => (value ?? '').slice(0, 60);

// ---------------------------------------------------------------------------------------------------------
// Zensus grid

/** An age band column such as `Unter18`, `a18bis29`, `a65undaelter`, `ab65`, `Einwohner_65plus`. */
export interface AgeBand {
  column: number;
  name: string;
  from: number;
  /** Inclusive upper age; Infinity for "and older". */
  to: number;
}

export function ageBandOf(name: string): Omit<AgeBand, 'column' | 'name'> | undefined {
  const n = name
    .trim()
    .toLowerCase()
    .replace(/^einwohner_?/, '');
  let m = /^unter_?(\d+)$/.exec(n);
  if (m) return { from: 0, to: Number(m[1]) - 1 };
  m = /^a?_?(\d+)_?bis_?(\d+)$/.exec(n);
  if (m) return { from: Number(m[1]), to: Number(m[2]) };
  m = /^(?:a|ab)?_?(\d+)_?(?:undaelter|und_aelter|undälter|plus|\+)$/.exec(n) ?? /^ab_?(\d+)$/.exec(n);
  if (m) return { from: Number(m[1]), to: Infinity };
  return undefined;
}

/** Share of a band's people aged 65 and over, assuming ages evenly spread within the band. */
function share65(band: Omit<AgeBand, 'column' | 'name'>): number {
  if (band.from >= 65) return 1;
  if (band.to < 65) return 0;
  return (band.to + 1 - 65) / (band.to + 1 - band.from);
}

export interface GridColumns {
  cellSizeM: 100 | 1000;
  id: number;
  x: number;
  y: number;
  residents: number;
  ageBands: AgeBand[];
}

const findIndex = (header: readonly string[], names: readonly string[]) => {
  const lower = header.map((name) => name.trim().replace(/^"|"$/g, '').toLowerCase());
  for (const name of names) {
    const index = lower.indexOf(name.toLowerCase());
    if (index >= 0) return index;
  }
  return -1;
};

/**
 * The columns of a Zensus grid file as destatis ships it: `GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner` or
 * the 1 km names (`GITTER_ID_1km;x_mp_1km;y_mp_1km`), cell centres in EPSG:3035; optionally age band columns
 * (residents then are their sum where there is no `Einwohner` column).
 */
export function readGridHeader(
  header: readonly string[],
): { ok: true; columns: GridColumns } | { ok: false; issues: LayerIssue[] } {
  const is1km = header.some((name) => /_1km$/i.test(name.trim()));
  const suffix = is1km ? '1km' : '100m';
  const id = findIndex(header, [`GITTER_ID_${suffix}`, 'gitter_id']);
  const x = findIndex(header, [`x_mp_${suffix}`, 'x_mp']);
  const y = findIndex(header, [`y_mp_${suffix}`, 'y_mp']);
  const residents = findIndex(header, ['Einwohner', 'insgesamt_bevoelkerung', 'insgesamt']);
  const ageBands: AgeBand[] = [];
  header.forEach((name, column) => {
    if (column === residents) return;
    const band = ageBandOf(name);
    if (band) ageBands.push({ column, name: name.trim(), ...band });
  });
  const issues: LayerIssue[] = [];
  if ((x < 0 || y < 0) && id < 0) {
    issues.push({
      row: 1,
      field: `x_mp_${suffix}`,
      code: 'missing_column',
      message: `need the columns x_mp_${suffix} and y_mp_${suffix} or GITTER_ID_${suffix}`,
    });
  }
  if (residents < 0 && ageBands.length === 0) {
    issues.push({
      row: 1,
      field: 'Einwohner',
      code: 'missing_column',
      message: 'need the column Einwohner or age group columns',
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, columns: { cellSizeM: is1km ? 1000 : 100, id, x, y, residents, ageBands } };
}

export interface GridCell extends LatLon {
  id: string;
  residents: number;
  /** Null where the file has no age groups. */
  residents65plus: number | null;
}

/** `CRS3035RES100mN2689100E4337000` (lower-left corner) → the cell centre. */
export function gridIdToCentre(gridId: string): { x: number; y: number } | undefined {
  const match = /RES(\d+)(k?)mN(\d+)E(\d+)/i.exec(gridId);
  if (!match) return undefined;
  const size = Number(match[1]) * (match[2] ? 1000 : 1);
  return { x: Number(match[4]) + size / 2, y: Number(match[3]) + size / 2 };
}

function statNumber(
  raw: string | undefined,
  row: number,
  field: string,
  issues: LayerIssue[],
): number | undefined {
  try {
    const value = parseStatNumber(raw, field);
    if (value < 0) {
      issues.push({ row, field, code: 'negative', message: 'must not be negative', value: shorten(raw) });
      return undefined;
    }
    return value;
  } catch {
    issues.push({
      row,
      field,
      code: 'not_a_number',
      message: `"${shorten(raw)}" is not a number`,
      value: shorten(raw),
    });
    return undefined;
  }
}

/**
 * One row of a grid file: the cell (converted to WGS84) or the row's problems. Suppressed values (`–`, `.`,
 * empty) count as 0; a cell without residents yields `cell: undefined` and no issue.
 */
export function readGridRow(
  columns: GridColumns,
  cells: readonly string[],
  row: number,
  header: readonly string[],
): { cell?: GridCell; issues: LayerIssue[] } {
  const issues: LayerIssue[] = [];
  let x: number | undefined;
  let y: number | undefined;
  if (columns.x >= 0 && columns.y >= 0) {
    x = statNumber(cells[columns.x], row, header[columns.x]!.trim(), issues);
    y = statNumber(cells[columns.y], row, header[columns.y]!.trim(), issues);
  } else {
    const centre = gridIdToCentre(cells[columns.id] ?? '');
    if (!centre) {
      issues.push({
        row,
        field: header[columns.id]!.trim(),
        code: 'bad_grid_id',
        message: `cannot read the cell id "${shorten(cells[columns.id])}"`,
        value: shorten(cells[columns.id]),
      });
    } else ({ x, y } = centre);
  }
  if (x !== undefined && y !== undefined && !isLaeaEurope(x, y)) {
    issues.push({
      row,
      field: header[columns.x >= 0 ? columns.x : columns.id]!.trim(),
      code: 'not_epsg3035',
      message: `(${x}, ${y}) is not an EPSG:3035 (ETRS89-LAEA) position in Europe: is the file in another coordinate system?`,
      value: `${x} ${y}`,
    });
  }
  let residents = 0;
  let seniors: number | null = null;
  if (columns.ageBands.length > 0) {
    let sum = 0;
    seniors = 0;
    for (const band of columns.ageBands) {
      const value = statNumber(cells[band.column], row, band.name, issues) ?? 0;
      sum += value;
      seniors += value * share65(band);
    }
    residents = sum;
  }
  if (columns.residents >= 0) {
    residents = statNumber(cells[columns.residents], row, header[columns.residents]!.trim(), issues) ?? 0;
  }
  if (issues.length > 0 || x === undefined || y === undefined) return { issues };
  if (residents <= 0) return { issues };
  const { lat, lon } = laeaToLatLon(x, y);
  const id =
    columns.id >= 0 && cells[columns.id] ? cells[columns.id]!.trim() : `${Math.round(x)}-${Math.round(y)}`;
  return {
    cell: {
      id,
      lat,
      lon,
      residents,
      residents65plus: seniors === null ? null : Math.min(seniors, residents),
    },
    issues,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Points CSV

export interface PointColumns {
  name: number;
  lat: number;
  lon: number;
  weight: number;
  category: number;
}

/** `name;lat;lon;weight[;category]` (German names `name;breite;laenge;gewicht;kategorie` also work). */
export function readPointsHeader(
  header: readonly string[],
): { ok: true; columns: PointColumns } | { ok: false; issues: LayerIssue[] } {
  const columns = {
    name: findIndex(header, ['name', 'bezeichnung']),
    lat: findIndex(header, ['lat', 'latitude', 'breite']),
    lon: findIndex(header, ['lon', 'lng', 'longitude', 'laenge', 'länge']),
    weight: findIndex(header, ['weight', 'gewicht', 'anzahl']),
    category: findIndex(header, ['category', 'kategorie']),
  };
  const issues: LayerIssue[] = (['name', 'lat', 'lon', 'weight'] as const)
    .filter((key) => columns[key] < 0)
    .map((key) => ({
      row: 1,
      field: key,
      code: 'missing_column' as const,
      message: `the column "${key}" is missing (name;lat;lon;weight[;category])`,
    }));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, columns };
}

export interface LayerPoint extends LatLon {
  name: string;
  weight: number;
  category: string | null;
}

/** One row of a points CSV; coordinates in WGS84 degrees (a decimal comma is fine). */
export function readPointsRow(
  columns: PointColumns,
  cells: readonly string[],
  row: number,
  contains?: (point: LatLon) => boolean,
): { point?: LayerPoint; issues: LayerIssue[] } {
  const issues: LayerIssue[] = [];
  const name = (cells[columns.name] ?? '').trim();
  if (name === '') issues.push({ row, field: 'name', code: 'missing_value', message: 'the name is empty' });
  else if (name.length > 200)
    issues.push({ row, field: 'name', code: 'too_long', message: 'at most 200 characters' });
  const number = (field: 'lat' | 'lon' | 'weight') => {
    const raw = (cells[columns[field]] ?? '').trim();
    if (raw === '') {
      issues.push({ row, field, code: 'missing_value', message: `the ${field} is empty` });
      return undefined;
    }
    const value = Number(raw.replace(',', '.'));
    if (!Number.isFinite(value) || !/^-?\d+([.,]\d+)?$/.test(raw)) {
      issues.push({
        row,
        field,
        code: 'not_a_number',
        message: `"${shorten(raw)}" is not a number`,
        value: shorten(raw),
      });
      return undefined;
    }
    return value;
  };
  const lat = number('lat');
  const lon = number('lon');
  const weight = number('weight');
  if (lat !== undefined && (lat < -90 || lat > 90)) {
    issues.push({
      row,
      field: 'lat',
      code: 'bad_latitude',
      message: `latitude ${lat} is outside -90..90`,
      value: String(lat),
    });
  }
  if (lon !== undefined && (lon < -180 || lon > 180)) {
    issues.push({
      row,
      field: 'lon',
      code: 'bad_longitude',
      message: `longitude ${lon} is outside -180..180`,
      value: String(lon),
    });
  }
  if (weight !== undefined && weight < 0) {
    issues.push({
      row,
      field: 'weight',
      code: 'negative',
      message: 'must not be negative',
      value: String(weight),
    });
  }
  const category = columns.category >= 0 ? (cells[columns.category] ?? '').trim() : '';
  if (category.length > 100)
    issues.push({ row, field: 'category', code: 'too_long', message: 'at most 100 characters' });
  if (issues.length > 0 || lat === undefined || lon === undefined || weight === undefined) return { issues };
  if (contains && !contains({ lat, lon })) {
    issues.push({
      row,
      field: 'lat',
      code: 'outside_municipality',
      message: `(${lat}, ${lon}) lies outside the municipality: are latitude and longitude swapped?`,
      value: `${lat} ${lon}`,
    });
    return { issues };
  }
  return { point: { name, lat, lon, weight, category: category === '' ? null : category }, issues };
}

// ---------------------------------------------------------------------------------------------------------
// Combining layers

/** A layer's demand with the weight the planner gave it; `key` names it in errors (`layerWeights[i]`). */
export interface WeightedLayer {
  kind: DemandLayerKind;
  key: string;
  weight: number;
  points: readonly DemandPoint[];
}

/**
 * The demand of a scenario from its layers: every point's counts multiplied by its layer's weight; layers
 * weighted 0 drop out. Weights that sum to zero (or a negative weight) are refused naming the field.
 */
export function combineLayers(layers: readonly WeightedLayer[], field = 'layerWeights'): DemandPoint[] {
  layers.forEach((layer, index) => {
    if (!Number.isFinite(layer.weight) || layer.weight < 0) {
      throw new PlanningInputError(`${field}[${index}].weight`, 'a layer weight must be 0 or more', {
        reason: 'negative_layer_weight',
      });
    }
  });
  const total = layers.reduce((sum, layer) => sum + layer.weight, 0);
  if (layers.length === 0 || total <= 0) {
    throw new PlanningInputError(field, 'the layer weights sum to zero: give at least one layer a weight', {
      reason: 'layer_weights_zero',
    });
  }
  const combined: DemandPoint[] = [];
  for (const layer of layers) {
    if (layer.weight === 0) continue;
    for (const point of layer.points) {
      const counts: DemandPoint['counts'] = {};
      for (const [group, value] of Object.entries(point.counts) as [keyof DemandPoint['counts'], number][]) {
        counts[group] = value * layer.weight;
      }
      combined.push({ ...point, id: `${layer.key}:${point.id}`, counts });
    }
  }
  return combined;
}

/**
 * Combines grid cells into squares of `sizeMetres` (their people summed, at their weighted centre) so a
 * scenario's model stays small: a 100 m grid of a town has tens of thousands of cells.
 */
export function aggregateCells(
  cells: readonly (LatLon & { id: string; residents: number; residents65plus: number })[],
  sizeMetres: number,
): (LatLon & { id: string; residents: number; residents65plus: number; cells: number })[] {
  if (cells.length === 0) return [];
  const dLat = sizeMetres / 111_320;
  const meanLat = cells.reduce((sum, cell) => sum + cell.lat, 0) / cells.length;
  const dLon = sizeMetres / (111_320 * Math.cos((meanLat * Math.PI) / 180));
  const squares = new Map<
    string,
    { lat: number; lon: number; residents: number; residents65plus: number; cells: number }
  >();
  for (const cell of cells) {
    const key = `${Math.floor(cell.lat / dLat)}:${Math.floor(cell.lon / dLon)}`;
    const square = squares.get(key) ?? { lat: 0, lon: 0, residents: 0, residents65plus: 0, cells: 0 };
    square.lat += cell.lat * cell.residents;
    square.lon += cell.lon * cell.residents;
    square.residents += cell.residents;
    square.residents65plus += cell.residents65plus;
    square.cells += 1;
    squares.set(key, square);
  }
  return [...squares.entries()]
    .filter(([, square]) => square.residents > 0)
    .map(([key, square]) => ({
      id: `sq${key}`,
      lat: square.lat / square.residents,
      lon: square.lon / square.residents,
      residents: square.residents,
      residents65plus: square.residents65plus,
      cells: square.cells,
    }));
}
