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
  visits: EvaluationVisit[];
  /** Stops whose open minutes and costs belong to the group, or undefined where they cannot be attributed. */
  stops: EvaluationStop[] | undefined;
  /** Per-service rows count only that service's quantity. */
  serviceId?: string;
  /** Survey answers of the group, or undefined where they cannot be attributed (per service). */
  feedback: readonly EvaluationFeedback[] | undefined;
}

/**
 * Median and p90 of the first `count` values, as `durationStats` computes them (nearest rank), on a typed array:
 * a year of visits is measured in many groups, and a numeric sort of a Float64Array is far cheaper.
 */
function medianAndP90(values: Float64Array, count: number): { medianMinutes: number; p90Minutes: number } {
  const sorted = values.subarray(0, count).sort();
  const middle = Math.floor(count / 2);
  return {
    medianMinutes: count % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2,
    p90Minutes: sorted[Math.ceil(0.9 * count) - 1]!,
  };
}

function measure(group: Group, costs: Map<string, StopCost>): EvaluationMeasures {
  // One pass over the group's visits.
  let contacts = 0;
  let servicesDelivered = 0;
  let cancellations = 0;
  let noShows = 0;
  let walkIns = 0;
  let booked = 0;
  const waits = new Float64Array(group.visits.length);
  const handling = new Float64Array(group.visits.length);
  let waitCount = 0;
  let handlingCount = 0;
  for (const visit of group.visits) {
    booked += visit.bookedMinutes;
    if (visit.outcome === 'cancelled') cancellations++;
    else if (visit.outcome === 'no_show') noShows++;
    if (visit.arrivedAt !== null && visit.firstCalledAt !== null) {
      waits[waitCount++] = (visit.firstCalledAt - visit.arrivedAt) / 60_000;
    }
    if (visit.outcome !== 'finished') continue;
    contacts++;
    if (visit.channel === 'walk_in') walkIns++;
    for (const service of visit.services) {
      if (group.serviceId === undefined || service.serviceId === group.serviceId) {
        servicesDelivered += service.quantity;
      }
    }
    if (visit.firstCalledAt !== null && visit.finishedAt !== null) {
      handling[handlingCount++] = (visit.finishedAt - visit.firstCalledAt) / 60_000;
    }
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
    visits: shownCount(group.visits.length),
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
  const stopById = new Map(stops.map((stop) => [stop.stopId, stop]));
  for (const [index, visit] of visits.entries()) {
    if (!stopById.has(visit.stopId)) {
      throw new DomainError('not_found', {
        field: `visits[${index}].stopId`,
        message: `unknown stop ${visit.stopId}`,
      });
    }
  }
  const costs = stopCosts(stops, assumptions);
  const granularity = periodGranularity(input.from, input.to);
  const attributable = (selected: EvaluationStop[]) => (partialStops ? undefined : selected);

  const rowsBy = (
    visitKey: (visit: EvaluationVisit) => string | readonly string[],
    stopKey: ((stop: EvaluationStop) => string) | undefined,
    feedbackKey: ((answer: EvaluationFeedback) => string | readonly string[]) | undefined,
    serviceRows = false,
  ): EvaluationRow[] => {
    const visitGroups = groupBy(visits, visitKey);
    const feedbackGroups = feedbackKey && input.feedback ? groupBy(input.feedback, feedbackKey) : undefined;
    const stopGroups = stopKey ? groupBy(stops, stopKey) : new Map<string, EvaluationStop[]>();
    const keys = new Set([...visitGroups.keys(), ...stopGroups.keys()]);
    return [...keys]
      .map((key) => ({
        key,
        ...measure(
          {
            visits: visitGroups.get(key) ?? [],
            stops: stopKey ? attributable(stopGroups.get(key) ?? []) : undefined,
            feedback: feedbackGroups ? (feedbackGroups.get(key) ?? []) : undefined,
            ...(serviceRows ? { serviceId: key } : {}),
          },
          costs,
        ),
      }))
      .sort(byKey);
  };

  const siteOf = (visit: EvaluationVisit) => stopById.get(visit.stopId)!.siteId;
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
  const finished = visits.filter((visit) => visit.outcome === 'finished');
  const population = new Map(input.districts.map((district) => [district.districtId, district.population]));
  const catchment = [...groupBy(finished, (visit) => visit.originDistrictId ?? '').entries()]
    .map(([key, list]): CatchmentRow => {
      const districtId = key === '' ? null : key;
      const residents = districtId === null ? null : (population.get(districtId) ?? null);
      return {
        districtId,
        contacts: shownCount(list.length),
        population: residents,
        contactsPer1000:
          residents && residents > 0 && list.length >= SUPPRESS_BELOW
            ? (list.length / residents) * 1000
            : null,
      };
    })
    .sort((a, b) => (a.districtId ?? '\uffff').localeCompare(b.districtId ?? '\uffff'));
  const byPeriod = rowsBy(
    (visit) => periodOf(stopById.get(visit.stopId)!.localDate),
    (stop) => periodOf(stop.localDate),
    (answer) => {
      const stop = stopById.get(answer.stopId);
      return stop ? periodOf(stop.localDate) : [];
    },
  );
  const periodChannelContacts = groupBy(
    finished,
    (visit) => `${periodOf(stopById.get(visit.stopId)!.localDate)}|${visit.channel}`,
  );
  const byPeriodChannel = byPeriod.flatMap((row) =>
    evaluationChannels.map((channel): PeriodChannelContacts => ({
      period: row.key,
      channel,
      contacts: shownCount(periodChannelContacts.get(`${row.key}|${channel}`)?.length ?? 0),
    })),
  );
  const answers = input.feedback;
  const satisfactionDistribution = answers
    ? ([1, 2, 3, 4, 5] as const).map((score): SatisfactionCount => ({
        score,
        answers: shownCount(answers.filter((answer) => answer.satisfaction === score).length),
      }))
    : [];
  const totalCost = heldStops.reduce((sum, stop) => sum + costs.get(stop.stopId)!.costEur, 0);
  return {
    totals: measure(
      { visits: [...visits], stops: attributable([...stops]), feedback: input.feedback },
      costs,
    ),
    stopsHeld: heldStops.length,
    openCounterMinutes: heldStops.reduce((sum, stop) => sum + stop.openMinutes * stop.counters, 0),
    totalCostEur: partialStops ? null : totalCost,
    staffHours: heldStops.reduce((sum, stop) => sum + costs.get(stop.stopId)!.staffHours, 0),
    bySite: rowsBy(
      siteOf,
      (stop) => stop.siteId,
      (answer) => stopById.get(answer.stopId)?.siteId ?? '',
    ),
    byService: rowsBy(
      (visit) =>
        visit.services.length === 1
          ? visit.services[0]!.serviceId
          : [...new Set(visit.services.map((service) => service.serviceId))],
      undefined,
      undefined,
      true,
    ),
    // Answers know only "appointment" or "walk-in": they count for the walk-in row alone.
    byChannel: rowsBy(
      (visit) => visit.channel,
      undefined,
      (answer) => (answer.channel === 'walk_in' ? 'walk_in' : []),
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
