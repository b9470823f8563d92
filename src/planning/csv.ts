import { PlanningInputError } from './errors.ts';

export interface CsvTable {
  header: string[];
  rows: string[][];
  /** 1-based line numbers of `rows` in the source text, for error messages. */
  lineNumbers: number[];
}

/** Splits one CSV line, honouring double quotes ("" escapes a quote). */
export function splitLine(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let k = 0; k < line.length; k++) {
    const ch = line[k]!;
    if (quoted) {
      if (ch === '"' && line[k + 1] === '"') {
        cell += '"';
        k++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

/** Picks `;`, `,` or tab by what splits the header line into the most columns. */
export function detectDelimiter(headerLine: string): string {
  const candidates = [';', ',', '\t'];
  let best = ';';
  let bestCount = 0;
  for (const candidate of candidates) {
    const count = splitLine(headerLine, candidate).length;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** Parses CSV text with a header row; semicolon, comma or tab separated; a BOM is ignored. */
export function parseCsv(text: string, field = 'csv'): CsvTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first < 0) throw new PlanningInputError(field, 'the file is empty');
  const delimiter = detectDelimiter(lines[first]!);
  const header = splitLine(lines[first]!, delimiter).map((name) => name.replace(/^"|"$/g, ''));
  const rows: string[][] = [];
  const lineNumbers: number[] = [];
  for (let k = first + 1; k < lines.length; k++) {
    if (lines[k]!.trim() === '') continue;
    rows.push(splitLine(lines[k]!, delimiter));
    lineNumbers.push(k + 1);
  }
  return { header, rows, lineNumbers };
}

export function findColumn(header: readonly string[], names: readonly string[]): number {
  const normalised = header.map((name) => name.trim().toLowerCase());
  for (const name of names) {
    const index = normalised.indexOf(name.toLowerCase());
    if (index >= 0) return index;
  }
  return -1;
}

/**
 * Reads a number in German or English notation ("1.234,5", "1234.5", "1 234"). Suppressed values
 * ("-", "–", "—", ".", "x", "/", empty) count as 0, as the statistics offices publish them.
 */
export function parseStatNumber(raw: string | undefined, field: string): number {
  const value = (raw ?? '').trim();
  if (value === '' || /^[-–—./x]$/i.test(value)) return 0;
  let normalised = value.replace(/\s/g, '');
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(normalised))
    normalised = normalised.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d+,\d+$/.test(normalised)) normalised = normalised.replace(',', '.');
  else if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(normalised)) normalised = normalised.replace(/,/g, '');
  const number = Number(normalised);
  if (!Number.isFinite(number)) throw new PlanningInputError(field, `"${value}" is not a number`);
  return number;
}
