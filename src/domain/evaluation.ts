/**
 * The evaluation of the test phase (Erprobung): what the council decides on. Pure: the server reads visits and
 * stops (no personal data, only ids, times and counts) and this module turns them into figures.
 *
 * Definitions (the README and the dashboard print the same):
 * - a visit is a booking that was confirmed (not a hold that expired) or a walk-in ticket;
 * - a contact is a finished visit; services delivered count each service of a finished visit with its quantity;
 * - waiting time runs from arrival (check-in or ticket) to the first call, handling time from the first call to
 *   the finish; medians and p90 by the nearest-rank method (as `durationStats` in figures.ts);
 * - utilisation is booked minutes (bookings that kept their slot, no-shows included) over open counter minutes
 *   (opening hours × counters of the stops that were not cancelled);
 * - cost per contact is (staff hours × hourly rate + unit-day cost + travel per stop) over contacts; staff hours
 *   are the stop's span including set-up and tear-down times the people rostered for it, or its counters where
 *   nobody is rostered; a unit-day's cost is shared by that unit's stops of the day.
 * - small cells: a count of 1 to 4 is never shown (null), and figures derived from fewer than 5 contacts are
 *   not shown either. Zero is shown.
 */
import { DomainError } from './errors.ts';

export const SUPPRESS_BELOW = 5;

export const evaluationChannels = ['booked', 'waitlist', 'staff_booked', 'walk_in'] as const;
export type EvaluationChannel = (typeof evaluationChannels)[number];

export type VisitOutcome = 'finished' | 'no_show' | 'cancelled' | 'open';

export interface EvaluationVisit {
  stopId: string;
  channel: EvaluationChannel;
  outcome: VisitOutcome;
  /** Delivered services where the visit recorded them, otherwise those asked for. */
  services: readonly { serviceId: string; quantity: number }[];
  /** Appointments that kept their slot: their booked minutes; walk-ins and cancelled bookings: 0. */
  bookedMinutes: number;
  /** "Aus welchem Stadtteil kommen Sie?", when answered. */
  originDistrictId: string | null;
  /** Epoch milliseconds from the queue's event log. */
  arrivedAt: number | null;
  firstCalledAt: number | null;
  finishedAt: number | null;
}

export interface EvaluationStop {
  stopId: string;
  siteId: string;
  unitId: string;
  /** Calendar day of the stop in the municipality's time zone (YYYY-MM-DD). */
  localDate: string;
  cancelled: boolean;
  /** Opening hours in minutes (start to end). */
  openMinutes: number;
  counters: number;
  /** Set-up, opening and tear-down in minutes: the staff's working time at the stop. */
  staffedMinutes: number;
  /** People rostered for the stop (0 when nobody is). */
  rosteredStaff: number;
}

/** One survey answer: no link to the person or the visit, only its stop and channel. */
export interface EvaluationFeedback {
  stopId: string;
  channel: 'booked' | 'walk_in';
  /** 1 (bad) to 5 (very good). */
  satisfaction: number;
  wouldUseAgain: 'yes' | 'no' | 'unsure';
}

export interface CostAssumptions {
  staffHourRateEur: number;
  unitDayCostEur: number;
  travelCostPerStopEur: number;
}

/**
 * Used until a planner enters the municipality's own figures: round numbers, marked as defaults wherever they
 * show (a staff hour with overheads, a van's or kit's day with depreciation and insurance, a trip to a stop).
 */
export const defaultCostAssumptions: CostAssumptions = {
  staffHourRateEur: 60,
  unitDayCostEur: 150,
  travelCostPerStopEur: 15,
};

export interface DistrictPopulation {
  districtId: string;
  population: number | null;
}

export type PeriodGranularity = 'day' | 'week' | 'month';

/** A count, or null when it lies between 1 and 4 (too small to show). */
export type ShownCount = number | null;

export interface EvaluationMeasures {
  visits: ShownCount;
  contacts: ShownCount;
  servicesDelivered: ShownCount;
  cancellations: ShownCount;
  noShows: ShownCount;
  waitMedianMinutes: number | null;
  waitP90Minutes: number | null;
  handlingMedianMinutes: number | null;
  handlingP90Minutes: number | null;
  /** 0..1; null where it cannot be attributed (per service or channel) or nothing was open. */
  utilisation: number | null;
  /** Walk-in contacts over contacts, 0..1. */
  walkInShare: number | null;
  /** Euros; null where costs cannot be attributed (per service or channel) or there are fewer than 5 contacts. */
  costPerContactEur: number | null;
  /** Survey answers; their mean satisfaction (1–5) and share of "would use it again", from 5 answers on. */
  feedbackAnswers: ShownCount;
  satisfactionMean: number | null;
  wouldUseAgainShare: number | null;
}

export interface EvaluationRow extends EvaluationMeasures {
  key: string;
}

export interface CatchmentRow {
  districtId: string | null;
  contacts: ShownCount;
  population: number | null;
  /** Contacts per 1,000 residents; null without population or with fewer than 5 contacts. */
  contactsPer1000: number | null;
}

/** Contacts of one channel in one period: the series of the dashboard's time chart. */
export interface PeriodChannelContacts {
  period: string;
  channel: EvaluationChannel;
  contacts: ShownCount;
}

/** Survey answers with one satisfaction score (1 bad … 5 very good). */
export interface SatisfactionCount {
  score: 1 | 2 | 3 | 4 | 5;
  answers: ShownCount;
}

export interface EvaluationFigures {
  totals: EvaluationMeasures;
  /** Stops held (not cancelled) and their open counter minutes: the denominator of utilisation. */
  stopsHeld: number;
  openCounterMinutes: number;
  /** The cost of the stops in the selection, in euros (null when costs cannot be attributed). */
  totalCostEur: number | null;
  staffHours: number;
  bySite: EvaluationRow[];
  byService: EvaluationRow[];
  byChannel: EvaluationRow[];
  byPeriod: EvaluationRow[];
  periodGranularity: PeriodGranularity;
  /** Every period of `byPeriod` × every channel, zero included. */
  byPeriodChannel: PeriodChannelContacts[];
  catchment: CatchmentRow[];
  /** Answers per score, 1 to 5; empty where answers cannot be attributed. */
  satisfactionDistribution: SatisfactionCount[];
}

export interface EvaluationInput {
  stops: readonly EvaluationStop[];
  visits: readonly EvaluationVisit[];
  /** Answers at the selection's stops; undefined where they cannot be attributed (a service filter). */
  feedback: readonly EvaluationFeedback[] | undefined;
  assumptions: CostAssumptions;
  districts: readonly DistrictPopulation[];
  /** The selection's first and last day, for the granularity of `byPeriod`. */
  from: string;
  to: string;
  /**
   * True when the selection keeps only some visits of a stop (a service or a channel): stops' costs and open
   * minutes then belong to visits outside the selection too, and are not attributed.
   */
  partialStops: boolean;
}

const DAY_MS = 86_400_000;

export function shownCount(value: number): ShownCount {
  return value > 0 && value < SUPPRESS_BELOW ? null : value;
}

/** The granularity of the period breakdown: days up to a month, weeks up to half a year, months beyond. */
export function periodGranularity(from: string, to: string): PeriodGranularity {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (!Number.isFinite(days) || days < 1) {
    throw new DomainError('invalid_range', { field: 'to', message: 'the period ends before it starts' });
  }
  if (days <= 31) return 'day';
  if (days <= 183) return 'week';
  return 'month';
}

/** The period a day belongs to: the day, the ISO week's Monday, or the month (YYYY-MM). */
export function periodKey(localDate: string, granularity: PeriodGranularity): string {
  if (granularity === 'day') return localDate;
  if (granularity === 'month') return localDate.slice(0, 7);
  const date = new Date(`${localDate}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0
  return new Date(date.getTime() - weekday * DAY_MS).toISOString().slice(0, 10);
}

interface StopCost {
  staffHours: number;
  costEur: number;
}

function stopCosts(stops: readonly EvaluationStop[], assumptions: CostAssumptions): Map<string, StopCost> {
  const held = stops.filter((stop) => !stop.cancelled);
  const stopsPerUnitDay = new Map<string, number>();
  for (const stop of held) {
    const key = `${stop.unitId}|${stop.localDate}`;
    stopsPerUnitDay.set(key, (stopsPerUnitDay.get(key) ?? 0) + 1);
  }
  const costs = new Map<string, StopCost>();
  for (const stop of held) {
    const people = stop.rosteredStaff > 0 ? stop.rosteredStaff : stop.counters;
    const staffHours = (people * stop.staffedMinutes) / 60;
    const unitDayShare =
      assumptions.unitDayCostEur / stopsPerUnitDay.get(`${stop.unitId}|${stop.localDate}`)!;
    costs.set(stop.stopId, {
      staffHours,
      costEur: staffHours * assumptions.staffHourRateEur + unitDayShare + assumptions.travelCostPerStopEur,
    });
  }
  return costs;
}

interface Group {
  /** Indices of the group's visits in the input (and in its columns). */
  members: Int32Array;
  /** Stops whose open minutes and costs belong to the group, or undefined where they cannot be attributed. */
  stops: EvaluationStop[] | undefined;
  /** Per-service rows count only that service's quantity. */
  serviceId?: string;
  /** Survey answers of the group, or undefined where they cannot be attributed (per service). */
  feedback: readonly EvaluationFeedback[] | undefined;
}

const OUTCOME_OPEN = 0;
const OUTCOME_CANCELLED = 1;
const OUTCOME_NO_SHOW = 2;
const OUTCOME_FINISHED = 3;
const outcomeCodes: Record<VisitOutcome, number> = {
  open: OUTCOME_OPEN,
  cancelled: OUTCOME_CANCELLED,
  no_show: OUTCOME_NO_SHOW,
  finished: OUTCOME_FINISHED,
};

/**
 * The visits as columns, worked out once: a year of visits is measured in every group of every table, and
 * reading typed arrays by index is far cheaper than walking the visit objects again each time.
 */
interface VisitColumns {
  visits: readonly EvaluationVisit[];
  booked: Float64Array;
  outcome: Uint8Array;
  /** Minutes from arrival to the first call; NaN where the log lacks either. */
  wait: Float64Array;
  /** Minutes from the first call to the finish of a finished visit; NaN otherwise. */
  handling: Float64Array;
  walkIn: Uint8Array;
  /** The quantities of all the visit's services. */
  quantity: Float64Array;
  /** Scratch space for the waits and handling times of one group (selection reorders it). */
  waitScratch: Float64Array;
  handlingScratch: Float64Array;
}

function visitColumns(visits: readonly EvaluationVisit[]): VisitColumns {
  const count = visits.length;
  const columns: VisitColumns = {
    visits,
    booked: new Float64Array(count),
    outcome: new Uint8Array(count),
    wait: new Float64Array(count),
    handling: new Float64Array(count),
    walkIn: new Uint8Array(count),
    quantity: new Float64Array(count),
    waitScratch: new Float64Array(count),
    handlingScratch: new Float64Array(count),
  };
  for (let index = 0; index < count; index++) {
    const visit = visits[index]!;
    const outcome = outcomeCodes[visit.outcome];
    columns.booked[index] = visit.bookedMinutes;
    columns.outcome[index] = outcome;
    columns.wait[index] =
      visit.arrivedAt !== null && visit.firstCalledAt !== null
        ? (visit.firstCalledAt - visit.arrivedAt) / 60_000
        : NaN;
    columns.handling[index] =
      outcome === OUTCOME_FINISHED && visit.firstCalledAt !== null && visit.finishedAt !== null
        ? (visit.finishedAt - visit.firstCalledAt) / 60_000
        : NaN;
    columns.walkIn[index] = visit.channel === 'walk_in' ? 1 : 0;
    let quantity = 0;
    for (const service of visit.services) quantity += service.quantity;
    columns.quantity[index] = quantity;
  }
  return columns;
}

/**
 * Groups visit indices by a key id per visit (-1: in no group) with a counting sort: one array for all groups,
 * each group a view of it, in input order.
 */
function bucketByKey(keyIds: Int32Array, keyCount: number): Int32Array[] {
  const sizes = new Int32Array(keyCount + 1);
  for (let index = 0; index < keyIds.length; index++) {
    const key = keyIds[index]!;
    if (key >= 0) sizes[key + 1]!++;
  }
  for (let key = 1; key <= keyCount; key++) sizes[key]! += sizes[key - 1]!;
  const starts = sizes.slice(0, keyCount);
  const order = new Int32Array(sizes[keyCount]!);
  for (let index = 0; index < keyIds.length; index++) {
    const key = keyIds[index]!;
    if (key >= 0) order[starts[key]!++] = index;
  }
  return Array.from({ length: keyCount }, (_, key) => order.subarray(sizes[key]!, sizes[key + 1]!));
}

/** Key ids for string keys, in order of first appearance. */
class KeyIds {
  readonly keys: string[] = [];
  private readonly ids = new Map<string, number>();
  idOf(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.ids.set(key, id);
      this.keys.push(key);
    }
    return id;
  }
}

/**
 * Puts the `k`-th smallest of `values[left..right]` at index `k`, smaller-or-equal ones before it and
 * greater-or-equal ones after it (Hoare's selection with a median-of-three pivot): linear on average, where a
 * sort of a year's waits in every group would be n log n.
 */
function selectInPlace(values: Float64Array, k: number, left: number, right: number): void {
  let lo = left;
  let hi = right;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as the pivot.
    const a = values[lo]!;
    const b = values[mid]!;
    const c = values[hi]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    // Three-way partition: [lo, lt) < pivot, [lt, index) = pivot, (gt, hi] > pivot. Runs of equal minutes
    // (they repeat a lot) end the search at once instead of degrading it.
    let lt = lo;
    let gt = hi;
    let index = lo;
    while (index <= gt) {
      const value = values[index]!;
      if (value < pivot) swap(values, lt++, index++);
      else if (value > pivot) swap(values, index, gt--);
      else index++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return;
  }
}

function swap(values: Float64Array, a: number, b: number): void {
  const held = values[a]!;
  values[a] = values[b]!;
  values[b] = held;
}

/** The largest of `values[0..end)`. */
function maxBefore(values: Float64Array, end: number): number {
  let max = -Infinity;
  for (let index = 0; index < end; index++) if (values[index]! > max) max = values[index]!;
  return max;
}

/**
 * Median and p90 of the first `count` values, as `durationStats` computes them (nearest rank), by selection on
 * a typed array: a year of visits is measured in many groups. Reorders the values.
 */
export function medianAndP90(
  values: Float64Array,
  count: number,
): { medianMinutes: number; p90Minutes: number } {
  const p90Index = Math.ceil(0.9 * count) - 1;
  const middle = Math.floor(count / 2);
  selectInPlace(values, p90Index, 0, count - 1);
  const p90Minutes = values[p90Index]!;
  // Everything before p90Index is at most the p90: the median lies there (or is the p90 itself).
  if (middle < p90Index) selectInPlace(values, middle, 0, p90Index - 1);
  const upper = values[middle]!;
  const medianMinutes = count % 2 === 1 ? upper : (maxBefore(values, middle) + upper) / 2;
  return { medianMinutes, p90Minutes };
}

function measure(group: Group, columns: VisitColumns, costs: Map<string, StopCost>): EvaluationMeasures {
  // One pass over the group's visits, by index into the columns.
  let contacts = 0;
  let servicesDelivered = 0;
  let cancellations = 0;
  let noShows = 0;
  let walkIns = 0;
  let booked = 0;
  const waits = columns.waitScratch;
  const handling = columns.handlingScratch;
  let waitCount = 0;
  let handlingCount = 0;
  const { members } = group;
  for (let position = 0; position < members.length; position++) {
    const index = members[position]!;
    booked += columns.booked[index]!;
    const outcome = columns.outcome[index]!;
    if (outcome === OUTCOME_CANCELLED) cancellations++;
    else if (outcome === OUTCOME_NO_SHOW) noShows++;
    const wait = columns.wait[index]!;
    if (wait === wait) waits[waitCount++] = wait;
    if (outcome !== OUTCOME_FINISHED) continue;
    contacts++;
    walkIns += columns.walkIn[index]!;
    if (group.serviceId === undefined) servicesDelivered += columns.quantity[index]!;
    else {
      for (const service of columns.visits[index]!.services) {
        if (service.serviceId === group.serviceId) servicesDelivered += service.quantity;
      }
    }
    const handled = columns.handling[index]!;
    if (handled === handled) handling[handlingCount++] = handled;
  }
  const enough = contacts >= SUPPRESS_BELOW;
  const waitStats = waitCount >= SUPPRESS_BELOW ? medianAndP90(waits, waitCount) : undefined;
  const handlingStats = handlingCount >= SUPPRESS_BELOW ? medianAndP90(handling, handlingCount) : undefined;
  let utilisation: number | null = null;
  let costPerContactEur: number | null = null;
  if (group.stops) {
    const held = group.stops.filter((stop) => !stop.cancelled);
    const open = held.reduce((sum, stop) => sum + stop.openMinutes * stop.counters, 0);
    utilisation = open > 0 ? booked / open : null;
    const cost = held.reduce((sum, stop) => sum + (costs.get(stop.stopId)?.costEur ?? 0), 0);
    costPerContactEur = enough ? cost / contacts : null;
  }
  const answers = group.feedback ?? [];
  const enoughAnswers = group.feedback !== undefined && answers.length >= SUPPRESS_BELOW;
  return {
    visits: shownCount(members.length),
    contacts: shownCount(contacts),
    servicesDelivered: shownCount(servicesDelivered),
    cancellations: shownCount(cancellations),
    noShows: shownCount(noShows),
    waitMedianMinutes: waitStats?.medianMinutes ?? null,
    waitP90Minutes: waitStats?.p90Minutes ?? null,
    handlingMedianMinutes: handlingStats?.medianMinutes ?? null,
    handlingP90Minutes: handlingStats?.p90Minutes ?? null,
    utilisation,
    walkInShare: enough ? walkIns / contacts : null,
    costPerContactEur,
    feedbackAnswers: group.feedback === undefined ? null : shownCount(answers.length),
    satisfactionMean: enoughAnswers
      ? answers.reduce((sum, answer) => sum + answer.satisfaction, 0) / answers.length
      : null,
    wouldUseAgainShare: enoughAnswers
      ? answers.filter((answer) => answer.wouldUseAgain === 'yes').length / answers.length
      : null,
  };
}

/** Groups items by their key, or by each of their keys (an item with several keys is in several groups). */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | readonly string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  const add = (key: string, item: T) => {
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  };
  for (const item of items) {
    const keys = keyOf(item);
    if (typeof keys === 'string') add(keys, item);
    else for (const key of keys) add(key, item);
  }
  return groups;
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export function computeEvaluation(input: EvaluationInput): EvaluationFigures {
  const { stops, visits, assumptions, partialStops } = input;
  for (const name of ['staffHourRateEur', 'unitDayCostEur', 'travelCostPerStopEur'] as const) {
    const value = assumptions[name];
    if (!Number.isFinite(value) || value < 0) {
      throw new DomainError('validation', { field: name, message: `${name} must be zero or more` });
    }
  }
  const stopIndexById = new Map(stops.map((stop, index) => [stop.stopId, index]));
  const visitStop = new Int32Array(visits.length);
  for (const [index, visit] of visits.entries()) {
    const stopIndex = stopIndexById.get(visit.stopId);
    if (stopIndex === undefined) {
      throw new DomainError('not_found', {
        field: `visits[${index}].stopId`,
        message: `unknown stop ${visit.stopId}`,
      });
    }
    visitStop[index] = stopIndex;
  }
  const stopById = new Map(stops.map((stop) => [stop.stopId, stop]));
  const columns = visitColumns(visits);
  const costs = stopCosts(stops, assumptions);
  const granularity = periodGranularity(input.from, input.to);
  const attributable = (selected: EvaluationStop[]) => (partialStops ? undefined : selected);

  /** Rows of a table whose visits have one key each, taken from the visit's stop or from the visit. */
  const rowsBy = (
    visitKey: { ofStop: (stop: EvaluationStop) => string } | { ofVisit: (visit: EvaluationVisit) => string },
    stopsAttributed: boolean,
    feedbackKey: ((answer: EvaluationFeedback) => string | readonly string[]) | undefined,
  ): EvaluationRow[] => {
    const ids = new KeyIds();
    const keyIds = new Int32Array(visits.length);
    if ('ofStop' in visitKey) {
      const stopKeyIds = stops.map((stop) => ids.idOf(visitKey.ofStop(stop)));
      for (let index = 0; index < visits.length; index++) keyIds[index] = stopKeyIds[visitStop[index]!]!;
    } else {
      for (let index = 0; index < visits.length; index++)
        keyIds[index] = ids.idOf(visitKey.ofVisit(visits[index]!));
    }
    const groups = bucketByKey(keyIds, ids.keys.length);
    const stopGroups =
      stopsAttributed && 'ofStop' in visitKey
        ? groupBy(stops, visitKey.ofStop)
        : new Map<string, EvaluationStop[]>();
    const feedbackGroups = feedbackKey && input.feedback ? groupBy(input.feedback, feedbackKey) : undefined;
    return ids.keys
      .map((key, id) => ({
        key,
        ...measure(
          {
            members: groups[id]!,
            stops: stopsAttributed ? attributable(stopGroups.get(key) ?? []) : undefined,
            feedback: feedbackGroups ? (feedbackGroups.get(key) ?? []) : undefined,
          },
          columns,
          costs,
        ),
      }))
      .sort(byKey);
  };

  const periodKeys = new Map<string, string>();
  const periodOf = (localDate: string) => {
    let key = periodKeys.get(localDate);
    if (key === undefined) {
      key = periodKey(localDate, granularity);
      periodKeys.set(localDate, key);
    }
    return key;
  };
  const heldStops = stops.filter((stop) => !stop.cancelled);
  const population = new Map(input.districts.map((district) => [district.districtId, district.population]));
  const finishedByOrigin = new Map<string, number>();
  for (let index = 0; index < visits.length; index++) {
    if (columns.outcome[index] !== OUTCOME_FINISHED) continue;
    const origin = visits[index]!.originDistrictId ?? '';
    finishedByOrigin.set(origin, (finishedByOrigin.get(origin) ?? 0) + 1);
  }
  const catchment = [...finishedByOrigin.entries()]
    .map(([key, contacts]): CatchmentRow => {
      const districtId = key === '' ? null : key;
      const residents = districtId === null ? null : (population.get(districtId) ?? null);
      return {
        districtId,
        contacts: shownCount(contacts),
        population: residents,
        contactsPer1000:
          residents && residents > 0 && contacts >= SUPPRESS_BELOW ? (contacts / residents) * 1000 : null,
      };
    })
    .sort((a, b) => (a.districtId ?? '\uffff').localeCompare(b.districtId ?? '\uffff'));
  // Every stop's period is a row, visits or not (a period with stops but no visits shows its open minutes).
  const byPeriod = rowsBy({ ofStop: (stop) => periodOf(stop.localDate) }, true, (answer) => {
    const stop = stopById.get(answer.stopId);
    return stop ? periodOf(stop.localDate) : [];
  });
  // Contacts per period and channel: counted by the stop's period and the channel's position, no key strings.
  const periodIds = new KeyIds();
  const stopPeriodIds = stops.map((stop) => periodIds.idOf(periodOf(stop.localDate)));
  const channelCount = evaluationChannels.length;
  const channelPosition = new Map<string, number>(
    evaluationChannels.map((channel, index) => [channel, index]),
  );
  const periodChannelCounts = new Int32Array(periodIds.keys.length * channelCount);
  for (let index = 0; index < visits.length; index++) {
    if (columns.outcome[index] !== OUTCOME_FINISHED) continue;
    const period = stopPeriodIds[visitStop[index]!]!;
    periodChannelCounts[period * channelCount + channelPosition.get(visits[index]!.channel)!]!++;
  }
  const byPeriodChannel = byPeriod.flatMap((row) => {
    const period = periodIds.keys.indexOf(row.key);
    return evaluationChannels.map((channel, position): PeriodChannelContacts => ({
      period: row.key,
      channel,
      contacts: shownCount(period < 0 ? 0 : periodChannelCounts[period * channelCount + position]!),
    }));
  });
  const answers = input.feedback;
  const satisfactionDistribution = answers
    ? ([1, 2, 3, 4, 5] as const).map((score): SatisfactionCount => ({
        score,
        answers: shownCount(answers.filter((answer) => answer.satisfaction === score).length),
      }))
    : [];
  const totalCost = heldStops.reduce((sum, stop) => sum + costs.get(stop.stopId)!.costEur, 0);
  // Services: a visit with several services is in each of their rows.
  const serviceMembers = new Map<string, number[]>();
  for (let index = 0; index < visits.length; index++) {
    const services = visits[index]!.services;
    for (let position = 0; position < services.length; position++) {
      const serviceId = services[position]!.serviceId;
      let seen = false;
      for (let earlier = 0; earlier < position; earlier++) {
        if (services[earlier]!.serviceId === serviceId) seen = true;
      }
      if (seen) continue;
      const list = serviceMembers.get(serviceId);
      if (list) list.push(index);
      else serviceMembers.set(serviceId, [index]);
    }
  }
  const byService = [...serviceMembers.entries()]
    .map(([key, members]) => ({
      key,
      ...measure(
        { members: Int32Array.from(members), stops: undefined, feedback: undefined, serviceId: key },
        columns,
        costs,
      ),
    }))
    .sort(byKey);
  const everyone = new Int32Array(visits.length);
  for (let index = 0; index < visits.length; index++) everyone[index] = index;
  return {
    totals: measure(
      { members: everyone, stops: attributable([...stops]), feedback: input.feedback },
      columns,
      costs,
    ),
    stopsHeld: heldStops.length,
    openCounterMinutes: heldStops.reduce((sum, stop) => sum + stop.openMinutes * stop.counters, 0),
    totalCostEur: partialStops ? null : totalCost,
    staffHours: heldStops.reduce((sum, stop) => sum + costs.get(stop.stopId)!.staffHours, 0),
    bySite: rowsBy(
      { ofStop: (stop) => stop.siteId },
      true,
      (answer) => stopById.get(answer.stopId)?.siteId ?? '',
    ),
    byService,
    // Answers know only "appointment" or "walk-in": they count for the walk-in row alone.
    byChannel: rowsBy({ ofVisit: (visit) => visit.channel }, false, (answer) =>
      answer.channel === 'walk_in' ? 'walk_in' : [],
    ),
    byPeriod,
    periodGranularity: granularity,
    byPeriodChannel,
    catchment,
    satisfactionDistribution,
  };
}

/** Why a citizen came in person for a service that also exists online (recorded at the finish). */
export const inPersonReasons = ['did_not_know', 'no_eid', 'needs_help', 'legal_presence', 'other'] as const;
export type InPersonReasonCode = (typeof inPersonReasons)[number];
/** Reasons that say the visit could have been online: not known, no eID, or help needed (assisted digital). */
const couldHaveBeenOnline: ReadonlySet<InPersonReasonCode> = new Set([
  'did_not_know',
  'no_eid',
  'needs_help',
]);

export interface OnlineCandidateInput {
  serviceId: string;
  onlineAvailable: 'yes' | 'partial' | 'no' | 'unknown';
  presence: 'required' | 'optional' | 'not_required' | 'depends';
  typicalMinutes: number;
  /** Services delivered in person in the selection (quantities). */
  contacts: number;
  reasons: Partial<Record<InPersonReasonCode, number>>;
}

export type ShareBasis = 'reasons' | 'catalogue' | 'legal_presence';

export interface OnlineCandidate {
  serviceId: string;
  onlineAvailable: OnlineCandidateInput['onlineAvailable'];
  presence: OnlineCandidateInput['presence'];
  typicalMinutes: number;
  contacts: ShownCount;
  reasonsRecorded: ShownCount;
  reasons: Record<InPersonReasonCode, ShownCount>;
  /** Share of the in-person contacts that could have been online, 0..1. */
  couldBeOnlineShare: number | null;
  shareBasis: ShareBasis;
  /** contacts × typical minutes × share: counter minutes that could move online. */
  potentialMinutes: number | null;
}

/**
 * "What goes online next" (tracker issue 10, item 5): services ranked by in-person contacts × typical minutes ×
 * the share that could have been online. The share comes from the reasons clerks recorded when there are at
 * least 5, otherwise from the catalogue: 0 where presence is legally required, ½ where it depends, 1 otherwise.
 * Services with fewer than 5 contacts are listed last, without figures.
 */
export function rankOnlineCandidates(services: readonly OnlineCandidateInput[]): OnlineCandidate[] {
  const ranked = services.map((service): OnlineCandidate => {
    const recorded = inPersonReasons.reduce((sum, reason) => sum + (service.reasons[reason] ?? 0), 0);
    let share: number;
    let basis: ShareBasis;
    if (service.presence === 'required') {
      share = 0;
      basis = 'legal_presence';
    } else if (recorded >= SUPPRESS_BELOW) {
      const online = inPersonReasons
        .filter((reason) => couldHaveBeenOnline.has(reason))
        .reduce((sum, reason) => sum + (service.reasons[reason] ?? 0), 0);
      share = online / recorded;
      basis = 'reasons';
    } else {
      share = service.presence === 'depends' ? 0.5 : 1;
      basis = 'catalogue';
    }
    const enough = service.contacts >= SUPPRESS_BELOW;
    return {
      serviceId: service.serviceId,
      onlineAvailable: service.onlineAvailable,
      presence: service.presence,
      typicalMinutes: service.typicalMinutes,
      contacts: shownCount(service.contacts),
      reasonsRecorded: shownCount(recorded),
      reasons: Object.fromEntries(
        inPersonReasons.map((reason) => [reason, shownCount(service.reasons[reason] ?? 0)]),
      ) as Record<InPersonReasonCode, ShownCount>,
      couldBeOnlineShare: enough ? share : null,
      shareBasis: basis,
      potentialMinutes: enough ? service.contacts * service.typicalMinutes * share : null,
    };
  });
  return ranked.sort(
    (a, b) =>
      (b.potentialMinutes ?? -1) - (a.potentialMinutes ?? -1) || a.serviceId.localeCompare(b.serviceId),
  );
}
