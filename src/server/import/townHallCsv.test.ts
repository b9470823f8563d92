import { describe, expect, it } from 'vitest';
import { splitTownHallCsv } from './townHallCsv.ts';

describe('splitTownHallCsv', () => {
  it('reads semicolons with a byte-order mark and CRLF, keeping each line its number across blank lines', () => {
    const result = splitTownHallCsv(
      '\uFEFFdatum;leistung;anzahl\r\n\r\n02.03.2026;"Beglaubigung; Kopie";4\r\n;;\r\n2026-03-03;abmeldung;1',
    );
    expect(result).toEqual({
      ok: true,
      lines: [
        { row: 1, cells: ['datum', 'leistung', 'anzahl'] },
        { row: 3, cells: ['02.03.2026', 'Beglaubigung; Kopie', '4'] },
        { row: 5, cells: ['2026-03-03', 'abmeldung', '1'] },
      ],
    });
  });

  it('takes commas or tabs as the header line has them, and an Excel sep= line', () => {
    expect(splitTownHallCsv('datum,leistung,anzahl\n2026-03-02,abmeldung,3\n')).toMatchObject({
      lines: [{ row: 1 }, { row: 2, cells: ['2026-03-02', 'abmeldung', '3'] }],
    });
    expect(splitTownHallCsv('datum\tleistung\tanzahl\n2026-03-02\tabmeldung\t3')).toMatchObject({
      lines: [{ row: 1 }, { row: 2, cells: ['2026-03-02', 'abmeldung', '3'] }],
    });
    expect(splitTownHallCsv('sep=,\ndatum,leistung,anzahl\n"2026-03-02",abmeldung,3')).toMatchObject({
      lines: [
        { row: 2, cells: ['datum', 'leistung', 'anzahl'] },
        { row: 3, cells: ['2026-03-02', 'abmeldung', '3'] },
      ],
    });
  });

  it('counts the lines of a quoted cell with a line break, and names a broken quote by its line', () => {
    expect(
      splitTownHallCsv('datum;leistung;anzahl\n2026-03-02;"Beglaubigung\nKopie";4\n2026-03-03;abmeldung;1'),
    ).toMatchObject({
      lines: [{ row: 1 }, { row: 2 }, { row: 4, cells: ['2026-03-03', 'abmeldung', '1'] }],
    });
    expect(
      splitTownHallCsv('datum;leistung;anzahl\n2026-03-02;abmeldung;1\n2026-03-03;"abmeldung;1'),
    ).toMatchObject({
      ok: false,
      issues: [{ row: 3, field: '(row)', code: 'csv_syntax' }],
    });
  });
});
