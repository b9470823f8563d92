import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { readDocument } from '../../server/commands/documentReader.ts';
import { getCase, listCases } from '../../server/queries/caseQueries.ts';
import { evaluationTable } from '../../server/evaluation/evaluationExport.ts';
import { evaluate } from '../../server/queries/evaluationQuery.ts';
import { createTestApp, type TestApp } from '../../../test/support/testApp.ts';
import { createStaff, signInAs } from '../../../test/support/staffSession.ts';
import { getsDemoActivity } from '../openConfiguredDatabase.ts';
import { simulateActivity, type SimulationInput } from './activitySimulator.ts';
import { DEMO_DAYS, DEMO_TEST_PHASE_NAME, seedDemoActivity } from './demoActivity.ts';

const MINUTE = 60_000;

const input: SimulationInput = {
  seed: 7,
  from: '2026-09-01',
  to: '2026-11-30',
  timetable: [
    {
      unitId: 'kit',
      siteId: 'library',
      pattern: { kind: 'weekly', weekdays: [2, 4] },
      startTime: '09:00',
      endTime: '13:00',
    },
    {
      unitId: 'van',
      siteId: 'market',
      pattern: { kind: 'weekly', weekdays: [3] },
      startTime: '08:00',
      endTime: '12:00',
    },
  ],
  units: [
    { id: 'kit', counters: 1 },
    { id: 'van', counters: 2 },
  ],
  sites: [
    { id: 'library', districtId: 'centre' },
    { id: 'market', districtId: 'east' },
  ],
  districts: [
    { id: 'centre', population: 20_000 },
    { id: 'east', population: 8_000 },
    { id: 'north', population: 2_000 },
  ],
  services: [
    { id: 'id-card', typicalMinutes: 15, onlineAvailable: false },
    { id: 'registration', typicalMinutes: 10, onlineAvailable: true },
    { id: 'certificate', typicalMinutes: 5, onlineAvailable: true },
  ],
};

describe('the activity simulator', () => {
  const activity = simulateActivity(input);

  it('gives the same activity for the same seed and other activity for another', () => {
    expect(simulateActivity(input)).toEqual(activity);
    expect(simulateActivity({ ...input, seed: 8 }).visits).not.toEqual(activity.visits);
  });

  it('holds the timetable: every Tuesday, Wednesday and Thursday of the period', () => {
    // 1 Sep – 30 Nov 2026 has 13 of each; its NRW holidays (3 Oct, 1 Nov) fall on a weekend.
    expect(activity.stops.filter((stop) => stop.siteId === 'library')).toHaveLength(26);
    expect(activity.stops.filter((stop) => stop.siteId === 'market')).toHaveLength(13);
    for (const stop of activity.stops) {
      expect(stop.endsAt - stop.startsAt).toBe(4 * 60 * MINUTE);
    }
  });

  it('keeps appointments on a counter apart and inside the stop, and walk-ins inside opening hours', () => {
    const byCounter = new Map<string, [number, number][]>();
    for (const visit of activity.visits) {
      const stop = activity.stops[visit.stop]!;
      expect(stop.cancelled).toBe(false);
      expect(visit.counter).toBeGreaterThanOrEqual(1);
      expect(visit.counter).toBeLessThanOrEqual(stop.counters);
      expect(visit.startsAt).toBeGreaterThanOrEqual(stop.startsAt);
      if (visit.channel === 'walk_in') {
        expect(visit.startsAt).toBeLessThan(stop.endsAt);
        continue;
      }
      expect(visit.startsAt + visit.minutes * MINUTE).toBeLessThanOrEqual(stop.endsAt);
      const key = `${visit.stop}/${visit.counter}`;
      byCounter.set(key, [
        ...(byCounter.get(key) ?? []),
        [visit.startsAt, visit.startsAt + visit.minutes * MINUTE],
      ]);
    }
    for (const slots of byCounter.values()) {
      const sorted = [...slots].sort((a, b) => a[0] - b[0]);
      for (let index = 1; index < sorted.length; index++) {
        expect(sorted[index]![0]).toBeGreaterThanOrEqual(sorted[index - 1]![1]);
      }
    }
  });

  it('gives plausible shares: outcomes, channels, origins, answers and reasons as documented', () => {
    const appointments = activity.visits.filter((visit) => visit.channel !== 'walk_in');
    const share = (list: unknown[], of: number) => list.length / of;
    expect(appointments.length).toBeGreaterThan(300);
    expect(
      share(
        appointments.filter((v) => v.outcome === 'cancelled'),
        appointments.length,
      ),
    ).toBeGreaterThan(0.05);
    expect(
      share(
        appointments.filter((v) => v.outcome === 'cancelled'),
        appointments.length,
      ),
    ).toBeLessThan(0.15);
    expect(
      share(
        appointments.filter((v) => v.outcome === 'no_show'),
        appointments.length,
      ),
    ).toBeGreaterThan(0.03);
    expect(
      share(
        appointments.filter((v) => v.outcome === 'no_show'),
        appointments.length,
      ),
    ).toBeLessThan(0.12);
    const walkIns = activity.visits.filter((visit) => visit.channel === 'walk_in');
    expect(walkIns.length).toBeGreaterThan(50);

    const finished = activity.visits.filter((visit) => visit.outcome === 'finished');
    const known = new Set(input.districts.map((district) => district.id));
    for (const visit of activity.visits) {
      if (visit.originDistrictId !== null) expect(known.has(visit.originDistrictId)).toBe(true);
    }
    const answered = finished.filter((visit) => visit.originDistrictId !== null);
    expect(share(answered, finished.length)).toBeGreaterThan(0.65);
    expect(share(answered, finished.length)).toBeLessThan(0.85);

    for (const visit of finished) {
      expect(visit.waitMinutes).not.toBeNull();
      expect(visit.handlingMinutes).toBeGreaterThanOrEqual(1);
      // Reasons only for services that exist online, one per such service.
      expect(visit.reasons.map((reason) => reason.serviceId)).toEqual(
        visit.services
          .filter((service) => service.serviceId !== 'id-card')
          .map((service) => service.serviceId),
      );
      if (visit.feedback) {
        expect(visit.feedback.satisfaction).toBeGreaterThanOrEqual(1);
        expect(visit.feedback.satisfaction).toBeLessThanOrEqual(5);
      }
    }
    const answers = finished.filter((visit) => visit.feedback);
    expect(share(answers, finished.length)).toBeGreaterThan(0.2);
    expect(share(answers, finished.length)).toBeLessThan(0.4);
    for (const visit of activity.visits.filter((v) => v.outcome !== 'finished')) {
      expect(visit.feedback).toBeNull();
      expect(visit.reasons).toEqual([]);
    }
  });
});

describe('who gets demo data', () => {
  it('only a fresh embedded database in development that asks for it', () => {
    const base = { fresh: true, wanted: true, database: 'pglite' as const, nodeEnv: 'development' };
    expect(getsDemoActivity(base)).toBe(true);
    expect(getsDemoActivity({ ...base, fresh: false })).toBe(false);
    expect(getsDemoActivity({ ...base, wanted: false })).toBe(false);
    expect(getsDemoActivity({ ...base, database: 'postgres' })).toBe(false);
    expect(getsDemoActivity({ ...base, database: 'pglite-memory' })).toBe(false);
    expect(getsDemoActivity({ ...base, nodeEnv: 'production' })).toBe(false);
    expect(getsDemoActivity({ ...base, nodeEnv: 'test' })).toBe(false);
  });

  it('is asked for by `npm start` in development unless turned off, never in tests or production', () => {
    expect(loadConfig({}).seedDemoActivity).toBe(true);
    expect(loadConfig({ SEED_DEMO_ACTIVITY: 'false' }).seedDemoActivity).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).seedDemoActivity).toBe(false);
  });
});

const NOW = new Date('2026-12-07T10:00:00Z');

describe('the demo database', () => {
  let test: TestApp;
  let seeded: Awaited<ReturnType<typeof seedDemoActivity>>;

  beforeAll(async () => {
    test = await createTestApp('pglite');
    // `npm start` creates the initial admin first; the demo's test phase names its creator.
    await createStaff(test.database.db, 'guetersloh', 'admin');
    seeded = await seedDemoActivity(test.database.db, {
      municipalitySlug: 'guetersloh',
      today: '2026-12-07',
    });
  });
  afterAll(async () => {
    await test?.close();
  });

  it('holds three months of the sample timetable, written at once and marked as demo', async () => {
    const { db } = test.database;
    expect(seeded.from).toBe('2026-09-07');
    expect(seeded.to).toBe('2026-12-06');
    expect(DEMO_DAYS).toBe(91);
    const stops = await db.selectFrom('stops').select(['demo', 'local_date', 'status']).execute();
    expect(stops).toHaveLength(seeded.stops);
    expect(
      stops.every((stop) => stop.demo && stop.local_date >= '2026-09-07' && stop.local_date <= '2026-12-06'),
    ).toBe(true);
    expect(stops.every((stop) => stop.status === 'closed' || stop.status === 'cancelled')).toBe(true);
    const { n: bookings } = await db
      .selectFrom('bookings')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const { n: tickets } = await db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(bookings) + Number(tickets)).toBe(seeded.visits);
    const marker = await db.selectFrom('demo_datasets').selectAll().executeTakeFirstOrThrow();
    expect(marker).toMatchObject({ kind: 'simulated_activity', stops: seeded.stops, visits: seeded.visits });
  });

  it('simulates no person: every visit is anonymised', async () => {
    const { db } = test.database;
    const named = await db
      .selectFrom('bookings')
      .select('id')
      .where((eb) =>
        eb.or([
          eb('name', 'is not', null),
          eb('email', 'is not', null),
          eb('phone', 'is not', null),
          eb('anonymised_at', 'is', null),
        ]),
      )
      .execute();
    expect(named).toEqual([]);
    const namedTickets = await db
      .selectFrom('tickets')
      .select('id')
      .where((eb) => eb.or([eb('name', 'is not', null), eb('anonymised_at', 'is', null)]))
      .execute();
    expect(namedTickets).toEqual([]);
  });

  it('shows as demo: the municipality, the evaluation, its export and the open data say so', async () => {
    const { db } = test.database;
    const municipality = await test.app.inject({ method: 'GET', url: '/api/v1/municipality' });
    expect(municipality.json().demo).toEqual({ from: '2026-09-07', to: '2026-12-06', seed: 20_261_207 });

    const { id } = await db.selectFrom('municipalities').select('id').executeTakeFirstOrThrow();
    const result = await evaluate(db, id, { from: seeded.from, to: seeded.to }, undefined);
    expect(result.demo).toBe(true);
    expect(result.totals.visits).toBe(seeded.visits);
    expect(result.totals.contacts).toBeGreaterThan(0);
    expect(result.totals.satisfactionMean).not.toBeNull();
    expect(result.catchment.some((row) => row.contactsPer1000 !== null)).toBe(true);
    // Outside the simulated period: nothing simulated.
    const before = await evaluate(db, id, { from: '2026-01-01', to: '2026-08-31' }, undefined);
    expect(before.demo).toBe(false);
    const options = { sites: [], districts: [], units: [], services: [], testPhases: [] };
    const candidates = { filter: result.filter, items: [] };
    expect(evaluationTable(result, options, 'assumptions', 'de', candidates)).toContainEqual([
      'Demo-Daten',
      'Simulierte Aktivität einer Demo-Datenbank, keine echten Besuche',
    ]);
    expect(evaluationTable(before, options, 'assumptions', 'de', candidates).flat()).not.toContain(
      'Demo-Daten',
    );

    const open = await test.app.inject({ method: 'GET', url: '/api/v1/open-data/evaluation?year=2026' });
    expect(open.statusCode).toBe(200);
    const rows = open.json().rows as { simulated: boolean }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.simulated)).toBe(true);
  });

  it('has a test phase over the simulated months, named as simulated, whose report shows', async () => {
    expect(seeded.testPhaseId).not.toBeNull();
    const planner = await signInAs(test.app, 'planner');
    const list = await test.app.inject({
      method: 'GET',
      url: '/api/v1/staff/test-phases',
      headers: planner.headers,
    });
    expect(list.statusCode).toBe(200);
    expect(JSON.stringify(list.json())).toContain(DEMO_TEST_PHASE_NAME);
    const report = await test.app.inject({
      method: 'GET',
      url: `/api/v1/staff/test-phases/${seeded.testPhaseId}/report`,
      headers: planner.headers,
    });
    expect(report.statusCode, report.body).toBe(200);
    const body = report.json();
    expect(body.testPhase.name).toBe(DEMO_TEST_PHASE_NAME);
    expect(body.testPhase.startDate).toBe(seeded.from);
    expect(body.totals.contacts).toBeGreaterThan(0);
    expect(['go', 'adjust', 'stop']).toContain(body.overall.recommendation.decision);
  });
});

describe('the demo cases', () => {
  let test: TestApp;
  let demoConfig: TestApp['config'];
  let municipalityId: string;

  beforeAll(async () => {
    test = await createTestApp('pglite');
    await createStaff(test.database.db, 'guetersloh', 'admin');
    demoConfig = {
      ...test.config,
      documents: loadConfig({
        NODE_ENV: 'test',
        DOCUMENT_KEYS: `demo:${randomBytes(32).toString('base64')}`,
      }).documents,
    };
    ({ id: municipalityId } = await test.database.db
      .selectFrom('municipalities')
      .select('id')
      .executeTakeFirstOrThrow());
  });
  afterAll(async () => {
    await test?.close();
  });

  it('are absent from a database that is not a demo', async () => {
    expect(await listCases(test.database.db, municipalityId, {}, undefined, NOW)).toEqual([]);
  });

  it('show every state of a case, marked as demo, through the case commands', async () => {
    const { db } = test.database;
    const { cases } = await seedDemoActivity(db, {
      municipalitySlug: 'guetersloh',
      today: '2026-12-07',
      now: NOW,
      config: demoConfig,
    });
    expect(cases).toBe(6);
    const list = await listCases(db, municipalityId, {}, undefined, NOW);
    expect(list).toHaveLength(6);
    expect(list.every((item) => item.demo)).toBe(true);
    const views = await Promise.all(list.map((item) => getCase(db, municipalityId, item.id, undefined, NOW)));
    const byService = (serviceId: string) => views.filter((view) => view.serviceId === serviceId);

    // Just opened online: at its first step, at the stop.
    const [opened, handedOff] = [...byService('wohnsitz-anmelden')].sort((a, b) =>
      b.createdAt.localeCompare(a.createdAt),
    );
    expect(opened).toMatchObject({ status: 'open', channel: 'online', openTasks: 0 });
    expect(opened!.steps[0]!.state).toBe('current');
    // Back at a stop step after the back office's steps.
    const [atStop] = byService('personalausweis-beantragen');
    const stopStep = atStop!.steps.find((step) => step.state === 'current')!;
    expect(stopStep.actor).toBe('stop');
    expect(atStop!.steps.indexOf(stopStep)).toBeGreaterThan(0);
    expect(atStop!.documents).toHaveLength(1);
    // A back-office task open, and one overdue.
    expect(byService('reisepass-beantragen')[0]).toMatchObject({ openTasks: 1, overdueTasks: 0 });
    expect(byService('fuehrungszeugnis')[0]).toMatchObject({ openTasks: 1, overdueTasks: 1 });
    // At the hand-off step after the DMS refused it: ready to hand off again.
    const [refused] = byService('bewohnerparkausweis');
    expect(refused!.status).toBe('in_progress');
    expect(refused!.steps.find((step) => step.state === 'current')!.handOff).toBe(true);
    expect(refused!.handOffs.map((handOff) => handOff.status)).toEqual(['rejected']);
    // Handed off and confirmed: the record, then its two documents filed into it.
    expect(handedOff!.status).toBe('handed_off');
    expect(handedOff!.handOffs.map((handOff) => [handOff.message, handOff.status])).toEqual([
      ['record', 'confirmed'],
      ['file', 'confirmed'],
    ]);
    expect(handedOff!.events.map((event) => event.kind)).toContain('hand_off_confirmed');
    expect(handedOff!.documents).toHaveLength(2);
    // The documents are encrypted and read back with the configured keys.
    const { bytes } = await readDocument(db, demoConfig, {
      municipalityId,
      documentId: handedOff!.documents[0]!.id,
      actor: 'system',
      purpose: 'efile_handoff',
    });
    expect(new TextDecoder().decode(bytes)).toContain('Demo:');

    // The case list says so through the API as well.
    const admin = await signInAs(test.app, 'admin');
    const response = await test.app.inject({
      method: 'GET',
      url: '/api/v1/staff/cases',
      headers: admin.headers,
    });
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json().items as { demo: boolean }[];
    expect(items).toHaveLength(6);
    expect(items.every((item) => item.demo)).toBe(true);
  });
});
