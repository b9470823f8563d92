/**
 * Public transport access for a scenario (tracker issue 13, "Access"): the travel-time matrix from the
 * scenario's demand points to its candidate sites, from the transit router on an uploaded GTFS feed.
 *
 * Older people are weighted by their mode: the residents aged 65+ of a demand point are split between
 * walking and the bus (by default half and half; the planner sets the walking share), everyone else takes the
 * bus. A point's travel time to a site is the mean over its residents:
 *   (1 − f) × bus + f × (w × walk + (1 − w) × bus),   f = share of residents aged 65+, w = walking share,
 * where "bus" is the router's travel time (which itself walks when that is quicker) and "walk" walks the
 * whole way (straight line × detour factor at walking speed). Pure: no I/O.
 */
import { travelMinutes } from './access.ts';
import type { DemandPoint } from './demand.ts';
import { PlanningInputError, requireFiniteNumber } from './errors.ts';
import { haversineMetres, type LatLon } from './geo.ts';
import type { GtfsFeed } from './gtfs.ts';
import type { DistanceInstance } from './problem.ts';
import { transitTravelMinutes, type TransitOptions } from './transit.ts';

/** The older residents' modes by default: half walk, half take the bus. */
export const DEFAULT_OLDER_WALK_SHARE = 0.5;
export const DEFAULT_TRANSIT_WINDOW = { windowStart: '08:00', windowEnd: '12:00' };

export interface TransitScenarioOptions {
  /** Service date YYYY-MM-DD; default: serviceDateFor(feed, today). */
  date: string;
  windowStart: string;
  windowEnd: string;
  /** Share of residents aged 65+ who walk (0..1); the rest take the bus. */
  olderWalkShare: number;
  stepMinutes?: number;
  aggregate?: TransitOptions['aggregate'];
}

function addDays(date: string, days: number): string {
  const value = new Date(`${date}T12:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

/**
 * The default service date: the first Wednesday (a plain weekday) from today on within the feed's validity;
 * the feed's first Wednesday when today is outside it.
 */
export function serviceDateFor(feed: Pick<GtfsFeed, 'validFrom' | 'validTo'>, today: string): string {
  const wednesdayFrom = (date: string) => {
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    return addDays(date, (3 - weekday + 7) % 7);
  };
  const fromToday = wednesdayFrom(today >= feed.validFrom ? today : feed.validFrom);
  if (fromToday <= feed.validTo) return fromToday;
  const first = wednesdayFrom(feed.validFrom);
  return first <= feed.validTo ? first : feed.validFrom;
}

/** True for a real calendar day written YYYY-MM-DD (not 2027-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T12:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Travel minutes (row-major, demand × sites) by public transport with the older residents' mode split. */
export function transitScenarioMatrix(
  feed: GtfsFeed,
  demand: readonly DemandPoint[],
  sites: readonly LatLon[],
  options: TransitScenarioOptions,
): number[] {
  const walkShare = requireFiniteNumber(options.olderWalkShare, 'transit.olderWalkShare');
  if (walkShare < 0 || walkShare > 1) {
    throw new PlanningInputError('transit.olderWalkShare', 'must be between 0 and 1');
  }
  if (!isCalendarDate(options.date)) {
    throw new PlanningInputError('transit.date', `${options.date} is not a date (YYYY-MM-DD)`, {
      reason: 'transit_invalid_date',
    });
  }
  // Equal ends are one departure time; a window that ends before it starts is refused.
  if (options.windowEnd < options.windowStart) {
    throw new PlanningInputError(
      'transit.windowEnd',
      `the window must not end before it starts (${options.windowStart} to ${options.windowEnd})`,
      { reason: 'transit_window_order' },
    );
  }
  if (options.date < feed.validFrom || options.date > feed.validTo) {
    throw new PlanningInputError(
      'transit.date',
      `${options.date} is outside the timetable's validity (${feed.validFrom} to ${feed.validTo})`,
      { reason: 'outside_feed_validity', validFrom: feed.validFrom, validTo: feed.validTo },
    );
  }
  const bus = transitTravelMinutes(feed, demand, sites, options);
  const matrix: number[] = new Array<number>(demand.length * sites.length);
  demand.forEach((point, i) => {
    const residents = point.counts.residents ?? 0;
    const older = residents > 0 ? Math.min(1, (point.counts.residents65plus ?? 0) / residents) : 0;
    sites.forEach((site, j) => {
      const byBus = bus[i * sites.length + j]!;
      const onFoot = travelMinutes(haversineMetres(point, site), { mode: 'walk' });
      matrix[i * sites.length + j] =
        (1 - older) * byBus + older * (walkShare * onFoot + (1 - walkShare) * byBus);
    });
  });
  return matrix;
}

/** A travel-time instance from a precomputed matrix (minutes, row-major demand × sites). */
export function instanceFromMatrix(
  weighted: readonly { weight: number }[],
  siteCount: number,
  minutes: readonly number[],
): DistanceInstance {
  if (minutes.length !== weighted.length * siteCount) {
    throw new PlanningInputError(
      'travelMinutes',
      `expected ${weighted.length * siteCount} travel times, got ${minutes.length}`,
    );
  }
  const weights = new Float64Array(weighted.length);
  weighted.forEach((point, i) => {
    if (!(point.weight >= 0)) throw new PlanningInputError(`demand[${i}].weight`, 'must not be negative');
    weights[i] = point.weight;
  });
  return { demandCount: weighted.length, siteCount, weights, distance: Float64Array.from(minutes) };
}
