import { describe, expect, it } from 'vitest';
import {
  MAX_TOWN_HALL_ROWS,
  parseCount,
  parseCountDay,
  readTownHallCounts,
  serviceMatcher,
  type TownHallLine,
} from './townHallCounts.ts';

const services = [
  { id: 'personalausweis-beantragen', nameDe: 'Personalausweis beantragen' },
  { id: 'meldebescheinigung', nameDe: 'Meldebescheinigung' },
  { id: 'wohnsitz-anmelden', nameDe: 'Wohnsitz ummelden' },
  { id: 'wohnsitz-ummelden', nameDe: 'Wohnsitz ummelden' },
];
const today = '2026-06-30';

/** Lines as the CSV reader gives them: line 1 the header. */
const lines = (...rows: string[][]): TownHallLine[] =>
  rows.map((cells, index) => ({ row: index + 1, cells }));
const header = ['datum', 'leistung', 'anzahl'];

describe('parseCountDay', () => {
  it('reads ISO and German days', () => {
    expect(parseCountDay('2026-03-02')).toBe('2026-03-02');
    expect(parseCountDay(' 02.03.2026 ')).toBe('2026-03-02');
    expect(parseCountDay('2.3.2026')).toBe('2026-03-02');
    expect(parseCountDay('29.02.2028')).toBe('2028-02-29');
  });

  it('refuses what is no calendar day', () => {
    for (const text of [
      '30.02.2026',
      '2026-02-30',
      '2026-13-01',
      '02.03.26',
      '03/02/2026',
      '2026-3-2',
      '1.1.1999',
      '',
    ])
      expect(parseCountDay(text), text).toBeUndefined();
  });
});

describe('parseCount', () => {
  it('takes whole numbers from 0 to 100,000', () => {
    expect(parseCount('0')).toEqual({ ok: true, count: 0 });
    expect(parseCount(' 17 ')).toEqual({ ok: true, count: 17 });
    expect(parseCount('100000')).toEqual({ ok: true, count: 100000 });
  });

  it('names negative, broken and too large counts', () => {
    expect(parseCount('-3')).toMatchObject({ ok: false, code: 'negative_count' });
    expect(parseCount('3,5')).toMatchObject({ ok: false, code: 'invalid_count' });
    expect(parseCount('zwölf')).toMatchObject({ ok: false, code: 'invalid_count' });
    expect(parseCount('100001')).toMatchObject({ ok: false, code: 'count_too_large' });
  });
});

describe('serviceMatcher', () => {
  const match = serviceMatcher(services);
  it('finds a service by id or German name, in any case, and refuses a name two services share', () => {
    expect(match('meldebescheinigung')).toEqual({ id: 'meldebescheinigung' });
    expect(match(' PERSONALAUSWEIS  beantragen ')).toEqual({ id: 'personalausweis-beantragen' });
    expect(match('Wohnsitz ummelden')).toBe('ambiguous');
    expect(match('wohnsitz-ummelden')).toEqual({ id: 'wohnsitz-ummelden' });
    expect(match('Reisepass')).toBe('unknown');
  });
});

describe('readTownHallCounts', () => {
  it('reads a good file: headers in any case, ISO and German days, ids and names', () => {
    const result = readTownHallCounts(
      lines(
        ['Datum ', 'LEISTUNG', 'Anzahl'],
        ['2026-03-02', 'personalausweis-beantragen', '41'],
        ['02.03.2026', 'Meldebescheinigung', '0'],
        ['3.3.2026', 'personalausweis-beantragen', '38', ''],
      ),
      services,
      today,
    );
    expect(result).toEqual({
      ok: true,
      counts: [
        { row: 2, day: '2026-03-02', serviceId: 'personalausweis-beantragen', count: 41 },
        { row: 3, day: '2026-03-02', serviceId: 'meldebescheinigung', count: 0 },
        { row: 4, day: '2026-03-03', serviceId: 'personalausweis-beantragen', count: 38 },
      ],
    });
  });

  it('names every wrong cell with its line and column, and keeps no count', () => {
    const result = readTownHallCounts(
      lines(
        header,
        ['2026-02-30', 'meldebescheinigung', '5'],
        ['2026-03-02', 'reisepass', '5'],
        ['2026-03-02', 'meldebescheinigung', '-2'],
        ['2026-03-03', 'meldebescheinigung', '4'],
        ['03.03.2026', 'Meldebescheinigung', '6'],
        ['2026-07-01', 'meldebescheinigung', '1'],
        ['', 'Wohnsitz ummelden', ''],
        ['2026-03-04', 'meldebescheinigung', '1', 'Bemerkung'],
      ),
      services,
      today,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map(({ row, field, code }) => `${row}:${field}:${code}`)).toEqual([
      '2:datum:invalid_date',
      '3:leistung:unknown_service',
      '4:anzahl:negative_count',
      '6:leistung:duplicate_row',
      '7:datum:future_date',
      '8:datum:missing_value',
      '8:anzahl:missing_value',
      '8:leistung:ambiguous_service',
      '9:(row):extra_cells',
    ]);
    expect(result.issues[0]).toMatchObject({ value: '2026-02-30' });
    expect(result.issues[3]).toMatchObject({ firstRow: 5, value: 'Meldebescheinigung' });
  });

  it('checks the header first: a missing, unknown or repeated column stops the reading', () => {
    const result = readTownHallCounts(
      lines(['datum', 'leistung', 'Anzahl Vorgänge', 'datum'], ['2026-03-02', 'meldebescheinigung', '5']),
      services,
      today,
    );
    expect(result).toMatchObject({
      ok: false,
      issues: [
        { row: 1, field: 'Anzahl Vorgänge', code: 'unknown_column' },
        { row: 1, field: 'datum', code: 'duplicate_column' },
        { row: 1, field: 'anzahl', code: 'missing_column' },
      ],
    });
  });

  it('refuses a file without rows, and one with too many', () => {
    expect(readTownHallCounts(lines(header), services, today)).toMatchObject({
      ok: false,
      issues: [{ row: 0, field: '(file)', code: 'empty_file' }],
    });
    expect(readTownHallCounts([], services, today)).toMatchObject({ ok: false });
    const many = lines(
      header,
      ...Array.from({ length: MAX_TOWN_HALL_ROWS + 1 }, () => ['2026-03-02', 'meldebescheinigung', '1']),
    );
    expect(readTownHallCounts(many, services, today)).toMatchObject({
      ok: false,
      issues: [{ row: MAX_TOWN_HALL_ROWS + 2, field: '(file)', code: 'too_many_rows' }],
    });
  });
});
