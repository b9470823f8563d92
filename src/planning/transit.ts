/**
 * Public transport travel times from a GTFS feed with a RAPTOR router (Delling, Pajor, Werneck: "Round-Based
 * Public Transit Routing", 2012). Pure: no I/O.
 *
 * The model of a journey, which the tests' reference (a time-dependent Dijkstra) shares:
 * - walk from the origin to any stop within `maxWalkMetres` (straight line × detour factor at walking speed,
 *   as access.ts computes walking);
 * - ride trips that run on the service date; boarding needs the arrival at the stop no later than the trip's
 *   departure there; changing at the same stop takes no time;
 * - between rides walk between stops: footpaths to stops within `maxTransferMetres` and the stop pairs of
 *   transfers.txt (its min_transfer_time when given); footpaths may follow one another;
 * - walk from a stop within `maxWalkMetres` to the site; or walk the whole way (always possible, so every
 *   travel time is finite).
 * At most `maxRides` rides (RAPTOR rounds).
 *
 * Over a departure window the planner chooses, the router leaves at every `stepMinutes` from the window's
 * start to its end and takes the **median** travel time over those departures (waiting at the first stop
 * included). The median is the default because it is what a person leaving at a random moment of the
 * window typically needs; the worst case (`aggregate: 'worst'`) is dominated by the longest headway and is
 * offered for a cautious plan.
 */
import { DEFAULT_DETOUR_FACTOR, DEFAULT_MODES } from './access.ts';
import { PlanningInputError } from './errors.ts';
import { haversineMetres, type LatLon } from './geo.ts';
import type { GtfsFeed, GtfsService } from './gtfs.ts';

export interface TransitOptions {
  /** The service date, YYYY-MM-DD (its weekday and calendar exceptions decide which trips run). */
  date: string;
  /** Departure window, HH:MM (end inclusive). */
  windowStart: string;
  windowEnd: string;
  /** Minutes between sampled departures in the window (default 10). */
  stepMinutes?: number;
  /** How the departures of the window are summarised (default: the median). */
  aggregate?: 'median' | 'worst';
  /** Longest walk to the first and from the last stop, straight-line metres (default 800). */
  maxWalkMetres?: number;
  /** Longest footpath between stops when changing, straight-line metres (default 300). */
  maxTransferMetres?: number;
  detourFactor?: number;
  walkSpeedKmh?: number;
  /** Most rides in a journey (default 6: five changes). */
  maxRides?: number;
}

export const TRANSIT_DEFAULTS = {
  stepMinutes: 10,
  aggregate: 'median' as const,
  maxWalkMetres: 800,
  maxTransferMetres: 300,
  maxRides: 6,
};

const DAY = 86_400;

/** ISO weekday (1 Monday … 7 Sunday) of a YYYY-MM-DD date. */
function isoWeekday(date: string): number {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

function previousDay(date: string): string {
  const value = new Date(`${date}T12:00:00Z`);
  value.setUTCDate(value.getUTCDate() - 1);
  return value.toISOString().slice(0, 10);
}

/** Whether a service runs on a date: calendar_dates.txt exceptions first, then calendar.txt. */
export function serviceRunsOn(service: GtfsService, date: string): boolean {
  if (service.removed.includes(date)) return false;
  if (service.added.includes(date)) return true;
  if (!service.start || !service.end || date < service.start || date > service.end) return false;
  return service.weekdays[isoWeekday(date) - 1] === true;
}

/** A trip on the timeline of the chosen date: its times shifted by `offset` seconds. */
export interface DayTrip {
  trip: number;
  offset: number;
}

/**
 * The trips that run on `date`, with times in seconds after that date's midnight: the trips of the date's
 * services, and those of the day before that run past midnight (times past 24:00:00), shifted back a day.
 */
export function tripsOnDate(feed: GtfsFeed, date: string): DayTrip[] {
  const yesterday = previousDay(date);
  const today = feed.services.map((service) => serviceRunsOn(service, date));
  const before = feed.services.map((service) => serviceRunsOn(service, yesterday));
  const result: DayTrip[] = [];
  feed.trips.forEach((trip, index) => {
    if (today[trip.service]) result.push({ trip: index, offset: 0 });
    if (before[trip.service] && trip.arrivals.at(-1)! >= DAY) result.push({ trip: index, offset: -DAY });
  });
  return result;
}

/** Walking seconds for a straight-line distance. */
function walkSeconds(metres: number, detour: number, speedKmh: number): number {
  return (metres * detour) / ((speedKmh * 1000) / 3600);
}

/** A grid of stops for finding those within a radius quickly. */
class StopGrid {
  private readonly cells = new Map<string, number[]>();
  private readonly latStep: number;
  private readonly lonStep: number;

  constructor(
    private readonly stops: readonly LatLon[],
    radiusMetres: number,
  ) {
    const meanLat = stops.reduce((sum, stop) => sum + stop.lat, 0) / Math.max(1, stops.length);
    this.latStep = Math.max(radiusMetres, 1) / 111_000;
    this.lonStep = this.latStep / Math.max(0.1, Math.cos((meanLat * Math.PI) / 180));
    stops.forEach((stop, index) => {
      const key = this.key(Math.floor(stop.lat / this.latStep), Math.floor(stop.lon / this.lonStep));
      const list = this.cells.get(key);
      if (list) list.push(index);
      else this.cells.set(key, [index]);
    });
  }

  private key(row: number, col: number): string {
    return `${row}:${col}`;
  }

  /** Stops within `radiusMetres` (at most the grid's radius) of a point, with their distances. */
  within(point: LatLon, radiusMetres: number): { stop: number; metres: number }[] {
    const row = Math.floor(point.lat / this.latStep);
    const col = Math.floor(point.lon / this.lonStep);
    const found: { stop: number; metres: number }[] = [];
    for (let r = row - 1; r <= row + 1; r++) {
      for (let c = col - 1; c <= col + 1; c++) {
        for (const stop of this.cells.get(this.key(r, c)) ?? []) {
          const metres = haversineMetres(point, this.stops[stop]!);
          if (metres <= radiusMetres) found.push({ stop, metres });
        }
      }
    }
    return found;
  }
}

/**
 * The day's timetable in RAPTOR's layout: trips grouped into patterns (the same stop sequence, no trip
 * overtaking another), sorted by departure; every array flat for speed.
 */
export interface TransitNetwork {
  stopCount: number;
  patternCount: number;
  /** Stops of pattern p: patternStops[patternStopStart[p] .. patternStopStart[p+1]). */
  patternStopStart: Int32Array;
  patternStops: Int32Array;
  /** Trips of pattern p: patternTripCount[p]; times at timeStart[p] + trip × length + position. */
  patternTripCount: Int32Array;
  timeStart: Int32Array;
  arrivals: Float64Array;
  departures: Float64Array;
  /** Patterns through stop s and the position there: stopPatternStart[s] .. stopPatternStart[s+1]. */
  stopPatternStart: Int32Array;
  stopPatterns: Int32Array;
  stopPositions: Int32Array;
  /** Footpaths from stop s: footStart[s] .. footStart[s+1]. */
  footStart: Int32Array;
  footTo: Int32Array;
  footSeconds: Float64Array;
}

interface TimedTrip {
  stops: readonly number[];
  arrivals: readonly number[];
  departures: readonly number[];
}

/** Builds the network from trips already placed on the day's timeline and a list of footpaths. */
export function buildNetwork(
  stopCount: number,
  trips: readonly TimedTrip[],
  footpaths: readonly { from: number; to: number; seconds: number }[],
): TransitNetwork {
  // Group by stop sequence; within a group, split so that no trip overtakes another (RAPTOR needs FIFO).
  const groups = new Map<string, TimedTrip[]>();
  for (const trip of trips) {
    const key = trip.stops.join(',');
    const group = groups.get(key);
    if (group) group.push(trip);
    else groups.set(key, [trip]);
  }
  const patterns: TimedTrip[][] = [];
  for (const group of groups.values()) {
    group.sort((a, b) => a.departures[0]! - b.departures[0]! || a.arrivals.at(-1)! - b.arrivals.at(-1)!);
    const lanes: TimedTrip[][] = [];
    for (const trip of group) {
      const lane = lanes.find((candidate) => {
        const last = candidate.at(-1)!;
        return trip.stops.every(
          (_, k) => trip.arrivals[k]! >= last.arrivals[k]! && trip.departures[k]! >= last.departures[k]!,
        );
      });
      if (lane) lane.push(trip);
      else lanes.push([trip]);
    }
    patterns.push(...lanes);
  }
  const patternCount = patterns.length;
  const patternStopStart = new Int32Array(patternCount + 1);
  const patternTripCount = new Int32Array(patternCount);
  const timeStart = new Int32Array(patternCount + 1);
  patterns.forEach((pattern, p) => {
    const length = pattern[0]!.stops.length;
    patternStopStart[p + 1] = patternStopStart[p]! + length;
    patternTripCount[p] = pattern.length;
    timeStart[p + 1] = timeStart[p]! + length * pattern.length;
  });
  const patternStops = new Int32Array(patternStopStart[patternCount]!);
  const arrivals = new Float64Array(timeStart[patternCount]!);
  const departures = new Float64Array(timeStart[patternCount]!);
  const stopPatternCount = new Int32Array(stopCount);
  patterns.forEach((pattern, p) => {
    const length = pattern[0]!.stops.length;
    pattern[0]!.stops.forEach((stop, k) => {
      patternStops[patternStopStart[p]! + k] = stop;
      stopPatternCount[stop]!++;
    });
    pattern.forEach((trip, t) => {
      for (let k = 0; k < length; k++) {
        arrivals[timeStart[p]! + t * length + k] = trip.arrivals[k]!;
        departures[timeStart[p]! + t * length + k] = trip.departures[k]!;
      }
    });
  });
  const stopPatternStart = new Int32Array(stopCount + 1);
  for (let s = 0; s < stopCount; s++) stopPatternStart[s + 1] = stopPatternStart[s]! + stopPatternCount[s]!;
  const stopPatterns = new Int32Array(stopPatternStart[stopCount]!);
  const stopPositions = new Int32Array(stopPatternStart[stopCount]!);
  const fill = stopPatternStart.slice(0, stopCount);
  for (let p = 0; p < patternCount; p++) {
    for (let k = patternStopStart[p]!; k < patternStopStart[p + 1]!; k++) {
      const stop = patternStops[k]!;
      stopPatterns[fill[stop]!] = p;
      stopPositions[fill[stop]!] = k - patternStopStart[p]!;
      fill[stop]!++;
    }
  }
  // Footpaths: the quickest per stop pair.
  const quickest = new Map<number, number>();
  for (const path of footpaths) {
    if (path.from === path.to) continue;
    const key = path.from * stopCount + path.to;
    const known = quickest.get(key);
    if (known === undefined || path.seconds < known) quickest.set(key, path.seconds);
  }
  const footCount = new Int32Array(stopCount);
  for (const key of quickest.keys()) footCount[Math.floor(key / stopCount)]!++;
  const footStart = new Int32Array(stopCount + 1);
  for (let s = 0; s < stopCount; s++) footStart[s + 1] = footStart[s]! + footCount[s]!;
  const footTo = new Int32Array(quickest.size);
  const footSeconds = new Float64Array(quickest.size);
  const footFill = footStart.slice(0, stopCount);
  for (const [key, seconds] of quickest) {
    const from = Math.floor(key / stopCount);
    footTo[footFill[from]!] = key % stopCount;
    footSeconds[footFill[from]!] = seconds;
    footFill[from]!++;
  }
  return {
    stopCount,
    patternCount,
    patternStopStart,
    patternStops,
    patternTripCount,
    timeStart,
    arrivals,
    departures,
    stopPatternStart,
    stopPatterns,
    stopPositions,
    footStart,
    footTo,
    footSeconds,
  };
}

/** Reusable working memory of the router for one network. */
export class Raptor {
  readonly best: Float64Array;
  private readonly board: Float64Array;
  private readonly marked: Uint8Array;
  private readonly queue: Int32Array;
  private readonly queued: Uint8Array;
  private readonly markedList: Int32Array;
  private readonly footQueue: Int32Array;
  private readonly inFootQueue: Uint8Array;
  private markedCount = 0;

  constructor(private readonly network: TransitNetwork) {
    this.best = new Float64Array(network.stopCount);
    this.board = new Float64Array(network.stopCount);
    this.marked = new Uint8Array(network.stopCount);
    this.queue = new Int32Array(network.patternCount).fill(-1);
    this.queued = new Uint8Array(network.patternCount);
    this.markedList = new Int32Array(network.stopCount);
    this.footQueue = new Int32Array(network.stopCount + 1);
    this.inFootQueue = new Uint8Array(network.stopCount);
  }

  private mark(stop: number): void {
    if (this.marked[stop]) return;
    this.marked[stop] = 1;
    this.markedList[this.markedCount++] = stop;
  }

  /**
   * Walks footpaths from the marked stops (footpaths may chain) until nothing improves: a label-correcting
   * search with a first-in first-out queue, each stop at most once in the queue at a time.
   */
  private relaxFootpaths(horizon: number): void {
    const { footStart, footTo, footSeconds } = this.network;
    const best = this.best;
    const queue = this.footQueue;
    const inQueue = this.inFootQueue;
    const size = queue.length;
    let head = 0;
    let count = 0;
    for (let k = 0; k < this.markedCount; k++) {
      const stop = this.markedList[k]!;
      if (footStart[stop] === footStart[stop + 1]) continue;
      queue[(head + count++) % size] = stop;
      inQueue[stop] = 1;
    }
    while (count > 0) {
      const from = queue[head]!;
      head = (head + 1) % size;
      count--;
      inQueue[from] = 0;
      for (let f = footStart[from]!; f < footStart[from + 1]!; f++) {
        const to = footTo[f]!;
        const arrival = best[from]! + footSeconds[f]!;
        if (arrival < best[to]! && arrival <= horizon) {
          best[to] = arrival;
          this.mark(to);
          if (!inQueue[to] && footStart[to] !== footStart[to + 1]) {
            queue[(head + count++) % size] = to;
            inQueue[to] = 1;
          }
        }
      }
    }
  }

  /**
   * Earliest arrival (seconds on the day's timeline) at every stop, into `best`, leaving the origin at
   * `departure` and reaching the access stops after their walking seconds. Arrivals after `horizon` are
   * not followed; `bound`, when given, is asked after every round for a tighter horizon (target pruning: the
   * latest of the sites' best arrivals so far, as no stop reached later can improve any of them).
   */
  run(
    access: readonly { stop: number; seconds: number }[],
    departure: number,
    maxRides: number,
    horizon: number,
    bound?: (best: Float64Array) => number,
  ): Float64Array {
    const n = this.network;
    const best = this.best;
    best.fill(Infinity);
    this.marked.fill(0);
    this.markedCount = 0;
    for (const { stop, seconds } of access) {
      const arrival = departure + seconds;
      if (arrival < best[stop]! && arrival <= horizon) {
        best[stop] = arrival;
        this.mark(stop);
      }
    }
    this.relaxFootpaths(horizon);
    if (bound) horizon = Math.min(horizon, bound(best));
    for (let round = 1; round <= maxRides && this.markedCount > 0; round++) {
      this.board.set(best);
      // Patterns to scan, from the earliest marked position on each.
      const queuedPatterns: number[] = [];
      for (let k = 0; k < this.markedCount; k++) {
        const stop = this.markedList[k]!;
        this.marked[stop] = 0;
        for (let e = n.stopPatternStart[stop]!; e < n.stopPatternStart[stop + 1]!; e++) {
          const p = n.stopPatterns[e]!;
          const position = n.stopPositions[e]!;
          if (!this.queued[p]) {
            this.queued[p] = 1;
            this.queue[p] = position;
            queuedPatterns.push(p);
          } else if (position < this.queue[p]!) this.queue[p] = position;
        }
      }
      this.markedCount = 0;
      for (const p of queuedPatterns) {
        this.queued[p] = 0;
        const first = n.patternStopStart[p]!;
        const length = n.patternStopStart[p + 1]! - first;
        const trips = n.patternTripCount[p]!;
        const base = n.timeStart[p]!;
        let trip = -1;
        for (let position = this.queue[p]!; position < length; position++) {
          const stop = n.patternStops[first + position]!;
          if (trip >= 0) {
            const arrival = n.arrivals[base + trip * length + position]!;
            if (arrival < best[stop]! && arrival <= horizon) {
              best[stop] = arrival;
              this.mark(stop);
            }
          }
          const ready = this.board[stop]!;
          if (ready === Infinity) continue;
          if (trip >= 0 && ready > n.departures[base + trip * length + position]!) continue;
          // The earliest trip leaving here at or after `ready` (trips are in FIFO order).
          let candidate: number;
          if (trip >= 0) {
            candidate = trip;
            while (candidate > 0 && n.departures[base + (candidate - 1) * length + position]! >= ready)
              candidate--;
          } else {
            let low = 0;
            let high = trips;
            while (low < high) {
              const middle = (low + high) >> 1;
              if (n.departures[base + middle * length + position]! >= ready) high = middle;
              else low = middle + 1;
            }
            candidate = low;
          }
          if (candidate < trips && n.departures[base + candidate * length + position]! >= ready)
            trip = candidate;
        }
      }
      this.relaxFootpaths(horizon);
      if (bound) horizon = Math.min(horizon, bound(best));
    }
    return best;
  }
}

/** Parses HH:MM into seconds after midnight. */
export function clockSeconds(value: string, field: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(value);
  if (!match || Number(match[1]) > 30 || Number(match[2]) > 59) {
    throw new PlanningInputError(field, `"${value}" is not a time HH:MM`);
  }
  return Number(match[1]) * 3600 + Number(match[2]) * 60;
}

/** The feed's network for a date: the day's trips and footpaths (nearby stops and transfers.txt). */
export function networkForDate(
  feed: GtfsFeed,
  date: string,
  options: Omit<TransitOptions, 'date' | 'windowStart' | 'windowEnd'> = {},
): TransitNetwork {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new PlanningInputError('transit.date', `"${date}" is not a date YYYY-MM-DD`);
  const detour = options.detourFactor ?? DEFAULT_DETOUR_FACTOR;
  const speed = options.walkSpeedKmh ?? DEFAULT_MODES.walk.speedKmh;
  const transferMetres = options.maxTransferMetres ?? TRANSIT_DEFAULTS.maxTransferMetres;
  const trips = tripsOnDate(feed, date).map(({ trip, offset }) => {
    const source = feed.trips[trip]!;
    return {
      stops: source.stops,
      arrivals: source.arrivals.map((time) => time + offset),
      departures: source.departures.map((time) => time + offset),
    };
  });
  const footpaths: { from: number; to: number; seconds: number }[] = [];
  if (transferMetres > 0) {
    const grid = new StopGrid(feed.stops, transferMetres);
    feed.stops.forEach((stop, from) => {
      for (const near of grid.within(stop, transferMetres)) {
        if (near.stop !== from)
          footpaths.push({ from, to: near.stop, seconds: walkSeconds(near.metres, detour, speed) });
      }
    });
  }
  for (const transfer of feed.transfers) {
    footpaths.push({
      from: transfer.from,
      to: transfer.to,
      seconds:
        transfer.seconds ??
        walkSeconds(haversineMetres(feed.stops[transfer.from]!, feed.stops[transfer.to]!), detour, speed),
    });
  }
  return buildNetwork(feed.stops.length, trips, footpaths);
}

/**
 * Transit travel minutes from every origin to every site (row-major: origin × sites + site), summarised over
 * the departure window as documented at the top of this file.
 */
export function transitTravelMinutes(
  feed: GtfsFeed,
  origins: readonly LatLon[],
  sites: readonly LatLon[],
  options: TransitOptions,
): Float64Array {
  const detour = options.detourFactor ?? DEFAULT_DETOUR_FACTOR;
  const speed = options.walkSpeedKmh ?? DEFAULT_MODES.walk.speedKmh;
  const walkMetres = options.maxWalkMetres ?? TRANSIT_DEFAULTS.maxWalkMetres;
  const step = (options.stepMinutes ?? TRANSIT_DEFAULTS.stepMinutes) * 60;
  const maxRides = options.maxRides ?? TRANSIT_DEFAULTS.maxRides;
  const aggregate = options.aggregate ?? TRANSIT_DEFAULTS.aggregate;
  if (!(detour >= 1)) throw new PlanningInputError('transit.detourFactor', 'must be >= 1');
  if (!(step > 0)) throw new PlanningInputError('transit.stepMinutes', 'must be positive');
  if (!(maxRides >= 1)) throw new PlanningInputError('transit.maxRides', 'must be at least 1');
  const start = clockSeconds(options.windowStart, 'transit.windowStart');
  const end = clockSeconds(options.windowEnd, 'transit.windowEnd');
  if (end < start) throw new PlanningInputError('transit.windowEnd', 'the window ends before it starts');
  const network = networkForDate(feed, options.date, options);
  const raptor = new Raptor(network);
  const grid = new StopGrid(feed.stops, walkMetres);
  const egress = sites.map((site) =>
    grid
      .within(site, walkMetres)
      .map((near) => ({ stop: near.stop, seconds: walkSeconds(near.metres, detour, speed) })),
  );
  const departures: number[] = [];
  for (let t = start; t <= end; t += step) departures.push(t);
  const result = new Float64Array(origins.length * sites.length);
  const samples = new Float64Array(departures.length);
  const perSite = sites.map(() => new Float64Array(departures.length));
  const direct = new Float64Array(sites.length);
  origins.forEach((origin, i) => {
    let longestWalk = 0;
    sites.forEach((site, j) => {
      direct[j] = walkSeconds(haversineMetres(origin, site), detour, speed);
      longestWalk = Math.max(longestWalk, direct[j]!);
    });
    const access = grid
      .within(origin, walkMetres)
      .map((near) => ({ stop: near.stop, seconds: walkSeconds(near.metres, detour, speed) }));
    departures.forEach((departure, d) => {
      // Each site's arrival: walking the whole way, or via its nearby stops.
      const siteArrivals = (best: Float64Array | null): number => {
        let latest = 0;
        for (let j = 0; j < sites.length; j++) {
          let arrival = departure + direct[j]!;
          if (best) {
            for (const exit of egress[j]!) {
              const via = best[exit.stop]! + exit.seconds;
              if (via < arrival) arrival = via;
            }
          }
          perSite[j]![d] = (arrival - departure) / 60;
          if (arrival > latest) latest = arrival;
        }
        return latest;
      };
      const best =
        access.length > 0
          ? raptor.run(access, departure, maxRides, departure + longestWalk, siteArrivals)
          : null;
      siteArrivals(best);
    });
    sites.forEach((_, j) => {
      samples.set(perSite[j]!);
      samples.sort();
      const n = samples.length;
      result[i * sites.length + j] =
        aggregate === 'worst'
          ? samples[n - 1]!
          : n % 2 === 1
            ? samples[(n - 1) / 2]!
            : (samples[n / 2 - 1]! + samples[n / 2]!) / 2;
    });
  });
  return result;
}
