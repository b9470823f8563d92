import { describe, expect, it } from 'vitest';
import {
  ageBandOf,
  aggregateCells,
  combineLayers,
  gridIdToCentre,
  readGridHeader,
  readGridRow,
  readPointsHeader,
  readPointsRow,
} from './demandLayers.ts';
import { type PlanningInputError } from './errors.ts';
import { latLonToLaea } from './laea.ts';

const split = (line: string) => line.split(';');

describe('Zensus grid rows', () => {
  const header = split('GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner');
  const columns = (() => {
    const read = readGridHeader(header);
    if (!read.ok) throw new Error('header');
    return read.columns;
  })();
  const centre = latLonToLaea({ lat: 51.90607, lon: 8.37855 });
  const x = Math.floor(centre.x / 100) * 100 + 50;
  const y = Math.floor(centre.y / 100) * 100 + 50;

  it('reads a cell, converting its centre from EPSG:3035 to WGS84', () => {
    const { cell, issues } = readGridRow(
      columns,
      split(`CRS3035RES100mN${y - 50}E${x - 50};${x};${y};37`),
      2,
      header,
    );
    expect(issues).toEqual([]);
    expect(cell!.residents).toBe(37);
    expect(cell!.residents65plus).toBeNull();
    expect(cell!.lat).toBeCloseTo(51.90607, 3);
    expect(cell!.lon).toBeCloseTo(8.37855, 3);
  });

  it('counts suppressed values (–, ., empty) as no residents, without a problem', () => {
    for (const value of ['–', '.', '', '-']) {
      expect(readGridRow(columns, split(`id;${x};${y};${value}`), 3, header)).toEqual({ issues: [] });
    }
  });

  it('names row and column of a value that is no number, and refuses UTM coordinates', () => {
    expect(readGridRow(columns, split(`id;${x};${y};viele`), 7, header).issues).toEqual([
      expect.objectContaining({ row: 7, field: 'Einwohner', code: 'not_a_number' }),
    ]);
    expect(readGridRow(columns, split('id;457000;5751000;5'), 8, header).issues).toEqual([
      expect.objectContaining({ row: 8, field: 'x_mp_100m', code: 'not_epsg3035' }),
    ]);
  });

  it('knows the 1 km names and reads centres from the cell id alone', () => {
    const read = readGridHeader(split('GITTER_ID_1km;Einwohner'));
    expect(read.ok && read.columns.cellSizeM).toBe(1000);
    expect(gridIdToCentre('CRS3035RES1000mN3206000E4222000')).toEqual({ x: 4_222_500, y: 3_206_500 });
    expect(gridIdToCentre('CRS3035RES100mN2689100E4337000')).toEqual({ x: 4_337_050, y: 2_689_150 });
  });

  it('sums age groups into residents and 65+, splitting a band across 65 evenly', () => {
    expect(ageBandOf('Unter18')).toEqual({ from: 0, to: 17 });
    expect(ageBandOf('a18bis29')).toEqual({ from: 18, to: 29 });
    expect(ageBandOf('a65undaelter')).toEqual({ from: 65, to: Infinity });
    const ageHeader = split(
      'GITTER_ID_100m;x_mp_100m;y_mp_100m;Unter18;a18bis29;a30bis49;a60bis69;a70undaelter',
    );
    const read = readGridHeader(ageHeader);
    if (!read.ok) throw new Error('header');
    const { cell } = readGridRow(read.columns, split(`id;${x};${y};10;10;10;10;5`), 2, ageHeader);
    expect(cell!.residents).toBe(45);
    expect(cell!.residents65plus).toBe(10); // 5 of the 60–69 band + 5 aged 70+
  });

  it('refuses a header without coordinates or residents, naming the column', () => {
    const read = readGridHeader(split('a;b;c'));
    expect(read.ok).toBe(false);
    expect(!read.ok && read.issues.map((issue) => issue.field)).toEqual(['x_mp_100m', 'Einwohner']);
  });
});

describe('points rows', () => {
  const header = split('name;lat;lon;weight;category');
  const read = readPointsHeader(header);
  if (!read.ok) throw new Error('header');

  it('reads a point with a decimal comma and a category', () => {
    expect(readPointsRow(read.columns, split('Haus Abendrot;51,91;8,38;80;Pflegeheim'), 2).point).toEqual({
      name: 'Haus Abendrot',
      lat: 51.91,
      lon: 8.38,
      weight: 80,
      category: 'Pflegeheim',
    });
  });

  it('names every wrong field of a row', () => {
    expect(
      readPointsRow(read.columns, split(';95;8.3;-1;'), 4).issues.map(
        (issue) => `${issue.row}:${issue.field}:${issue.code}`,
      ),
    ).toEqual(['4:name:missing_value', '4:lat:bad_latitude', '4:weight:negative']);
    expect(
      readPointsRow(read.columns, split('Schule;8.38;51.9;5'), 5, (p) => p.lat > 50).issues[0]!.code,
    ).toBe('outside_municipality');
    expect(readPointsHeader(split('name;lat;lon')).ok).toBe(false);
  });
});

describe('combining layers', () => {
  const point = (id: string, residents: number) => ({
    id,
    lat: 51.9,
    lon: 8.4,
    source: 'grid' as const,
    counts: { residents },
  });

  it('multiplies each layer by its weight and drops layers weighted 0', () => {
    const demand = combineLayers([
      { kind: 'grid', key: 'grid', weight: 2, points: [point('a', 10)] },
      { kind: 'districts', key: 'districts', weight: 0, points: [point('b', 100)] },
      { kind: 'points', key: 'points', weight: 0.5, points: [point('c', 4)] },
    ]);
    expect(demand.map((p) => [p.id, p.counts.residents])).toEqual([
      ['grid:a', 20],
      ['points:c', 2],
    ]);
  });

  it('refuses weights that sum to zero, naming the field', () => {
    expect(() => combineLayers([{ kind: 'grid', key: 'grid', weight: 0, points: [point('a', 1)] }])).toThrow(
      expect.objectContaining({ field: 'layerWeights' }) as PlanningInputError,
    );
    expect(() => combineLayers([{ kind: 'grid', key: 'grid', weight: -1, points: [] }])).toThrow(
      /layerWeights\[0\]\.weight/,
    );
  });

  it('combines cells into squares at their weighted centre', () => {
    const squares = aggregateCells(
      [
        { id: 'a', lat: 51.9001, lon: 8.4001, residents: 10, residents65plus: 2 },
        { id: 'b', lat: 51.9002, lon: 8.4002, residents: 30, residents65plus: 6 },
        { id: 'c', lat: 51.95, lon: 8.45, residents: 5, residents65plus: 1 },
      ],
      500,
    );
    expect(squares).toHaveLength(2);
    const first = squares.find((square) => square.cells === 2)!;
    expect(first.residents).toBe(40);
    expect(first.residents65plus).toBe(8);
    expect(first.lat).toBeCloseTo(51.900175, 6);
  });
});
