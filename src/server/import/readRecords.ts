import Papa from 'papaparse';
import type { TSchema } from 'typebox';

interface JsonSchema {
  type?: string;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
}

/** One problem in an import file, named so a person can find and fix it. */
export interface ImportIssue {
  file: string;
  /** 1-based: the array index + 1 (JSON), the feature number (GeoJSON) or the line number (CSV). */
  row: number;
  field: string;
  message: string;
}

export class ImportError extends Error {
  constructor(readonly issues: ImportIssue[]) {
    super(
      `${issues.length} problem(s) found, nothing imported:\n` +
        issues.map((issue) => `${issue.file}:${issue.row}:${issue.field}: ${issue.message}`).join('\n'),
    );
  }
}

export interface SourceRecord {
  row: number;
  value: Record<string, unknown>;
}

export type ImportFormat = 'json' | 'csv' | 'geojson';

export function formatFromFileName(fileName: string): ImportFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.geojson')) return 'geojson';
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  throw new ImportError([
    { file: fileName, row: 0, field: '(file)', message: 'unknown file type: use .json, .csv or .geojson' },
  ]);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function readJson(file: string, text: string): SourceRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ImportError([
      { file, row: 0, field: '(file)', message: `not valid JSON: ${(error as Error).message}` },
    ]);
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  return items.map((value, index) => {
    if (!isPlainObject(value)) {
      throw new ImportError([
        { file, row: index + 1, field: '(row)', message: 'each record must be a JSON object' },
      ]);
    }
    return { row: index + 1, value };
  });
}

/**
 * The centre of an outline's largest outer ring (the area-weighted centroid of the polygon, in degrees; fine
 * for a district's reference point), or undefined when the coordinates are no rings of numbers.
 */
function outlineCentre(type: 'Polygon' | 'MultiPolygon', coordinates: unknown) {
  const isRing = (ring: unknown): ring is number[][] =>
    Array.isArray(ring) &&
    ring.length >= 4 &&
    ring.every(
      (position) =>
        Array.isArray(position) && position.length >= 2 && position.every((c) => Number.isFinite(c)),
    );
  const polygons: unknown[] =
    type === 'Polygon' ? [coordinates] : Array.isArray(coordinates) ? coordinates : [];
  let best: { area: number; lat: number; lon: number } | undefined;
  for (const polygon of polygons) {
    const outer: unknown = Array.isArray(polygon) ? polygon[0] : undefined;
    if (!isRing(outer)) return undefined;
    let twiceArea = 0;
    let x = 0;
    let y = 0;
    for (let i = 0; i < outer.length - 1; i += 1) {
      const [x0, y0] = outer[i] as [number, number];
      const [x1, y1] = outer[i + 1] as [number, number];
      const cross = x0 * y1 - x1 * y0;
      twiceArea += cross;
      x += (x0 + x1) * cross;
      y += (y0 + y1) * cross;
    }
    const area = Math.abs(twiceArea / 2);
    if (area > 0 && (!best || area > best.area))
      best = { area, lon: x / (3 * twiceArea), lat: y / (3 * twiceArea) };
  }
  return best && { lat: best.lat, lon: best.lon };
}

function readGeoJson(file: string, text: string): SourceRecord[] {
  const [collection] = readJson(file, text);
  const fileIssue = (message: string) => new ImportError([{ file, row: 0, field: 'type', message }]);
  if (
    !collection ||
    collection.value.type !== 'FeatureCollection' ||
    !Array.isArray(collection.value.features)
  ) {
    throw fileIssue('a GeoJSON import must be a FeatureCollection with a features array');
  }
  const issues: ImportIssue[] = [];
  const records = collection.value.features.map((feature: unknown, index: number): SourceRecord => {
    const row = index + 1;
    const properties = isPlainObject(feature) && isPlainObject(feature.properties) ? feature.properties : {};
    const geometry = isPlainObject(feature) ? feature.geometry : undefined;
    const coordinates = isPlainObject(geometry) ? geometry.coordinates : undefined;
    // A district with its outline: the geometry is the outline (its schema checks it); the reference point
    // comes from the properties (lat, lon) or, without them, from the outline's centre.
    if (
      isPlainObject(feature) &&
      feature.type === 'Feature' &&
      isPlainObject(geometry) &&
      (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon')
    ) {
      const { id: featureId } = feature;
      const centre = outlineCentre(geometry.type, coordinates);
      return {
        row,
        value: {
          ...(featureId !== undefined && properties.id === undefined ? { id: featureId } : {}),
          ...(centre && properties.lat === undefined && properties.lon === undefined
            ? { lat: centre.lat, lon: centre.lon }
            : {}),
          ...properties,
          outline: geometry,
        },
      };
    }
    if (
      !isPlainObject(feature) ||
      feature.type !== 'Feature' ||
      !isPlainObject(geometry) ||
      geometry.type !== 'Point' ||
      !Array.isArray(coordinates) ||
      coordinates.length < 2 ||
      !coordinates.slice(0, 2).every((c) => typeof c === 'number' && Number.isFinite(c))
    ) {
      issues.push({
        file,
        row,
        field: 'geometry',
        message:
          "each feature must be a Point with [longitude, latitude], or a district's Polygon or MultiPolygon",
      });
      return { row, value: properties };
    }
    const { id: featureId } = feature;
    return {
      row,
      value: {
        ...(featureId !== undefined && properties.id === undefined ? { id: featureId } : {}),
        ...properties,
        lon: coordinates[0],
        lat: coordinates[1],
      },
    };
  });
  if (issues.length > 0) throw new ImportError(issues);
  return records;
}

/** JSON-schema facts needed to turn a CSV cell (always text) into the value the schema expects. */
function cellKind(
  schema: JsonSchema | undefined,
): 'number' | 'integer' | 'boolean' | 'list' | 'json' | 'text' {
  if (!schema) return 'text';
  const candidates = schema.anyOf ?? [schema];
  const nonNull = candidates.find((candidate) => candidate.type !== 'null') ?? schema;
  if (nonNull.type === 'integer') return 'integer';
  if (nonNull.type === 'number') return 'number';
  if (nonNull.type === 'boolean') return 'boolean';
  if (nonNull.type === 'array') {
    const items = nonNull.items;
    return items && (items.type === 'string' || Array.isArray(items.anyOf)) && items.type !== 'object'
      ? 'list'
      : 'json';
  }
  if (nonNull.type === 'object') return 'json';
  return 'text';
}

function convertCell(raw: string, kind: ReturnType<typeof cellKind>): unknown {
  const text = raw.trim();
  switch (kind) {
    case 'integer':
    case 'number':
      return /^-?\d+([.,]\d+)?$/.test(text) ? Number(text.replace(',', '.')) : text;
    case 'boolean':
      return ['true', 'ja', 'yes', '1'].includes(text.toLowerCase())
        ? true
        : ['false', 'nein', 'no', '0'].includes(text.toLowerCase())
          ? false
          : text;
    case 'list':
      return text.split('|').map((item) => item.trim());
    case 'json':
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    default:
      return text;
  }
}

function readCsv(file: string, text: string, schema: TSchema): SourceRecord[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    delimitersToGuess: [',', ';', '\t'],
  });
  if (parsed.errors.length > 0) {
    throw new ImportError(
      parsed.errors.map((error) => ({
        file,
        row: (error.row ?? -1) + 2,
        field: '(row)',
        message: `CSV: ${error.message}`,
      })),
    );
  }
  const properties = (schema as JsonSchema).properties ?? {};
  // Line numbers: the header is line 1. Rows with embedded line breaks are rare in catalogue files.
  return parsed.data.map((cells, index) => ({
    row: index + 2,
    // An empty cell means "not given", so optional fields fall back and required ones are reported missing.
    value: Object.fromEntries(
      Object.entries(cells)
        .filter(([, raw]) => (raw ?? '').trim() !== '')
        .map(([column, raw]) => [column.trim(), convertCell(raw ?? '', cellKind(properties[column.trim()]))]),
    ),
  }));
}

export function readRecords(
  file: string,
  text: string,
  format: ImportFormat,
  schema: TSchema,
): SourceRecord[] {
  switch (format) {
    case 'json':
      return readJson(file, text);
    case 'geojson':
      return readGeoJson(file, text);
    case 'csv':
      return readCsv(file, text, schema);
  }
}
