import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Kysely, Transaction } from 'kysely';
import type { AppConfig } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { withStaffTables } from '../../db/staffSchema.ts';
import { addDays, localDateOf, MINUTE_MS, type LocalDate } from '../../domain/time.ts';
import { createTestPhase } from '../../server/commands/testPhaseCreator.ts';
import { seedDir } from '../seed.ts';
import {
  simulateActivity,
  type SimulatedActivity,
  type SimulationTimetableEntry,
} from './activitySimulator.ts';
import { seedDemoCases } from './demoCases.ts';

/** The seed of the demo database's simulation: the same three months of activity on every fresh start. */
export const DEMO_SEED = 20_261_207;
/** The name of the demo's test phase: it says it is simulated wherever the phase is listed or reported. */
export const DEMO_TEST_PHASE_NAME = 'Erprobung (Demo, simulierte Daten)';
/** How far back the demo's simulated test phase reaches. */
export const DEMO_DAYS = 91;

const SETUP_MINUTES = 30;
const BATCH = 500;

async function insertBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let index = 0; index < rows.length; index += BATCH) await insert(rows.slice(index, index + BATCH));
}

const bookingOrigin = { booked: 'citizen', waitlist: 'waitlist', staff_booked: 'staff' } as const;

/** A code of the booking format (XXXX-XXXX) that no real booking gets: it starts with "D" and counts up. */
function demoCode(index: number): string {
  const digits = index.toString(36).toUpperCase().padStart(7, '0');
  return `D${digits.slice(0, 3)}-${digits.slice(3)}`;
}

/**
 * Writes simulated activity as the station would have recorded it: closed stops, bookings and walk-in tickets
 * (already anonymised: no name, e-mail or phone), their queue events, survey answers and "why not online"
 * reasons. One transaction: all or nothing.
 */
export async function writeSimulatedActivity(
  db: Kysely<Database>,
  municipalityId: string,
  activity: SimulatedActivity,
  options: { demo: boolean },
): Promise<{ stops: number; visits: number }> {
  return db.transaction().execute((trx) => writeActivityIn(trx, municipalityId, activity, options));
}

async function writeActivityIn(
  trx: Transaction<Database>,
  municipalityId: string,
  activity: SimulatedActivity,
  options: { demo: boolean },
): Promise<{ stops: number; visits: number }> {
  {
    const stopIds = activity.stops.map(() => randomUUID());
    await insertBatches(
      activity.stops.map((stop, index) => ({ stop, id: stopIds[index]! })),
      (batch) =>
        trx
          .insertInto('stops')
          .values(
            batch.map(({ stop, id }) => ({
              municipality_id: municipalityId,
              id,
              unit_id: stop.unitId,
              site_id: stop.siteId,
              schedule_id: null,
              local_date: stop.localDate,
              starts_at: new Date(stop.startsAt),
              ends_at: new Date(stop.endsAt),
              setup_minutes: SETUP_MINUTES,
              teardown_minutes: SETUP_MINUTES,
              occupied_from: new Date(stop.startsAt - SETUP_MINUTES * MINUTE_MS),
              occupied_until: new Date(stop.endsAt + SETUP_MINUTES * MINUTE_MS),
              counters: stop.counters,
              status: stop.cancelled ? ('cancelled' as const) : ('closed' as const),
              cancel_reason: stop.cancelled ? 'Simuliert: kurzfristig abgesagt' : null,
              demo: options.demo,
            })),
          )
          .execute(),
    );

    const entries = activity.visits.map((visit) => ({
      visit,
      id: randomUUID(),
      stopId: stopIds[visit.stop]!,
    }));
    const anonymisedAt = new Date();
    const appointments = entries.filter((entry) => entry.visit.channel !== 'walk_in');
    const walkIns = entries.filter((entry) => entry.visit.channel === 'walk_in');
    const delivered = (visit: SimulatedActivity['visits'][number]) =>
      visit.outcome === 'finished'
        ? JSON.stringify(visit.services.map((s) => ({ serviceId: s.serviceId, quantity: s.quantity })))
        : null;
    const finishedAt = (visit: SimulatedActivity['visits'][number]) =>
      visit.waitMinutes === null || visit.handlingMinutes === null
        ? null
        : new Date(visit.startsAt + (visit.waitMinutes + visit.handlingMinutes) * MINUTE_MS);

    let codeIndex = 0;
    await insertBatches(appointments, (batch) =>
      trx
        .insertInto('bookings')
        .values(
          batch.map(({ visit, id, stopId }) => ({
            municipality_id: municipalityId,
            id,
            stop_id: stopId,
            counter: visit.counter,
            starts_at: new Date(visit.startsAt),
            ends_at: new Date(visit.startsAt + visit.minutes * MINUTE_MS),
            duration_minutes: visit.minutes,
            status: visit.outcome,
            code: demoCode(codeIndex++),
            token_hash: randomBytes(16).toString('hex'),
            origin: bookingOrigin[visit.channel as keyof typeof bookingOrigin],
            name: null,
            email: null,
            district_id: visit.originDistrictId,
            confirmed_at: new Date(visit.startsAt - 7 * 1440 * MINUTE_MS),
            cancelled_at:
              visit.outcome === 'cancelled' ? new Date(visit.startsAt - 2 * 1440 * MINUTE_MS) : null,
            anonymised_at: anonymisedAt,
            finished_at: finishedAt(visit),
            delivered: delivered(visit),
          })),
        )
        .execute(),
    );
    await insertBatches(
      appointments.flatMap(({ visit, id }) =>
        visit.services.map((service) => ({
          municipality_id: municipalityId,
          booking_id: id,
          service_id: service.serviceId,
          quantity: service.quantity,
          minutes_each: service.minutesEach,
        })),
      ),
      (batch) => trx.insertInto('booking_services').values(batch).execute(),
    );
    const ticketNumber = new Map<string, number>();
    await insertBatches(walkIns, (batch) =>
      trx
        .insertInto('tickets')
        .values(
          batch.map(({ visit, id, stopId }) => {
            const number = (ticketNumber.get(stopId) ?? 0) + 1;
            ticketNumber.set(stopId, number);
            return {
              municipality_id: municipalityId,
              id,
              stop_id: stopId,
              display_number: `W-${number}`,
              status: visit.outcome === 'finished' ? ('finished' as const) : ('no_show' as const),
              origin: 'staff' as const,
              name: null,
              services: JSON.stringify(visit.services),
              duration_minutes: Math.max(1, visit.minutes),
              counter: visit.counter,
              created_at: new Date(visit.startsAt),
              finished_at: finishedAt(visit),
              delivered: delivered(visit),
              anonymised_at: anonymisedAt,
              origin_district_id: visit.originDistrictId,
            };
          }),
        )
        .execute(),
    );

    // The queue's event log: arrival, call and finish at device time (what waiting and handling are measured by).
    const events = entries.flatMap(({ visit, id, stopId }) => {
      const kind = visit.channel === 'walk_in' ? ('walk_in' as const) : ('appointment' as const);
      if (visit.outcome === 'cancelled') return [];
      const row = (type: 'checked_in' | 'ticket_issued' | 'called' | 'finished' | 'no_show', at: number) => ({
        municipality_id: municipalityId,
        stop_id: stopId,
        entry_kind: kind,
        entry_id: id,
        type,
        counter: visit.counter,
        at: new Date(at),
        actor: 'system:demo',
      });
      if (visit.waitMinutes === null || visit.handlingMinutes === null) {
        return [row('no_show', visit.startsAt + 15 * MINUTE_MS)];
      }
      const arrived = visit.startsAt;
      const called = arrived + visit.waitMinutes * MINUTE_MS;
      return [
        row(kind === 'walk_in' ? 'ticket_issued' : 'checked_in', arrived),
        row('called', called),
        row('finished', called + visit.handlingMinutes * MINUTE_MS),
      ];
    });
    await insertBatches(events, (batch) => trx.insertInto('queue_events').values(batch).execute());

    await insertBatches(
      entries.flatMap(({ visit, stopId }) =>
        visit.feedback
          ? [
              {
                municipality_id: municipalityId,
                stop_id: stopId,
                channel: visit.channel === 'walk_in' ? ('walk_in' as const) : ('booked' as const),
                satisfaction: visit.feedback.satisfaction,
                would_use_again: visit.feedback.wouldUseAgain,
                time_compared: null,
                travel_mode: null,
              },
            ]
          : [],
      ),
      (batch) => trx.insertInto('visit_feedback').values(batch).execute(),
    );
    await insertBatches(
      entries.flatMap(({ visit, id, stopId }) =>
        visit.reasons.map((reason) => ({
          municipality_id: municipalityId,
          stop_id: stopId,
          entry_kind: visit.channel === 'walk_in' ? ('walk_in' as const) : ('appointment' as const),
          entry_id: id,
          service_id: reason.serviceId,
          reason: reason.reason,
        })),
      ),
      (batch) => trx.insertInto('in_person_reasons').values(batch).execute(),
    );
    return { stops: activity.stops.length, visits: activity.visits.length };
  }
}

/**
 * What the simulator needs to know of a municipality: its units, sites, districts and services. `serviceOrder`
 * lists service ids most asked-for first (the simulator weights by position); the others follow by id.
 */
export async function simulationCatalogue(
  db: Kysely<Database>,
  municipalityId: string,
  serviceOrder: readonly string[] = [],
) {
  const [units, sites, districts, services] = await Promise.all([
    db.selectFrom('units').select(['id', 'counters']).where('municipality_id', '=', municipalityId).execute(),
    db
      .selectFrom('sites')
      .select(['id', 'district_id'])
      .where('municipality_id', '=', municipalityId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('districts')
      .select(['id', 'population'])
      .where('municipality_id', '=', municipalityId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('services')
      .select(['id', 'typical_minutes', 'online_available'])
      .where('municipality_id', '=', municipalityId)
      .orderBy('id')
      .execute(),
  ]);
  return {
    units: units.map((unit) => ({ id: unit.id, counters: unit.counters })),
    sites: sites.map((site) => ({ id: site.id, districtId: site.district_id })),
    districts: districts.map((district) => ({ id: district.id, population: district.population })),
    services: services
      .map((service) => ({ service, rank: serviceOrder.indexOf(service.id) }))
      .sort((a, b) => (a.rank < 0 ? 1e9 : a.rank) - (b.rank < 0 ? 1e9 : b.rank))
      .map(({ service }) => ({
        id: service.id,
        typicalMinutes: service.typical_minutes,
        onlineAvailable: service.online_available === 'yes' || service.online_available === 'partial',
      })),
  };
}

function seedServiceOrder(): string[] {
  const file = JSON.parse(readFileSync(seedDir + 'services.json', 'utf8')) as
    { id: string }[] | { services: { id: string }[] };
  return (Array.isArray(file) ? file : file.services).map((service) => service.id);
}

/**
 * The demo's simulated test phase: the sample timetable's stops over the last three months, with the activity the
 * simulator gives them, marked as demo (demo_datasets, stops.demo), and a test phase over them with the targets a
 * city would set (its creator: the first admin). With the configuration (its document keys), also the demo
 * cases in their different states (demoCases.ts). Only for a fresh embedded development database:
 * src/cli/openConfiguredDatabase.ts decides, after the initial admin exists.
 */
export async function seedDemoActivity(
  db: Kysely<Database>,
  options: { municipalitySlug: string; today?: LocalDate; seed?: number; config?: AppConfig; now?: Date },
): Promise<{
  stops: number;
  visits: number;
  from: LocalDate;
  to: LocalDate;
  testPhaseId: string | null;
  cases: number;
}> {
  const { id: municipalityId } = await db
    .selectFrom('municipalities')
    .select('id')
    .where('slug', '=', options.municipalitySlug)
    .executeTakeFirstOrThrow();
  const today = options.today ?? localDateOf(Date.now());
  const from = addDays(today, -DEMO_DAYS);
  const to = addDays(today, -1);
  const seed = options.seed ?? DEMO_SEED;
  const timetable = JSON.parse(
    readFileSync(seedDir + 'sample-schedules.json', 'utf8'),
  ) as SimulationTimetableEntry[];
  const activity = simulateActivity({
    seed,
    from,
    to,
    timetable,
    // The seed's catalogue lists the services most asked-for first (ID card, passport, registration, ...).
    ...(await simulationCatalogue(db, municipalityId, seedServiceOrder())),
  });
  const written = await db.transaction().execute(async (trx) => {
    const counts = await writeActivityIn(trx, municipalityId, activity, { demo: true });
    await trx
      .insertInto('demo_datasets')
      .values({
        municipality_id: municipalityId,
        kind: 'simulated_activity',
        seed,
        period_from: from,
        period_to: to,
        stops: counts.stops,
        visits: counts.visits,
      })
      .execute();
    return counts;
  });
  // The demo's test phase: the simulated months with the KPI targets a city would set, so its report shows.
  const admin = await withStaffTables(db)
    .selectFrom('staff_users')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('role', '=', 'admin')
    .orderBy('created_at')
    .executeTakeFirst();
  let testPhaseId: string | null = null;
  if (admin) {
    const phase = await createTestPhase(db, {
      municipalityId,
      actor: 'system:demo',
      userId: admin.id,
      draft: {
        name: DEMO_TEST_PHASE_NAME,
        startDate: from,
        endDate: to,
        siteIds: [...new Set(timetable.map((entry) => entry.siteId))],
        unitIds: [...new Set(timetable.map((entry) => entry.unitId))],
        targets: [
          { kpi: 'utilisation', comparator: 'at_least', target: 0.6 },
          { kpi: 'cost_per_contact', comparator: 'at_most', target: 35 },
          { kpi: 'satisfaction', comparator: 'at_least', target: 4 },
          { kpi: 'outside_district_share', comparator: 'at_least', target: 0.3, districtId: 'innenstadt' },
          { kpi: 'wait_p90', comparator: 'at_most', target: 20 },
        ],
      },
    });
    testPhaseId = phase.id;
  }
  const { cases } = options.config
    ? await seedDemoCases(db, options.config, {
        municipalityId,
        ...(options.now ? { now: options.now } : {}),
      })
    : { cases: 0 };
  return { ...written, from, to, testPhaseId, cases };
}
