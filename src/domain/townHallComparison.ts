/**
 * The shift of contacts (tracker issue 10, "comparison with the town hall"): the town hall's counts per service
 * (imported, see townHallCounts.ts) set against the Mobiles Rathaus' services delivered, for a selected period
 * and each of its months. Pure.
 *
 * Definitions (the README and the dashboard print the same):
 * - town-hall contacts: the imported daily counts of a service, summed over the days of the period;
 * - Mobiles Rathaus contacts: services delivered at the stops (each service of a finished visit with its
 *   quantity), as the town hall counts one per service;
 * - mobile share = mobile / (town hall + mobile);
 * - baseline: the period of the same number of days directly before the selected period. Each day is compared
 *   with the day that many days earlier, so a month of the selection is compared with the same days shifted
 *   back (for 1 January – 31 March: 2 October – 31 December of the year before). Choose a period that starts on
 *   the first day of the test phase to compare it with the time just before;
 * - change = town-hall contacts − town-hall contacts in the baseline, and that change over the baseline;
 * - a period without any imported day has no town-hall figures, and no change where its baseline has none;
 * - small cells: counts of 1 to 4 are not shown (null), nor shares and changes computed from such a count.
 */
import { SUPPRESS_BELOW, shownCount, type ShownCount } from './evaluation.ts';
import { DomainError } from './errors.ts';

export interface DailyServiceCount {
  /** Calendar day YYYY-MM-DD. */
  day: string;
  serviceId: string;
  count: number;
}

export interface TownHallComparisonInput {
  from: string;
  to: string;
  /** Town-hall counts from the baseline's first day to `to` (other days are ignored). */
  townHall: readonly DailyServiceCount[];
  /** Days with an imported count (any service) from the baseline's first day to `to`. */
  coveredDays: readonly string[];
  /** Services delivered by the Mobiles Rathaus per day, from `from` to `to`. */
  mobile: readonly DailyServiceCount[];
  /** The first day the Mobiles Rathaus held a stop, if any. */
  firstMobileDay: string | null;
}

export interface ComparisonPeriod {
  /** 'all' for the selected period, else the month YYYY-MM. */
  key: string;
  from: string;
  to: string;
  baselineFrom: string;
  baselineTo: string;
  /** Days of the period, and of its baseline, with imported town-hall counts. */
  townHallDays: number;
  baselineDays: number;
}

export interface ComparisonFigures {
  townHall: ShownCount;
  mobile: ShownCount;
  /** mobile / (town hall + mobile), 0..1. */
  mobileShare: number | null;
  townHallBefore: ShownCount;
  /** Town-hall contacts minus those of the baseline. */
  change: number | null;
  /** The change over the baseline's contacts (−0.1: ten per cent fewer). */
  changeShare: number | null;
}

export interface TownHallComparison {
  period: ComparisonPeriod;
  months: ComparisonPeriod[];
  /** True when the baseline reaches a day the Mobiles Rathaus was already out (it is no "before"). */
  baselineOverlapsMobile: boolean;
  firstMobileDay: string | null;
  total: ComparisonFigures;
  byService: (ComparisonFigures & { serviceId: string })[];
  byMonth: (ComparisonFigures & { month: string })[];
  byServiceMonth: (ComparisonFigures & { serviceId: string; month: string })[];
}

const DAY_MS = 86_400_000;
const dayOf = (number: number) => new Date(number * DAY_MS).toISOString().slice(0, 10);
/** Days since 1970-01-01; NaN for anything that is no calendar day (Date.parse takes 30 February as 2 March). */
const dayNumber = (day: string) => {
  const number = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) / DAY_MS : Number.NaN;
  return Number.isInteger(number) && dayOf(number) === day ? number : Number.NaN;
};

/** The baseline of a period: the same number of days directly before it. */
export function baselineOf(from: string, to: string): { from: string; to: string; days: number } {
  const first = dayNumber(from);
  const last = dayNumber(to);
  if (!Number.isInteger(first) || !Number.isInteger(last)) {
    throw new DomainError('invalid_date', { field: Number.isInteger(first) ? 'to' : 'from' });
  }
  if (last < first) {
    throw new DomainError('invalid_range', { field: 'to', message: 'the period ends before it starts' });
  }
  const days = last - first + 1;
  return { from: dayOf(first - days), to: dayOf(first - 1), days };
}

/** 0 or at least 5: a count that may be shown, and used for shares and changes. */
const showable = (count: number) => count === 0 || count >= SUPPRESS_BELOW;

interface Sums {
  townHall: number;
  before: number;
  mobile: number;
}

export function figuresOf(sums: Sums, period: ComparisonPeriod): ComparisonFigures {
  const hasCounts = period.townHallDays > 0;
  const hasBaseline = period.baselineDays > 0;
  const { townHall, before, mobile } = sums;
  const change =
    hasCounts && hasBaseline && showable(townHall) && showable(before) ? townHall - before : null;
  return {
    townHall: shownCount(townHall),
    mobile: shownCount(mobile),
    mobileShare:
      hasCounts && showable(townHall) && showable(mobile) && townHall + mobile >= SUPPRESS_BELOW
        ? mobile / (townHall + mobile)
        : null,
    townHallBefore: shownCount(before),
    change,
    changeShare: change !== null && before >= SUPPRESS_BELOW ? change / before : null,
  };
}

/** The town hall against the Mobiles Rathaus for a period, per service and month, with the baseline's change. */
export function compareWithTownHall(input: TownHallComparisonInput): TownHallComparison {
  const baseline = baselineOf(input.from, input.to);
  const first = dayNumber(input.from);
  const last = dayNumber(input.to);
  const shift = baseline.days;

  // The months of the selection, each clipped to it.
  const months: ComparisonPeriod[] = [];
  for (let start = first; start <= last;) {
    const month = dayOf(start).slice(0, 7);
    const [year, monthNumber] = month.split('-').map(Number) as [number, number];
    const end = Math.min(last, Date.UTC(year, monthNumber, 0) / DAY_MS);
    months.push({
      key: month,
      from: dayOf(start),
      to: dayOf(end),
      baselineFrom: dayOf(start - shift),
      baselineTo: dayOf(end - shift),
      townHallDays: 0,
      baselineDays: 0,
    });
    start = end + 1;
  }
  const period: ComparisonPeriod = {
    key: 'all',
    from: input.from,
    to: input.to,
    baselineFrom: baseline.from,
    baselineTo: baseline.to,
    townHallDays: 0,
    baselineDays: 0,
  };
  const monthOf = new Map(months.map((month) => [month.key, month]));
  /** The selection's day a day stands for (itself, or the day `shift` later in the baseline), or undefined. */
  const place = (day: string): { month: string; before: boolean } | undefined => {
    const number = dayNumber(day);
    if (number >= first && number <= last) return { month: day.slice(0, 7), before: false };
    if (number >= first - shift && number < first) {
      return { month: dayOf(number + shift).slice(0, 7), before: true };
    }
    return undefined;
  };

  for (const day of new Set(input.coveredDays)) {
    const at = place(day);
    if (!at) continue;
    const month = monthOf.get(at.month)!;
    if (at.before) {
      period.baselineDays++;
      month.baselineDays++;
    } else {
      period.townHallDays++;
      month.townHallDays++;
    }
  }

  const sums = new Map<string, Sums>();
  const add = (serviceId: string, key: string, field: keyof Sums, count: number) => {
    const id = `${serviceId}\u0000${key}`;
    const entry = sums.get(id) ?? { townHall: 0, before: 0, mobile: 0 };
    entry[field] += count;
    sums.set(id, entry);
  };
  const services = new Set<string>();
  const record = (rows: readonly DailyServiceCount[], mobile: boolean) => {
    for (const row of rows) {
      const at = place(row.day);
      if (!at || (mobile && at.before)) continue;
      const field: keyof Sums = mobile ? 'mobile' : at.before ? 'before' : 'townHall';
      services.add(row.serviceId);
      for (const serviceId of [row.serviceId, '']) {
        add(serviceId, 'all', field, row.count);
        add(serviceId, at.month, field, row.count);
      }
    }
  };
  record(input.townHall, false);
  record(input.mobile, true);

  const sumsOf = (serviceId: string, key: string) =>
    sums.get(`${serviceId}\u0000${key}`) ?? { townHall: 0, before: 0, mobile: 0 };
  const serviceIds = [...services].sort();
  return {
    period,
    months,
    baselineOverlapsMobile: input.firstMobileDay !== null && input.firstMobileDay <= baseline.to,
    firstMobileDay: input.firstMobileDay,
    total: figuresOf(sumsOf('', 'all'), period),
    byService: serviceIds.map((serviceId) => ({ serviceId, ...figuresOf(sumsOf(serviceId, 'all'), period) })),
    byMonth: months.map((month) => ({ month: month.key, ...figuresOf(sumsOf('', month.key), month) })),
    byServiceMonth: serviceIds.flatMap((serviceId) =>
      months.map((month) => ({
        serviceId,
        month: month.key,
        ...figuresOf(sumsOf(serviceId, month.key), month),
      })),
    ),
  };
}
