/**
 * The town hall's daily counts per service (Bürgeramt im Rathaus), as the city's staff export them from their
 * spreadsheet: one row per day and service with the columns `datum;leistung;anzahl` (tracker issue 10,
 * "comparison with the town hall"). Pure: the server parses the CSV into cells and loads the catalogue; this
 * module checks every row and says, for each problem, its line and column.
 *
 * - `datum`: the day, `2026-03-02` (ISO) or `02.03.2026` / `2.3.2026` (German); a real calendar day, not after
 *   today.
 * - `leistung`: the service's id in the catalogue (`personalausweis-beantragen`) or its German name, in any case.
 * - `anzahl`: a whole number from 0 to 100,000.
 * Column names are matched without regard to case and surrounding blanks; other columns are refused, so a typo
 * in a header never passes silently. A day and service may appear once per file.
 */

/** The columns of a town-hall counts file, in the order the template prints them. */
export const townHallColumns = ['datum', 'leistung', 'anzahl'] as const;
export type TownHallColumn = (typeof townHallColumns)[number];

/** The most data rows one file may hold (two years of 30 services on every working day fit). */
export const MAX_TOWN_HALL_ROWS = 20_000;
/** The largest count of one service on one day. */
export const MAX_TOWN_HALL_COUNT = 100_000;

export type TownHallIssueCode =
  | 'empty_file'
  | 'file_too_large'
  | 'too_many_rows'
  | 'csv_syntax'
  | 'missing_column'
  | 'unknown_column'
  | 'duplicate_column'
  | 'extra_cells'
  | 'missing_value'
  | 'invalid_date'
  | 'future_date'
  | 'unknown_service'
  | 'ambiguous_service'
  | 'invalid_count'
  | 'negative_count'
  | 'count_too_large'
  | 'duplicate_row';

/** One problem of a file: its line (1 is the header; 0 the file as a whole), column and kind. */
export interface TownHallIssue {
  row: number;
  /** The column (`datum`, `leistung`, `anzahl`), `(row)` for the whole line or `(file)`. */
  field: string;
  code: TownHallIssueCode;
  /** A technical English description (logs, the CLI, the problem's `detail`); the pages translate `code`. */
  message: string;
  /** The cell's text, where it helps to find it (shortened). */
  value?: string;
  /** For a duplicate: the line the day and service appeared first. */
  firstRow?: number;
}

/** A line of the file as the CSV reader split it: its 1-based line number and its cells. */
export interface TownHallLine {
  row: number;
  cells: readonly string[];
}

export interface CatalogueService {
  id: string;
  nameDe: string;
}

export interface TownHallCount {
  row: number;
  day: string;
  serviceId: string;
  count: number;
}

export type TownHallReading = { ok: true; counts: TownHallCount[] } | { ok: false; issues: TownHallIssue[] };

const shortened = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text);
const normalised = (text: string) => text.trim().replace(/\s+/g, ' ').toLocaleLowerCase('de');

/** The day a cell names (ISO or German), as `YYYY-MM-DD`, or undefined when it is no calendar day. */
export function parseCountDay(text: string): string | undefined {
  const value = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  const parts = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : german
      ? [Number(german[3]), Number(german[2]), Number(german[1])]
      : undefined;
  if (!parts) return undefined;
  const [year, month, day] = parts as [number, number, number];
  if (year < 2000 || year > 2099) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return date.toISOString().slice(0, 10);
}

type CountCell = { ok: true; count: number } | { ok: false; code: TownHallIssueCode; message: string };

/** A count cell: a whole number from 0 to MAX_TOWN_HALL_COUNT. */
export function parseCount(text: string): CountCell {
  const value = text.trim();
  if (/^-\s*\d+$/.test(value)) {
    return { ok: false, code: 'negative_count', message: 'a count cannot be negative' };
  }
  if (!/^\+?\d+$/.test(value)) {
    return { ok: false, code: 'invalid_count', message: 'a count is a whole number (digits only)' };
  }
  const count = Number(value.replace('+', ''));
  if (count > MAX_TOWN_HALL_COUNT) {
    return {
      ok: false,
      code: 'count_too_large',
      message: `a count is at most ${MAX_TOWN_HALL_COUNT} per day and service`,
    };
  }
  return { ok: true, count };
}

type ServiceMatch = { id: string } | 'unknown' | 'ambiguous';

/** Finds a service by its id or its German name (case and blanks do not matter). */
export function serviceMatcher(services: readonly CatalogueService[]): (text: string) => ServiceMatch {
  const byId = new Map(services.map((service) => [service.id, service.id]));
  const byName = new Map<string, string | null>();
  for (const service of services) {
    const key = normalised(service.nameDe);
    byName.set(key, byName.has(key) && byName.get(key) !== service.id ? null : service.id);
  }
  return (text) => {
    const key = normalised(text);
    const id = byId.get(key) ?? byName.get(key);
    if (id === undefined) return 'unknown';
    if (id === null) return 'ambiguous';
    return { id };
  };
}

function readHeader(header: TownHallLine): { columns: (TownHallColumn | null)[]; issues: TownHallIssue[] } {
  const issues: TownHallIssue[] = [];
  const seen = new Set<string>();
  const columns = header.cells.map((cell): TownHallColumn | null => {
    const name = normalised(cell);
    if (name === '') return null;
    if (!(townHallColumns as readonly string[]).includes(name)) {
      issues.push({
        row: header.row,
        field: shortened(cell.trim()),
        code: 'unknown_column',
        message: `unknown column "${shortened(cell.trim())}": the columns are ${townHallColumns.join(', ')}`,
      });
      return null;
    }
    if (seen.has(name)) {
      issues.push({ row: header.row, field: name, code: 'duplicate_column', message: 'column given twice' });
      return null;
    }
    seen.add(name);
    return name as TownHallColumn;
  });
  for (const column of townHallColumns) {
    if (!seen.has(column)) {
      issues.push({
        row: header.row,
        field: column,
        code: 'missing_column',
        message: 'required column missing',
      });
    }
  }
  return { columns, issues };
}

/**
 * Checks every line of a counts file (the header first) against the catalogue: all or nothing. Returns the
 * counts, or every problem found with its line and column. `today` is the municipality's calendar day.
 */
export function readTownHallCounts(
  lines: readonly TownHallLine[],
  services: readonly CatalogueService[],
  today: string,
): TownHallReading {
  const [header, ...rows] = lines;
  if (!header || rows.length === 0) {
    return {
      ok: false,
      issues: [
        {
          row: 0,
          field: '(file)',
          code: 'empty_file',
          message: `the file holds no counts: a header ${townHallColumns.join(';')} and one row per day and service`,
        },
      ],
    };
  }
  if (rows.length > MAX_TOWN_HALL_ROWS) {
    return {
      ok: false,
      issues: [
        {
          row: rows[MAX_TOWN_HALL_ROWS]!.row,
          field: '(file)',
          code: 'too_many_rows',
          message: `a file holds at most ${MAX_TOWN_HALL_ROWS} rows: split it, by year for example`,
        },
      ],
    };
  }
  const { columns, issues } = readHeader(header);
  if (issues.length > 0) return { ok: false, issues };

  const match = serviceMatcher(services);
  const counts: TownHallCount[] = [];
  const firstRowOf = new Map<string, number>();
  for (const line of rows) {
    const cells = new Map<TownHallColumn, string>();
    let extra = false;
    line.cells.forEach((cell, index) => {
      const column = columns[index];
      if (column) cells.set(column, cell);
      else if (cell.trim() !== '') extra = true;
    });
    const issue = (field: string, code: TownHallIssueCode, message: string, value?: string) =>
      issues.push({
        row: line.row,
        field,
        code,
        message,
        ...(value === undefined ? {} : { value: shortened(value.trim()) }),
      });
    if (extra) issue('(row)', 'extra_cells', 'the row has more cells than the header names');
    const text = (column: TownHallColumn) => {
      const value = cells.get(column) ?? '';
      if (value.trim() === '') issue(column, 'missing_value', 'no value');
      return value.trim() === '' ? undefined : value;
    };
    const dayText = text('datum');
    const serviceText = text('leistung');
    const countText = text('anzahl');

    let day: string | undefined;
    if (dayText !== undefined) {
      day = parseCountDay(dayText);
      if (day === undefined) {
        issue('datum', 'invalid_date', 'not a day: write 2026-03-02 or 02.03.2026', dayText);
      } else if (day > today) {
        issue('datum', 'future_date', `the day lies after today (${today})`, dayText);
        day = undefined;
      }
    }
    let serviceId: string | undefined;
    if (serviceText !== undefined) {
      const found = match(serviceText);
      if (found === 'unknown') {
        issue('leistung', 'unknown_service', 'no service of the catalogue has this id or name', serviceText);
      } else if (found === 'ambiguous') {
        issue('leistung', 'ambiguous_service', 'several services have this name: use the id', serviceText);
      } else serviceId = found.id;
    }
    let count: number | undefined;
    if (countText !== undefined) {
      const parsed = parseCount(countText);
      if (parsed.ok) count = parsed.count;
      else issue('anzahl', parsed.code, parsed.message, countText);
    }
    if (day !== undefined && serviceId !== undefined) {
      const key = `${day}|${serviceId}`;
      const first = firstRowOf.get(key);
      if (first !== undefined) {
        issues.push({
          row: line.row,
          field: 'leistung',
          code: 'duplicate_row',
          message: `the day and service appeared already in row ${first}`,
          value: shortened(serviceText!.trim()),
          firstRow: first,
        });
      } else firstRowOf.set(key, line.row);
    }
    if (day !== undefined && serviceId !== undefined && count !== undefined) {
      counts.push({ row: line.row, day, serviceId, count });
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, counts };
}
