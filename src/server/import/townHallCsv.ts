import Papa from 'papaparse';
import type { TownHallIssue, TownHallLine } from '../../domain/townHallCounts.ts';

/** The longest counts file accepted (characters): about 20,000 rows of a long service name each. */
export const MAX_TOWN_HALL_FILE_CHARS = 1_000_000;

export type TownHallCsv = { ok: true; lines: TownHallLine[] } | { ok: false; issues: TownHallIssue[] };

/**
 * Splits a counts file into lines of cells, as German Excel writes CSV and as other programs do: semicolons,
 * commas or tabs (the header line decides; an Excel `sep=;` first line names it), a UTF-8 byte-order mark,
 * CRLF or LF, quoted cells. Each line keeps its line number in the file, so every problem can name it. Blank
 * lines are left out.
 */
export function splitTownHallCsv(text: string): TownHallCsv {
  let body = text.replace(/^\uFEFF/, '');
  let lineOffset = 0;
  let delimiter: string | undefined;
  const sepLine = /^sep=(.)\r?\n/i.exec(body);
  if (sepLine) {
    delimiter = sepLine[1];
    body = body.slice(sepLine[0].length);
    lineOffset = 1;
  }
  const headerLine = body.split(/\r?\n/, 1)[0] ?? '';
  delimiter ??= headerLine.includes(';') ? ';' : headerLine.includes('\t') ? '\t' : ',';

  const lines: TownHallLine[] = [];
  const issues: TownHallIssue[] = [];
  let start = 0;
  let line = 1 + lineOffset;
  Papa.parse<string[]>(body, {
    delimiter,
    skipEmptyLines: false,
    step: (result) => {
      const end = result.meta.cursor;
      const row = line;
      for (let index = start; index < end; index++) if (body.charCodeAt(index) === 10) line++;
      start = end;
      for (const error of result.errors) {
        issues.push({ row, field: '(row)', code: 'csv_syntax', message: `CSV: ${error.message}` });
      }
      const cells = result.data;
      if (cells.every((cell) => cell.trim() === '')) return;
      lines.push({ row, cells });
    },
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, lines };
}
