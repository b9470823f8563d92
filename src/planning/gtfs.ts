/**
 * Reads a GTFS feed (a zip of CSV files, https://gtfs.org/schedule/reference/) into the compact form the
 * transit router uses and the database stores. Pure: bytes in, a feed or a list of file:row:field problems out;
 * a feed with any problem is refused as a whole.
 */
import { unzipSync } from 'fflate';
import { findColumn, parseCsv, type CsvTable } from './csv.ts';

/** Seconds after midnight of the service day; past 24:00:00 for trips that run into the next day. */
export type GtfsSeconds = number;

export interface GtfsStop {
  id: string;
  name: string;
  lat: number;
  lon: number;
}

export interface GtfsRoute {
  id: string;
  name: string;
  type: number;
}

export interface GtfsService {
  id: string;
  /** Monday..Sunday (index 0..6): runs on that weekday within start..end (calendar.txt). */
  weekdays: boolean[];
  /** YYYY-MM-DD, or null when the service has no calendar.txt row (calendar_dates.txt only). */
  start: string | null;
  end: string | null;
  /** calendar_dates.txt: exception_type 1 (added) and 2 (removed), YYYY-MM-DD. */
  added: string[];
  removed: string[];
}

export interface GtfsTrip {
  id: string;
  route: number;
  service: number;
  /** Indices into `stops`, in stop_sequence order. */
  stops: number[];
  arrivals: GtfsSeconds[];
  departures: GtfsSeconds[];
}

export interface GtfsTransfer {
  from: number;
  to: number;
  /** min_transfer_time in seconds; null: walk it. */
  seconds: number | null;
}

export interface GtfsFeed {
  stops: GtfsStop[];
  routes: GtfsRoute[];
  services: GtfsService[];
  trips: GtfsTrip[];
  transfers: GtfsTransfer[];
  /** The first and last day any service runs (YYYY-MM-DD). */
  validFrom: string;
  validTo: string;
}

export interface GtfsIssue {
  file: string;
  /** Line in the file (1: the header); 0: the file as a whole. */
  row: number;
  field: string;
  code: string;
  message: string;
}

export type GtfsReadResult = { ok: true; feed: GtfsFeed } | { ok: false; issues: GtfsIssue[] };

/** At most this many problems are collected before reading stops. */
export const MAX_GTFS_ISSUES = 100;

const REQUIRED_FILES = ['stops.txt', 'routes.txt', 'trips.txt', 'stop_times.txt'] as const;
const DAY_COLUMNS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

class IssueList {
  readonly items: GtfsIssue[] = [];
  add(file: string, row: number, field: string, code: string, message: string): void {
    if (this.items.length < MAX_GTFS_ISSUES) this.items.push({ file, row, field, code, message });
  }
  get full(): boolean {
    return this.items.length >= MAX_GTFS_ISSUES;
  }
}

/** A GTFS time H:MM:SS or HH:MM:SS (hours may pass 24) in seconds; null when malformed. */
export function parseGtfsTime(value: string): number | null {
  const match = /^(\d{1,3}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const [hours, minutes, seconds] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (minutes > 59 || seconds > 59 || hours > 47) return null;
  return hours * 3600 + minutes * 60 + seconds;
}

/** A GTFS date YYYYMMDD as YYYY-MM-DD; null when it is not a calendar day. */
export function parseGtfsDate(value: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const iso = `${match[1]}-${match[2]}-${match[3]}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? null : iso;
}

interface Columns {
  [name: string]: number;
}

function columnsOf(
  file: string,
  table: CsvTable,
  required: readonly string[],
  optional: readonly string[],
  issues: IssueList,
): Columns | null {
  const columns: Columns = {};
  let missing = false;
  for (const name of required) {
    columns[name] = findColumn(table.header, [name]);
    if (columns[name] < 0) {
      issues.add(file, 1, name, 'missing_column', `the column ${name} is missing`);
      missing = true;
    }
  }
  for (const name of optional) columns[name] = findColumn(table.header, [name]);
  return missing ? null : columns;
}

const cell = (row: readonly string[], index: number | undefined): string =>
  index === undefined || index < 0 ? '' : (row[index] ?? '').trim();

function readTable(files: Map<string, Uint8Array>, name: string, issues: IssueList): CsvTable | null {
  const bytes = files.get(name);
  if (!bytes) return null;
  const text = new TextDecoder('utf-8').decode(bytes);
  if (text.trim() === '') {
    issues.add(name, 0, '(file)', 'empty_file', `${name} is empty`);
    return null;
  }
  return parseCsv(text, name);
}

/** Unzips a feed: file names without folders (some feeds put the files in one folder). */
function unzip(bytes: Uint8Array, issues: IssueList): Map<string, Uint8Array> | null {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => /\.txt$/i.test(file.name) && !file.name.split('/').at(-1)!.startsWith('.'),
    });
  } catch (error) {
    issues.add(
      '(zip)',
      0,
      '(file)',
      'not_a_zip',
      `the file is not a readable zip archive (${String(error)})`,
    );
    return null;
  }
  const files = new Map<string, Uint8Array>();
  for (const [path, content] of Object.entries(entries)) {
    files.set(path.split('/').at(-1)!.toLowerCase(), content);
  }
  return files;
}

/** Reads and checks a GTFS zip. Every problem names its file, line and column; none: the feed. */
export function readGtfsZip(bytes: Uint8Array): GtfsReadResult {
  const issues = new IssueList();
  const files = unzip(bytes, issues);
  if (!files) return { ok: false, issues: issues.items };
  return readGtfsFiles(files, issues);
}

/** Reads and checks GTFS files given by name (e.g. `stops.txt`) as bytes. */
export function readGtfsFiles(files: Map<string, Uint8Array>, issues = new IssueList()): GtfsReadResult {
  for (const name of REQUIRED_FILES) {
    if (!files.has(name)) issues.add(name, 0, '(file)', 'missing_file', `${name} fehlt (${name} is missing)`);
  }
  if (!files.has('calendar.txt') && !files.has('calendar_dates.txt')) {
    issues.add(
      'calendar.txt',
      0,
      '(file)',
      'missing_file',
      'calendar.txt and calendar_dates.txt fehlen: one of them is needed',
    );
  }
  if (issues.items.length > 0) return { ok: false, issues: issues.items };

  // stops.txt
  const stops: GtfsStop[] = [];
  const stopIndex = new Map<string, number>();
  const stopsTable = readTable(files, 'stops.txt', issues);
  const stopColumns =
    stopsTable &&
    columnsOf(
      'stops.txt',
      stopsTable,
      ['stop_id'],
      ['stop_name', 'stop_lat', 'stop_lon', 'location_type'],
      issues,
    );
  if (stopsTable && stopColumns) {
    stopsTable.rows.forEach((row, k) => {
      const line = stopsTable.lineNumbers[k]!;
      const id = cell(row, stopColumns.stop_id);
      if (id === '') return issues.add('stops.txt', line, 'stop_id', 'missing_value', 'stop_id is empty');
      if (stopIndex.has(id)) {
        return issues.add('stops.txt', line, 'stop_id', 'duplicate', `stop_id "${id}" appears twice`);
      }
      const locationType = cell(row, stopColumns.location_type);
      const latText = cell(row, stopColumns.stop_lat);
      const lonText = cell(row, stopColumns.stop_lon);
      // Entrances, generic nodes and boarding areas (location_type 2–4) may have no position: not used.
      if (['2', '3', '4'].includes(locationType) && (latText === '' || lonText === '')) return;
      const lat = Number(latText);
      const lon = Number(lonText);
      if (latText === '' || !Number.isFinite(lat) || lat < -90 || lat > 90) {
        return issues.add('stops.txt', line, 'stop_lat', 'invalid_value', `"${latText}" is not a latitude`);
      }
      if (lonText === '' || !Number.isFinite(lon) || lon < -180 || lon > 180) {
        return issues.add('stops.txt', line, 'stop_lon', 'invalid_value', `"${lonText}" is not a longitude`);
      }
      stopIndex.set(id, stops.length);
      stops.push({ id, name: cell(row, stopColumns.stop_name) || id, lat, lon });
    });
  }

  // routes.txt
  const routes: GtfsRoute[] = [];
  const routeIndex = new Map<string, number>();
  const routesTable = readTable(files, 'routes.txt', issues);
  const routeColumns =
    routesTable &&
    columnsOf(
      'routes.txt',
      routesTable,
      ['route_id', 'route_type'],
      ['route_short_name', 'route_long_name'],
      issues,
    );
  if (routesTable && routeColumns) {
    routesTable.rows.forEach((row, k) => {
      const line = routesTable.lineNumbers[k]!;
      const id = cell(row, routeColumns.route_id);
      if (id === '') return issues.add('routes.txt', line, 'route_id', 'missing_value', 'route_id is empty');
      if (routeIndex.has(id)) {
        return issues.add('routes.txt', line, 'route_id', 'duplicate', `route_id "${id}" appears twice`);
      }
      const typeText = cell(row, routeColumns.route_type);
      if (!/^\d+$/.test(typeText)) {
        return issues.add(
          'routes.txt',
          line,
          'route_type',
          'invalid_value',
          `"${typeText}" is not a route type`,
        );
      }
      routeIndex.set(id, routes.length);
      routes.push({
        id,
        name: cell(row, routeColumns.route_short_name) || cell(row, routeColumns.route_long_name) || id,
        type: Number(typeText),
      });
    });
  }

  // calendar.txt and calendar_dates.txt
  const services: GtfsService[] = [];
  const serviceIndex = new Map<string, number>();
  const serviceOf = (id: string): GtfsService => {
    let index = serviceIndex.get(id);
    if (index === undefined) {
      index = services.length;
      serviceIndex.set(id, index);
      services.push({
        id,
        weekdays: Array<boolean>(7).fill(false),
        start: null,
        end: null,
        added: [],
        removed: [],
      });
    }
    return services[index]!;
  };
  const calendarTable = readTable(files, 'calendar.txt', issues);
  const calendarColumns =
    calendarTable &&
    columnsOf(
      'calendar.txt',
      calendarTable,
      ['service_id', ...DAY_COLUMNS, 'start_date', 'end_date'],
      [],
      issues,
    );
  if (calendarTable && calendarColumns) {
    const seen = new Set<string>();
    calendarTable.rows.forEach((row, k) => {
      const line = calendarTable.lineNumbers[k]!;
      const id = cell(row, calendarColumns.service_id);
      if (id === '')
        return issues.add('calendar.txt', line, 'service_id', 'missing_value', 'service_id is empty');
      if (seen.has(id)) {
        return issues.add(
          'calendar.txt',
          line,
          'service_id',
          'duplicate',
          `service_id "${id}" appears twice`,
        );
      }
      seen.add(id);
      const weekdays: boolean[] = [];
      for (const day of DAY_COLUMNS) {
        const value = cell(row, calendarColumns[day]);
        if (value !== '0' && value !== '1') {
          issues.add('calendar.txt', line, day, 'invalid_value', `"${value}" is not 0 or 1`);
        }
        weekdays.push(value === '1');
      }
      const start = parseGtfsDate(cell(row, calendarColumns.start_date));
      const end = parseGtfsDate(cell(row, calendarColumns.end_date));
      if (!start) {
        issues.add(
          'calendar.txt',
          line,
          'start_date',
          'invalid_value',
          `"${cell(row, calendarColumns.start_date)}" is not a date (YYYYMMDD)`,
        );
      }
      if (!end) {
        issues.add(
          'calendar.txt',
          line,
          'end_date',
          'invalid_value',
          `"${cell(row, calendarColumns.end_date)}" is not a date (YYYYMMDD)`,
        );
      }
      if (start && end && end < start) {
        issues.add('calendar.txt', line, 'end_date', 'invalid_value', 'end_date is before start_date');
      }
      const service = serviceOf(id);
      service.weekdays = weekdays;
      service.start = start;
      service.end = end;
    });
  }
  const datesTable = readTable(files, 'calendar_dates.txt', issues);
  const datesColumns =
    datesTable &&
    columnsOf('calendar_dates.txt', datesTable, ['service_id', 'date', 'exception_type'], [], issues);
  if (datesTable && datesColumns) {
    datesTable.rows.forEach((row, k) => {
      const line = datesTable.lineNumbers[k]!;
      const id = cell(row, datesColumns.service_id);
      if (id === '') {
        return issues.add('calendar_dates.txt', line, 'service_id', 'missing_value', 'service_id is empty');
      }
      const date = parseGtfsDate(cell(row, datesColumns.date));
      if (!date) {
        return issues.add(
          'calendar_dates.txt',
          line,
          'date',
          'invalid_value',
          `"${cell(row, datesColumns.date)}" is not a date (YYYYMMDD)`,
        );
      }
      const type = cell(row, datesColumns.exception_type);
      if (type !== '1' && type !== '2') {
        return issues.add(
          'calendar_dates.txt',
          line,
          'exception_type',
          'invalid_value',
          `"${type}" is not 1 or 2`,
        );
      }
      const service = serviceOf(id);
      (type === '1' ? service.added : service.removed).push(date);
    });
  }

  // trips.txt
  const trips: GtfsTrip[] = [];
  const tripIndex = new Map<string, number>();
  const tripsTable = readTable(files, 'trips.txt', issues);
  const tripColumns =
    tripsTable && columnsOf('trips.txt', tripsTable, ['route_id', 'service_id', 'trip_id'], [], issues);
  if (tripsTable && tripColumns) {
    tripsTable.rows.forEach((row, k) => {
      const line = tripsTable.lineNumbers[k]!;
      const id = cell(row, tripColumns.trip_id);
      if (id === '') return issues.add('trips.txt', line, 'trip_id', 'missing_value', 'trip_id is empty');
      if (tripIndex.has(id)) {
        return issues.add('trips.txt', line, 'trip_id', 'duplicate', `trip_id "${id}" appears twice`);
      }
      const routeId = cell(row, tripColumns.route_id);
      const route = routeIndex.get(routeId);
      if (route === undefined) {
        return issues.add(
          'trips.txt',
          line,
          'route_id',
          'unknown_reference',
          `route_id "${routeId}" is not in routes.txt`,
        );
      }
      const serviceId = cell(row, tripColumns.service_id);
      const service = serviceIndex.get(serviceId);
      if (service === undefined) {
        return issues.add(
          'trips.txt',
          line,
          'service_id',
          'unknown_reference',
          `service_id "${serviceId}" is not in calendar.txt or calendar_dates.txt`,
        );
      }
      tripIndex.set(id, trips.length);
      trips.push({ id, route, service, stops: [], arrivals: [], departures: [] });
    });
  }
  if (issues.items.length > 0) return { ok: false, issues: issues.items };

  // stop_times.txt
  const stopTimesTable = readTable(files, 'stop_times.txt', issues);
  const timeColumns =
    stopTimesTable &&
    columnsOf(
      'stop_times.txt',
      stopTimesTable,
      ['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence'],
      [],
      issues,
    );
  const pending = trips.map(
    () => [] as { sequence: number; stop: number; arr: number | null; dep: number | null; line: number }[],
  );
  if (stopTimesTable && timeColumns) {
    const rows = stopTimesTable.rows;
    for (let k = 0; k < rows.length && !issues.full; k++) {
      const row = rows[k]!;
      const line = stopTimesTable.lineNumbers[k]!;
      const tripId = cell(row, timeColumns.trip_id);
      const trip = tripIndex.get(tripId);
      if (trip === undefined) {
        issues.add(
          'stop_times.txt',
          line,
          'trip_id',
          'unknown_reference',
          `trip_id "${tripId}" is not in trips.txt`,
        );
        continue;
      }
      const stopId = cell(row, timeColumns.stop_id);
      const stop = stopIndex.get(stopId);
      if (stop === undefined) {
        issues.add(
          'stop_times.txt',
          line,
          'stop_id',
          'unknown_reference',
          `stop_id "${stopId}" is not in stops.txt`,
        );
        continue;
      }
      const sequenceText = cell(row, timeColumns.stop_sequence);
      if (!/^\d+$/.test(sequenceText)) {
        issues.add(
          'stop_times.txt',
          line,
          'stop_sequence',
          'invalid_value',
          `"${sequenceText}" is not a whole number`,
        );
        continue;
      }
      const times: (number | null)[] = [];
      for (const field of ['arrival_time', 'departure_time'] as const) {
        const text = cell(row, timeColumns[field]);
        const seconds = text === '' ? null : parseGtfsTime(text);
        if (text !== '' && seconds === null) {
          issues.add('stop_times.txt', line, field, 'invalid_time', `"${text}" is not a time HH:MM:SS`);
        }
        times.push(seconds);
      }
      pending[trip]!.push({
        sequence: Number(sequenceText),
        stop,
        arr: times[0] ?? null,
        dep: times[1] ?? null,
        line,
      });
    }
  }
  if (issues.items.length > 0) return { ok: false, issues: issues.items };

  trips.forEach((trip, t) => {
    const entries = pending[t]!.sort((a, b) => a.sequence - b.sequence);
    if (entries.length < 2) {
      const line = tripsTable!.lineNumbers[t] ?? 0;
      issues.add(
        'trips.txt',
        line,
        'trip_id',
        'too_few_stops',
        `trip "${trip.id}" has fewer than two stop times`,
      );
      return;
    }
    for (let k = 1; k < entries.length; k++) {
      if (entries[k]!.sequence === entries[k - 1]!.sequence) {
        issues.add(
          'stop_times.txt',
          entries[k]!.line,
          'stop_sequence',
          'duplicate',
          `stop_sequence ${entries[k]!.sequence} appears twice in trip "${trip.id}"`,
        );
        return;
      }
    }
    // A stop with one time uses it for both; stops with none are timed between their neighbours.
    const arr = entries.map((e) => e.arr ?? e.dep);
    const dep = entries.map((e) => e.dep ?? e.arr);
    for (const end of [0, entries.length - 1]) {
      if (arr[end] === null) {
        issues.add(
          'stop_times.txt',
          entries[end]!.line,
          'arrival_time',
          'missing_value',
          `the ${end === 0 ? 'first' : 'last'} stop of trip "${trip.id}" has no time`,
        );
        return;
      }
    }
    let previous = 0;
    for (let k = 1; k < entries.length; k++) {
      if (arr[k] === null) continue;
      for (let m = previous + 1; m < k; m++) {
        const fraction = (m - previous) / (k - previous);
        arr[m] = dep[m] = Math.round(dep[previous]! + fraction * (arr[k]! - dep[previous]!));
      }
      previous = k;
    }
    for (let k = 0; k < entries.length; k++) {
      const tooEarly =
        dep[k]! < arr[k]! ? 'departure_time' : k > 0 && arr[k]! < dep[k - 1]! ? 'arrival_time' : null;
      if (tooEarly) {
        issues.add(
          'stop_times.txt',
          entries[k]!.line,
          tooEarly,
          'time_goes_back',
          `the time goes back in trip "${trip.id}"`,
        );
        return;
      }
    }
    trip.stops = entries.map((e) => e.stop);
    trip.arrivals = arr as number[];
    trip.departures = dep as number[];
  });

  // transfers.txt (optional)
  const transfers: GtfsTransfer[] = [];
  const transfersTable = readTable(files, 'transfers.txt', issues);
  const transferColumns =
    transfersTable &&
    columnsOf(
      'transfers.txt',
      transfersTable,
      ['from_stop_id', 'to_stop_id', 'transfer_type'],
      ['min_transfer_time'],
      issues,
    );
  if (transfersTable && transferColumns) {
    transfersTable.rows.forEach((row, k) => {
      const line = transfersTable.lineNumbers[k]!;
      const fromId = cell(row, transferColumns.from_stop_id);
      const toId = cell(row, transferColumns.to_stop_id);
      // Transfers between trips or routes only (no stops) are not used.
      if (fromId === '' || toId === '') return;
      const from = stopIndex.get(fromId);
      const to = stopIndex.get(toId);
      if (from === undefined) {
        return issues.add(
          'transfers.txt',
          line,
          'from_stop_id',
          'unknown_reference',
          `stop_id "${fromId}" is not in stops.txt`,
        );
      }
      if (to === undefined) {
        return issues.add(
          'transfers.txt',
          line,
          'to_stop_id',
          'unknown_reference',
          `stop_id "${toId}" is not in stops.txt`,
        );
      }
      const type = cell(row, transferColumns.transfer_type) || '0';
      if (!/^[0-5]$/.test(type)) {
        return issues.add(
          'transfers.txt',
          line,
          'transfer_type',
          'invalid_value',
          `"${type}" is not a transfer type`,
        );
      }
      const minText = cell(row, transferColumns.min_transfer_time);
      if (minText !== '' && !/^\d+$/.test(minText)) {
        return issues.add(
          'transfers.txt',
          line,
          'min_transfer_time',
          'invalid_value',
          `"${minText}" is not a number of seconds`,
        );
      }
      // Type 3 (no transfer possible) and the in-seat types 4/5 add no footpath; the same stop needs none.
      if (from === to || !['0', '1', '2'].includes(type)) return;
      transfers.push({ from, to, seconds: minText === '' ? null : Number(minText) });
    });
  }
  if (issues.items.length > 0) return { ok: false, issues: issues.items };

  const usedServices = new Set(trips.map((trip) => trip.service));
  const days: string[] = [];
  services.forEach((service, index) => {
    if (!usedServices.has(index)) return;
    if (service.start && service.end && service.weekdays.some(Boolean)) days.push(service.start, service.end);
    days.push(...service.added);
  });
  if (trips.length === 0 || days.length === 0) {
    issues.add('trips.txt', 0, '(file)', 'no_service', 'the feed has no trip that runs on any day');
    return { ok: false, issues: issues.items };
  }
  days.sort();
  return {
    ok: true,
    feed: { stops, routes, services, trips, transfers, validFrom: days[0]!, validTo: days.at(-1)! },
  };
}
