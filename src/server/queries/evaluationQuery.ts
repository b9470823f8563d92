import { sql, type Kysely } from 'kysely';
import {
  computeEvaluation,
  defaultCostAssumptions,
  type CostAssumptions,
  type EvaluationChannel,
  type OnlineCandidate,
  rankOnlineCandidates,
  type EvaluationFeedback,
  type EvaluationFigures,
  type EvaluationInput,
  type EvaluationStop,
  type EvaluationVisit,
  type VisitOutcome,
} from '../../domain/evaluation.ts';
import { DomainError } from '../../domain/errors.ts';
import { stopVisitData } from './stopVisitDigests.ts';
import type {
  BookingRowStatus,
  Database,
  DeliveredService,
  TicketRowStatus,
  TicketService,
} from '../../db/schema.ts';

/** The selection of the dashboard and its exports. Days are calendar days of the municipality. */
export interface EvaluationFilter {
  from: string;
  to: string;
  siteId?: string | undefined;
  /** The district of the stop's site. */
  districtId?: string | undefined;
  unitId?: string | undefined;
  serviceId?: string | undefined;
  channel?: EvaluationChannel | undefined;
  /** A test phase: its period replaces from and to, and only its sites and units count. */
  testPhaseId?: string | undefined;
  /** Only stops at these sites, of these units (a test phase's). */
  siteIds?: readonly string[] | undefined;
  unitIds?: readonly string[] | undefined;
}

export interface EvaluationAssumptionsView extends CostAssumptions {
  /** False while the product's defaults apply. */
  custom: boolean;
  note: string | null;
  updatedAt: string | null;
}

export interface EvaluationResult extends EvaluationFigures {
  filter: EvaluationFilter;
  assumptions: EvaluationAssumptionsView;
  /** The services a department lead may see; undefined for everybody else. */
  serviceScope: string[] | undefined;
  /** The selection holds simulated activity of a demo database (src/cli/demo). */
  demo: boolean;
}

/** The longest period one evaluation covers: two years. */
export const MAX_EVALUATION_DAYS = 731;

const bookingChannel = { citizen: 'booked', waitlist: 'waitlist', staff: 'staff_booked' } as const;

/** Bookings that kept their slot until the day: their minutes count as booked for utilisation. */
const keptSlot: ReadonlySet<BookingRowStatus> = new Set([
  'confirmed',
  'checked_in',
  'called',
  'in_service',
  'parked',
  'finished',
  'no_show',
]);

function outcomeOf(status: BookingRowStatus | TicketRowStatus): VisitOutcome {
  if (status === 'finished' || status === 'no_show' || status === 'cancelled') return status;
  return 'open';
}

export async function evaluationAssumptions(
  db: Kysely<Database>,
  municipalityId: string,
): Promise<EvaluationAssumptionsView> {
  const row = await db
    .selectFrom('evaluation_assumptions')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .executeTakeFirst();
  if (!row) return { ...defaultCostAssumptions, custom: false, note: null, updatedAt: null };
  return {
    staffHourRateEur: Number(row.staff_hour_rate_eur),
    unitDayCostEur: Number(row.unit_day_cost_eur),
    travelCostPerStopEur: Number(row.travel_cost_per_stop_eur),
    custom: true,
    note: row.note,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function checkPeriod(filter: EvaluationFilter) {
  const from = Date.parse(`${filter.from}T00:00:00Z`);
  const to = Date.parse(`${filter.to}T00:00:00Z`);
  if (Number.isNaN(from)) throw new DomainError('invalid_date', { field: 'from', message: 'not a date' });
  if (Number.isNaN(to)) throw new DomainError('invalid_date', { field: 'to', message: 'not a date' });
  if (to < from)
    throw new DomainError('invalid_range', { field: 'to', message: 'the period ends before it starts' });
  if ((to - from) / 86_400_000 + 1 > MAX_EVALUATION_DAYS) {
    throw new DomainError('invalid_range', {
      field: 'to',
      message: `a period covers at most ${MAX_EVALUATION_DAYS} days`,
      details: { maxDays: MAX_EVALUATION_DAYS },
    });
  }
}

export interface Selection {
  stops: EvaluationStop[];
  stopIds: string[];
  /** The visits the filter keeps (channel, service, a lead's services). */
  selected: EvaluationVisit[];
  /** Every survey answer at the stops. */
  feedback: EvaluationFeedback[];
  /** Some of the stops are simulated (a demo database). */
  demo: boolean;
}

/** How the visits are read: `useDigests: false` reads every stop from the source tables (tests compare both). */
export interface EvaluationReadOptions {
  useDigests?: boolean;
  today?: string;
}

/** The stops of a selection and the visits it keeps. */
export async function loadSelection(
  db: Kysely<Database>,
  municipalityId: string,
  filter: EvaluationFilter,
  serviceScope: string[] | undefined,
  readOptions: EvaluationReadOptions = {},
): Promise<Selection> {
  checkPeriod(filter);
  if (serviceScope && filter.serviceId && !serviceScope.includes(filter.serviceId)) {
    throw new DomainError('department_scope', {
      field: 'serviceId',
      message: 'this service belongs to another department',
    });
  }
  let stopQuery = db
    .selectFrom('stops as s')
    .innerJoin('sites as site', (join) =>
      join.onRef('site.municipality_id', '=', 's.municipality_id').onRef('site.id', '=', 's.site_id'),
    )
    .select([
      's.id',
      's.site_id',
      's.unit_id',
      's.local_date',
      's.status',
      's.counters',
      's.demo',
      sql<number>`extract(epoch from (s.ends_at - s.starts_at)) / 60`.as('open_minutes'),
      sql<number>`extract(epoch from (s.occupied_until - s.occupied_from)) / 60`.as('staffed_minutes'),
      (eb) =>
        eb
          .selectFrom('roster_assignments as r')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('r.municipality_id', '=', 's.municipality_id')
          .whereRef('r.stop_id', '=', 's.id')
          .as('rostered'),
    ])
    .where('s.municipality_id', '=', municipalityId)
    .where('s.local_date', '>=', filter.from)
    .where('s.local_date', '<=', filter.to);
  if (filter.siteId) stopQuery = stopQuery.where('s.site_id', '=', filter.siteId);
  if (filter.unitId) stopQuery = stopQuery.where('s.unit_id', '=', filter.unitId);
  if (filter.siteIds) {
    stopQuery = stopQuery.where('s.site_id', 'in', filter.siteIds.length > 0 ? [...filter.siteIds] : ['']);
  }
  if (filter.unitIds) {
    stopQuery = stopQuery.where('s.unit_id', 'in', filter.unitIds.length > 0 ? [...filter.unitIds] : ['']);
  }
  if (filter.districtId) stopQuery = stopQuery.where('site.district_id', '=', filter.districtId);
  const stopRows = await stopQuery.orderBy('s.local_date').orderBy('s.id').execute();
  const stops: EvaluationStop[] = stopRows.map((row) => ({
    stopId: row.id,
    siteId: row.site_id,
    unitId: row.unit_id,
    localDate: String(row.local_date),
    cancelled: row.status === 'cancelled',
    openMinutes: Number(row.open_minutes),
    counters: row.counters,
    staffedMinutes: Number(row.staffed_minutes),
    rosteredStaff: Number(row.rostered ?? 0),
  }));
  const stopIds = stops.map((stop) => stop.stopId);
  const { visits, feedback } = await stopVisitData(
    db,
    municipalityId,
    stops,
    async (ids) => ({
      visits: ids.length === 0 ? [] : await visitsOf(db, municipalityId, ids),
      feedback: ids.length === 0 ? [] : await feedbackOf(db, municipalityId, ids),
    }),
    readOptions,
  );

  const inScope = (visit: EvaluationVisit) =>
    !serviceScope || visit.services.some((service) => serviceScope.includes(service.serviceId));
  const selected = visits.filter(
    (visit) =>
      inScope(visit) &&
      (!filter.channel || visit.channel === filter.channel) &&
      (!filter.serviceId || visit.services.some((service) => service.serviceId === filter.serviceId)),
  );
  return { stops, stopIds, selected, feedback, demo: stopRows.some((row) => row.demo) };
}

export interface EvaluationSource {
  /** What computeEvaluation (and the test phase's report) needs: stops, visits, answers, assumptions. */
  input: EvaluationInput;
  assumptions: EvaluationAssumptionsView;
  /** With the reference point and area the catchment map draws (as `evaluationOptions`). */
  districts: {
    id: string;
    name: string;
    population: number | null;
    parent_id: string | null;
    lat: number;
    lon: number;
    area_km2: number | null;
  }[];
  /** The selection holds simulated activity of a demo database. */
  demo: boolean;
}

/**
 * The stops, visits and survey answers of a selection, with the cost assumptions and the districts. Reads no
 * personal data: ids, statuses, times, services and the district people said they come from.
 * `serviceScope` keeps a department lead to the visits of the own departments' services.
 */
export async function evaluationSource(
  db: Kysely<Database>,
  municipalityId: string,
  filter: EvaluationFilter,
  serviceScope: string[] | undefined,
  readOptions: EvaluationReadOptions = {},
): Promise<EvaluationSource> {
  const selection = await loadSelection(db, municipalityId, filter, serviceScope, readOptions);
  const { stops, selected, demo } = selection;
  const [assumptions, districts] = await Promise.all([
    evaluationAssumptions(db, municipalityId),
    db
      .selectFrom('districts')
      .select(['id', 'name', 'population', 'parent_id', 'lat', 'lon', 'area_km2'])
      .where('municipality_id', '=', municipalityId)
      .execute(),
  ]);
  // Answers know their stop and whether the visit was an appointment or a walk-in, nothing more: they count
  // for the whole selection, for walk-ins alone, and not where a service or a kind of appointment is chosen.
  const answersAttributable =
    !filter.serviceId && !serviceScope && (!filter.channel || filter.channel === 'walk_in');
  let feedback: EvaluationFeedback[] | undefined;
  if (answersAttributable) {
    feedback =
      filter.channel === 'walk_in'
        ? selection.feedback.filter((answer) => answer.channel === 'walk_in')
        : selection.feedback;
  }
  return {
    input: {
      stops,
      visits: selected,
      feedback,
      assumptions,
      districts: districts.map((district) => ({ districtId: district.id, population: district.population })),
      from: filter.from,
      to: filter.to,
      partialStops: Boolean(filter.channel || filter.serviceId || serviceScope),
    },
    assumptions,
    districts,
    demo,
  };
}

/**
 * The figures of a selection, from stops, bookings, walk-in tickets and the queue's event log.
 * `serviceScope` keeps a department lead to the visits and rows of the own departments' services.
 */
export async function evaluate(
  db: Kysely<Database>,
  municipalityId: string,
  filter: EvaluationFilter,
  serviceScope: string[] | undefined,
  readOptions: EvaluationReadOptions = {},
): Promise<EvaluationResult> {
  const { input, assumptions, demo } = await evaluationSource(
    db,
    municipalityId,
    filter,
    serviceScope,
    readOptions,
  );
  const figures = computeEvaluation(input);
  return {
    ...figures,
    byService: serviceScope
      ? figures.byService.filter((row) => serviceScope.includes(row.key))
      : figures.byService,
    filter,
    assumptions,
    serviceScope,
    demo,
  };
}

async function feedbackOf(
  db: Kysely<Database>,
  municipalityId: string,
  stopIds: string[],
): Promise<EvaluationFeedback[]> {
  const answers = await db
    .selectFrom('visit_feedback')
    .select(['stop_id', 'channel', 'satisfaction', 'would_use_again'])
    .where('municipality_id', '=', municipalityId)
    .where('stop_id', 'in', stopIds)
    .execute();
  return answers.map((answer) => ({
    stopId: answer.stop_id,
    channel: answer.channel,
    satisfaction: answer.satisfaction,
    wouldUseAgain: answer.would_use_again,
  }));
}

async function visitsOf(
  db: Kysely<Database>,
  municipalityId: string,
  stopIds: string[],
): Promise<EvaluationVisit[]> {
  const [bookings, bookingServices, tickets, times] = await Promise.all([
    db
      .selectFrom('bookings')
      .select(['id', 'stop_id', 'status', 'origin', 'duration_minutes', 'district_id', 'delivered'])
      .where('municipality_id', '=', municipalityId)
      .where('stop_id', 'in', stopIds)
      .where('status', 'not in', ['held', 'expired'])
      .execute(),
    db
      .selectFrom('booking_services as bs')
      .innerJoin('bookings as b', (join) =>
        join.onRef('b.municipality_id', '=', 'bs.municipality_id').onRef('b.id', '=', 'bs.booking_id'),
      )
      .select(['bs.booking_id', 'bs.service_id', 'bs.quantity'])
      .where('b.municipality_id', '=', municipalityId)
      .where('b.stop_id', 'in', stopIds)
      .where('b.status', 'not in', ['held', 'expired'])
      .execute(),
    db
      .selectFrom('tickets')
      .select(['id', 'stop_id', 'status', 'services', 'delivered', 'origin_district_id'])
      .where('municipality_id', '=', municipalityId)
      .where('stop_id', 'in', stopIds)
      .execute(),
    // Arrival, first call and finish of every entry, from the event log at device time.
    db
      .selectFrom('queue_events')
      .select([
        'entry_id',
        sql<Date | null>`min(at) FILTER (WHERE type IN ('checked_in', 'ticket_issued'))`.as('arrived_at'),
        sql<Date | null>`min(at) FILTER (WHERE type IN ('called', 'resumed'))`.as('first_called_at'),
        sql<Date | null>`max(at) FILTER (WHERE type = 'finished')`.as('finished_at'),
      ])
      .where('municipality_id', '=', municipalityId)
      .where('stop_id', 'in', stopIds)
      .where('entry_id', 'is not', null)
      .groupBy('entry_id')
      .execute(),
  ]);
  const timeOf = new Map(times.map((row) => [row.entry_id!, row]));
  const ms = (value: Date | string | null | undefined) => (value ? new Date(value).getTime() : null);
  const servicesOfBooking = new Map<string, { serviceId: string; quantity: number }[]>();
  for (const row of bookingServices) {
    const list = servicesOfBooking.get(row.booking_id) ?? [];
    list.push({ serviceId: row.service_id, quantity: row.quantity });
    servicesOfBooking.set(row.booking_id, list);
  }
  const delivered = (value: DeliveredService[] | null) =>
    value && value.length > 0
      ? value.map((s) => ({ serviceId: s.serviceId, quantity: s.quantity }))
      : undefined;
  const withTimes = (id: string) => {
    const time = timeOf.get(id);
    return {
      arrivedAt: ms(time?.arrived_at),
      firstCalledAt: ms(time?.first_called_at),
      finishedAt: ms(time?.finished_at),
    };
  };
  return [
    ...bookings.map((booking): EvaluationVisit => ({
      stopId: booking.stop_id,
      channel: bookingChannel[booking.origin],
      outcome: outcomeOf(booking.status),
      services:
        delivered(booking.delivered as DeliveredService[] | null) ?? servicesOfBooking.get(booking.id) ?? [],
      bookedMinutes: keptSlot.has(booking.status) ? booking.duration_minutes : 0,
      originDistrictId: booking.district_id,
      ...withTimes(booking.id),
    })),
    ...tickets.map((ticket): EvaluationVisit => ({
      stopId: ticket.stop_id,
      channel: 'walk_in',
      outcome: outcomeOf(ticket.status),
      services:
        delivered(ticket.delivered as DeliveredService[] | null) ??
        (ticket.services as TicketService[]).map((s) => ({ serviceId: s.serviceId, quantity: s.quantity })),
      bookedMinutes: 0,
      originDistrictId: ticket.origin_district_id,
      ...withTimes(ticket.id),
    })),
  ];
}

export interface OnlineCandidatesResult {
  filter: EvaluationFilter;
  items: (OnlineCandidate & { nameDe: string; nameEn: string; onlineUrl: string | null })[];
}

/**
 * "What goes online next": the services delivered in person in the selection, ranked by contacts × typical
 * minutes × the share that could have been online (reasons recorded at the finish, or the catalogue).
 */
export async function onlineCandidates(
  db: Kysely<Database>,
  municipalityId: string,
  filter: EvaluationFilter,
  serviceScope: string[] | undefined,
  readOptions: EvaluationReadOptions = {},
): Promise<OnlineCandidatesResult> {
  const { stopIds, selected } = await loadSelection(db, municipalityId, filter, serviceScope, readOptions);
  const [services, reasons] = await Promise.all([
    db
      .selectFrom('services')
      .select(['id', 'name_de', 'name_en', 'online_available', 'online_url', 'presence', 'typical_minutes'])
      .where('municipality_id', '=', municipalityId)
      .execute(),
    stopIds.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('in_person_reasons')
          .select(['service_id', 'reason', (eb) => eb.fn.countAll<string>().as('n')])
          .where('municipality_id', '=', municipalityId)
          .where('stop_id', 'in', stopIds)
          .groupBy(['service_id', 'reason'])
          .execute(),
  ]);
  const contacts = new Map<string, number>();
  for (const visit of selected) {
    if (visit.outcome !== 'finished') continue;
    for (const service of visit.services) {
      contacts.set(service.serviceId, (contacts.get(service.serviceId) ?? 0) + service.quantity);
    }
  }
  const inScope = services.filter(
    (service) =>
      (!serviceScope || serviceScope.includes(service.id)) &&
      (!filter.serviceId || service.id === filter.serviceId),
  );
  const ranked = rankOnlineCandidates(
    inScope
      .filter((service) => (contacts.get(service.id) ?? 0) > 0)
      .map((service) => ({
        serviceId: service.id,
        onlineAvailable: service.online_available,
        presence: service.presence,
        typicalMinutes: service.typical_minutes,
        contacts: contacts.get(service.id) ?? 0,
        reasons: Object.fromEntries(
          reasons.filter((row) => row.service_id === service.id).map((row) => [row.reason, Number(row.n)]),
        ),
      })),
  );
  const byId = new Map(services.map((service) => [service.id, service]));
  return {
    filter,
    items: ranked.map((row) => {
      const service = byId.get(row.serviceId)!;
      return { ...row, nameDe: service.name_de, nameEn: service.name_en, onlineUrl: service.online_url };
    }),
  };
}
