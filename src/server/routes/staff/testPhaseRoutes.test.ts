import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStop, municipalityId, upcomingDate } from '../../../../test/support/booking.ts';
import {
  FIXTURE_PERSON as PERSON,
  insertVisitBooking,
  insertVisitTicket,
} from '../../../../test/support/evaluationFixture.ts';
import { pdfText } from '../../../../test/support/pdfText.ts';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';

const PHASES = '/api/v1/staff/test-phases';
const MINUTE = 60_000;

describe.each(testDatabaseKinds)('test phases on %s, on a small data set worked out by hand', (kind) => {
  let test: TestApp;
  let admin: StaffSignIn;
  let planner: StaffSignIn;
  let clerk: StaffSignIn;
  let mid: string;
  let phaseId: string;
  let avenweddePopulation: number;
  const idCard = 'personalausweis-beantragen';
  let other: string; // a service of another department
  let idCardDepartment: string;
  const d1 = upcomingDate(7);
  const d2 = upcomingDate(14);
  const d3 = upcomingDate(21);
  const d4 = upcomingDate(35);

  // The phase: d1 to d3, the Rathausmobil at three sites, five targets.
  const body = () => ({
    name: 'Frühjahr in Avenwedde',
    startDate: d1,
    endDate: d3,
    siteIds: ['bahnhof-avenwedde', 'stadtbibliothek', 'kreishaus'],
    unitIds: ['rathausmobil'],
    targets: [
      { kpi: 'utilisation', comparator: 'at_least', target: 0.6 },
      { kpi: 'cost_per_contact', comparator: 'at_most', target: 65 },
      { kpi: 'satisfaction', comparator: 'at_least', target: 4 },
      { kpi: 'outside_district_share', comparator: 'at_least', target: 0.3, districtId: 'innenstadt' },
      { kpi: 'no_show_rate', comparator: 'at_most', target: 0.1 },
    ],
  });
  const post = (who: StaffSignIn, payload: unknown) =>
    test.app.inject({ method: 'POST', url: PHASES, headers: who.headers, payload: payload as object });
  const get = (who: StaffSignIn | undefined, url: string) =>
    test.app.inject({ method: 'GET', url, headers: who?.headers ?? {} });
  const phaseCount = async () =>
    Number(
      (
        await test.database.db
          .selectFrom('test_phases')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    test = await createTestApp(kind);
    admin = await signInAs(test.app, 'admin');
    planner = await signInAs(test.app, 'planner');
    clerk = await signInAs(test.app, 'clerk');
    const db = test.database.db;
    mid = await municipalityId(db);
    const services = await db
      .selectFrom('services')
      .select(['id', 'department_id'])
      .where('municipality_id', '=', mid)
      .execute();
    idCardDepartment = services.find((service) => service.id === idCard)!.department_id!;
    other = services.find((service) => service.department_id !== idCardDepartment)!.id;
    avenweddePopulation = (
      await db
        .selectFrom('districts')
        .select('population')
        .where('municipality_id', '=', mid)
        .where('id', '=', 'avenwedde')
        .executeTakeFirstOrThrow()
    ).population!;

    // Each stop: 09–12 with 30 minutes set-up and tear-down, one counter, nobody rostered: 1 × 4 h × 60 € +
    // a unit day 150 € + travel 15 € = 405 € (the default assumptions), and 180 open minutes.
    const s1 = await createTestStop(db, {
      date: d1,
      siteId: 'bahnhof-avenwedde',
      unitId: 'rathausmobil',
      counters: 1,
    });
    const s2 = await createTestStop(db, {
      date: d2,
      siteId: 'stadtbibliothek',
      unitId: 'rathausmobil',
      counters: 1,
    });
    // Not in the phase: another unit at a phase site, and the phase's unit after the phase.
    const otherUnit = await createTestStop(db, {
      date: d3,
      siteId: 'bahnhof-avenwedde',
      unitId: 'buergerkoffer-1',
      counters: 1,
    });
    const later = await createTestStop(db, {
      date: d4,
      siteId: 'stadtbibliothek',
      unitId: 'rathausmobil',
      counters: 1,
    });

    const t1 = Date.parse(`${d1}T08:00:00Z`);
    const t2 = Date.parse(`${d2}T08:00:00Z`);
    // s1: six ID cards booked (20 minutes), one from the Innenstadt and five from Avenwedde, waits 0..10;
    // one no-show (its 20 minutes count as booked).
    for (let i = 0; i < 6; i++) {
      await insertVisitBooking(db, mid, {
        stopId: s1,
        status: 'finished',
        origin: 'citizen',
        serviceId: idCard,
        minutes: 20,
        startsAt: t1 + i * 20 * MINUTE,
        districtId: i === 0 ? 'innenstadt' : 'avenwedde',
        wait: 2 * i,
        handling: 10,
      });
    }
    await insertVisitBooking(db, mid, {
      stopId: s1,
      status: 'no_show',
      origin: 'citizen',
      serviceId: idCard,
      minutes: 20,
      startsAt: t1 + 140 * MINUTE,
    });
    // s2: five walk-ins from the Innenstadt for another department's service (wait 1).
    for (let i = 0; i < 5; i++) {
      await insertVisitTicket(db, mid, {
        stopId: s2,
        serviceId: other,
        at: t2 + i * 10 * MINUTE,
        wait: 1,
        handling: 7,
        districtId: 'innenstadt',
      });
    }
    // Visits outside the phase must not count.
    for (const stopId of [otherUnit, later]) {
      for (let i = 0; i < 5; i++) {
        await insertVisitTicket(db, mid, {
          stopId,
          serviceId: other,
          at: Date.parse(`${stopId === later ? d4 : d3}T08:00:00Z`) + i * 10 * MINUTE,
          wait: 30,
          handling: 7,
          districtId: 'spexard',
        });
      }
    }
    // Five answers at s1: 5, 5, 4, 4, 2: mean 4.0.
    await db
      .insertInto('visit_feedback')
      .values(
        ([5, 5, 4, 4, 2] as const).map((satisfaction) => ({
          municipality_id: mid,
          stop_id: s1,
          channel: 'booked' as const,
          satisfaction,
          would_use_again: 'yes' as const,
        })),
      )
      .execute();
  });
  afterAll(async () => test?.close());

  it('a planner defines a test phase; planners, admins and department leads list it', async () => {
    const created = await post(planner, body());
    expect(created.statusCode, created.body).toBe(201);
    const phase = created.json();
    phaseId = phase.id;
    expect(phase).toMatchObject({
      name: 'Frühjahr in Avenwedde',
      startDate: d1,
      endDate: d3,
      siteIds: ['bahnhof-avenwedde', 'kreishaus', 'stadtbibliothek'],
      unitIds: ['rathausmobil'],
    });
    expect(phase.targets).toEqual(body().targets.map((target) => ({ districtId: null, ...target })));
    const lead = await signInAs(test.app, 'department');
    for (const who of [planner, admin, lead]) {
      const list = await get(who, PHASES);
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().items.map((item: { id: string }) => item.id)).toContain(phaseId);
    }
    // What a new phase can name: sites, units, districts and each KPI with the range of its target.
    const { options } = (await get(planner, PHASES)).json();
    expect(options.sites.map((site: { id: string }) => site.id)).toContain('stadtbibliothek');
    expect(options.units.map((unit: { id: string }) => unit.id)).toContain('rathausmobil');
    expect(options.kpis).toContainEqual({
      key: 'satisfaction',
      unit: 'score',
      usual: 'at_least',
      min: 1,
      max: 5,
      needsDistrict: false,
    });
    expect(options.kpis.find((kpi: { key: string }) => kpi.key === 'outside_district_share')).toMatchObject({
      needsDistrict: true,
    });
    expect((await get(clerk, PHASES)).statusCode).toBe(403);
    expect((await post(lead, body())).statusCode).toBe(403);
    expect((await post(clerk, body())).statusCode).toBe(403);
  });

  it('reports target against actual for the phase and per site, with the recommendation', async () => {
    const response = await get(planner, `${PHASES}/${phaseId}/report`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    const report = response.json();
    const byKpi = (kpis: { kpi: string; actual: number | null; status: string; clearlyMissed: boolean }[]) =>
      Object.fromEntries(kpis.map((entry) => [entry.kpi, [entry.actual, entry.status, entry.clearlyMissed]]));
    // Only s1 and s2 count: 11 contacts, 2 stops, 810 €.
    expect(report.totals.contacts).toBe(11);
    expect(report.stopsHeld).toBe(2);
    expect(report.totalCostEur).toBeCloseTo(810, 6);
    expect(byKpi(report.overall.kpis)).toEqual({
      // booked 6 × 20 + 20 (no-show) = 140 of 360 open minutes: 38.9 %, below 60 % × 0.8 = 48 %: clearly
      utilisation: [expect.closeTo(140 / 360, 9), 'missed', true],
      // 810 € over 11: 73.64 €, not above 65 € × 1.2 = 78 €
      cost_per_contact: [expect.closeTo(810 / 11, 9), 'missed', false],
      satisfaction: [4, 'met', false],
      // 11 contacts with a district, 6 from the Innenstadt: 5 / 11 from outside
      outside_district_share: [expect.closeTo(5 / 11, 9), 'met', false],
      // 1 no-show of 7 appointments due: 14.3 %, above 10 % × 1.2 = 12 %: clearly
      no_show_rate: [expect.closeTo(1 / 7, 9), 'missed', true],
    });
    expect(report.overall.recommendation).toEqual({
      decision: 'adjust',
      reasons: [
        { code: 'some_missed', count: 3, total: 5 },
        expect.objectContaining({ code: 'kpi_clearly_missed', kpi: 'utilisation', target: 0.6 }),
        expect.objectContaining({ code: 'kpi_missed', kpi: 'cost_per_contact', target: 65 }),
        expect.objectContaining({ code: 'kpi_clearly_missed', kpi: 'no_show_rate', target: 0.1 }),
      ],
    });
    const site = (siteId: string) =>
      report.bySite.find((entry: { siteId: string }) => entry.siteId === siteId);
    expect(byKpi(site('bahnhof-avenwedde').kpis)).toEqual({
      utilisation: [expect.closeTo(140 / 180, 9), 'met', false],
      cost_per_contact: [67.5, 'missed', false],
      satisfaction: [4, 'met', false],
      outside_district_share: [expect.closeTo(5 / 6, 9), 'met', false],
      no_show_rate: [expect.closeTo(1 / 7, 9), 'missed', true],
    });
    expect(site('bahnhof-avenwedde').recommendation.decision).toBe('adjust');
    // The library: no booked minutes, 405 € over 5 = 81 € (above 78 €), everybody from the Innenstadt.
    expect(byKpi(site('stadtbibliothek').kpis)).toEqual({
      utilisation: [0, 'missed', true],
      cost_per_contact: [81, 'missed', true],
      satisfaction: [null, 'no_data', false],
      outside_district_share: [0, 'missed', true],
      no_show_rate: [null, 'no_data', false],
    });
    expect(site('stadtbibliothek').recommendation.decision).toBe('stop');
    expect(site('stadtbibliothek').recommendation.reasons[0]).toEqual({
      code: 'most_clearly_missed',
      count: 3,
      total: 5,
    });
    expect(site('kreishaus').recommendation.decision).toBe('insufficient_data');
    // The catchment, with the counts under 5 hidden: 6 from the Innenstadt, 5 from Avenwedde.
    const catchment = Object.fromEntries(
      report.catchment.map(
        (row: { districtId: string; contacts: number | null; contactsPer1000: number | null }) => [
          row.districtId,
          [row.contacts, row.contactsPer1000],
        ],
      ),
    );
    expect(catchment.innenstadt?.[0]).toBe(6);
    expect(catchment.avenwedde).toEqual([5, expect.closeTo((5 / avenweddePopulation) * 1000, 9)]);
    expect(catchment.spexard).toBeUndefined();
    expect(report.assumptions).toMatchObject({ staffHourRateEur: 60, unitDayCostEur: 150, custom: false });
    expect(report.names.sites.map((entry: { name: string }) => entry.name)).toEqual([
      'Bürgerhaus „Der Bahnhof“, Avenwedde',
      'Kreishaus Gütersloh',
      'Stadtbibliothek Gütersloh',
    ]);
    // The districts with the reference point and area the catchment map draws.
    const avenwedde = report.names.districts.find((entry: { id: string }) => entry.id === 'avenwedde');
    expect(avenwedde).toMatchObject({ name: 'Avenwedde', parentId: null });
    expect(avenwedde.lat).toBeGreaterThan(51);
    expect(avenwedde.lon).toBeGreaterThan(8);
    expect(response.body).not.toContain(PERSON.name);
  });

  it('gives the report as a PDF with the figures, the recommendation and the assumptions', async () => {
    const response = await get(planner, `${PHASES}/${phaseId}/report?format=pdf`);
    expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toContain('.pdf');
    const { text, pages, info } = await pdfText(response.rawPayload);
    expect(info.Title).toBe('Bericht zur Erprobungsphase „Frühjahr in Avenwedde“');
    expect(pages).toBeGreaterThanOrEqual(2);
    for (const expected of [
      'Bericht zur Erprobungsphase „Frühjahr in Avenwedde“',
      'Standorte: Bürgerhaus „Der Bahnhof“, Avenwedde, Kreishaus Gütersloh, Stadtbibliothek Gütersloh',
      'Einheiten: Rathausmobil',
      'Empfehlung: Anpassen',
      '3 von 5 Zielen sind verfehlt.',
      'Auslastung: 38,9 %, Ziel mindestens 60,0 %: deutlich verfehlt.',
      'Kosten je Kontakt: 73,64 €, Ziel höchstens 65,00 €: verfehlt.',
      'Kontakte von außerhalb: Innenstadt',
      '45,5 %',
      'Stadtbibliothek Gütersloh: Beenden',
      'Kreishaus Gütersloh: Noch keine Empfehlung',
      'Ziel: mindestens 60,0 %',
      'Kontakte je 1.000',
      'Avenwedde',
      'Kostenannahmen: Personalstunde 60,00 €, Einsatztag einer Einheit 150,00 €, Fahrt zu einem Halt 15,00 €.',
      `Seite 1 von ${pages}`,
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain(
      new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
        (5 / avenweddePopulation) * 1000,
      ),
    );
    expect(text).not.toContain(PERSON.name);

    const english = await pdfText(
      (await get(planner, `${PHASES}/${phaseId}/report?format=pdf&lang=en`)).rawPayload,
    );
    expect(english.text).toContain('Recommendation: Adjust');
    expect(english.text).toContain('Utilisation: 38.9 %, target at least 60.0 %: missed clearly.');
  });

  it('refuses bad input with a problem naming the field, and writes nothing', async () => {
    const before = await phaseCount();
    const refused = async (payload: unknown, status: number, code: string, field: string) => {
      const response = await post(planner, payload);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ code, field });
    };
    // The phase would end before it starts.
    await refused({ ...body(), endDate: '2020-01-01' }, 422, 'invalid_range', 'endDate');
    await refused(
      { ...body(), siteIds: ['bahnhof-avenwedde', 'atlantis'] },
      422,
      'unknown_site',
      'siteIds[1]',
    );
    await refused({ ...body(), unitIds: ['rathausmobil', 'zeppelin'] }, 422, 'unknown_unit', 'unitIds[1]');
    await refused(
      { ...body(), targets: [{ kpi: 'utilisation', comparator: 'at_least', target: 60 }] },
      422,
      'invalid_kpi_target',
      'targets[0].target',
    );
    await refused(
      { ...body(), targets: [{ kpi: 'satisfaction', comparator: 'at_least', target: 6 }] },
      422,
      'invalid_kpi_target',
      'targets[0].target',
    );
    await refused(
      {
        ...body(),
        targets: [
          { kpi: 'wait_p90', comparator: 'at_most', target: 20 },
          { kpi: 'wait_p90', comparator: 'at_most', target: 25 },
        ],
      },
      422,
      'duplicate_kpi',
      'targets[1].kpi',
    );
    await refused(
      {
        ...body(),
        targets: [
          { kpi: 'outside_district_share', comparator: 'at_least', target: 0.3, districtId: 'atlantis' },
        ],
      },
      422,
      'unknown_district',
      'targets[0].districtId',
    );
    await refused(
      { ...body(), targets: [{ kpi: 'happiness', comparator: 'at_least', target: 1 }] },
      400,
      'validation',
      'targets.0.kpi',
    );
    await refused({ ...body(), name: '   ' }, 400, 'validation', 'name');
    await refused({ ...body(), siteIds: [] }, 400, 'validation', 'siteIds');
    expect(await phaseCount()).toBe(before);

    const unknown = await get(planner, `${PHASES}/7d4f1c3e-0000-4000-8000-000000000000/report`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'not_found', field: 'testPhaseId' });
  });

  it('the database itself refuses a target out of range, a foreign site and a backwards period', async () => {
    const db = test.database.db;
    const attempt = async (statement: ReturnType<typeof sql>) => {
      await expect(statement.execute(db)).rejects.toThrow();
    };
    await attempt(
      sql`INSERT INTO test_phase_targets (municipality_id, test_phase_id, position, kpi, comparator, target)
          VALUES (${mid}, ${phaseId}, 9, 'satisfaction', 'at_least', 7)`,
    );
    await attempt(
      sql`INSERT INTO test_phase_targets (municipality_id, test_phase_id, position, kpi, comparator, target)
          VALUES (${mid}, ${phaseId}, 9, 'happiness', 'at_least', 1)`,
    );
    await attempt(
      sql`INSERT INTO test_phase_sites (municipality_id, test_phase_id, site_id) VALUES (${mid}, ${phaseId}, 'atlantis')`,
    );
    await attempt(
      sql`INSERT INTO test_phases (municipality_id, name, start_date, end_date, created_by)
          SELECT ${mid}, 'rückwärts', '2030-02-01', '2030-01-01', created_by FROM test_phases LIMIT 1`,
    );
  });

  it('offers the phase as the dashboard’s period: its period, sites and units', async () => {
    const response = await get(
      planner,
      `/api/v1/staff/evaluation?from=2000-01-01&to=2000-01-02&testPhaseId=${phaseId}`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const figures = response.json();
    expect(figures.filter).toMatchObject({ from: d1, to: d3, testPhaseId: phaseId });
    expect(figures.totals.contacts).toBe(11);
    expect(figures.bySite.map((row: { key: string }) => row.key)).toEqual([
      'bahnhof-avenwedde',
      'stadtbibliothek',
    ]);
    expect(figures.options.testPhases).toEqual([
      { id: phaseId, name: 'Frühjahr in Avenwedde', startDate: d1, endDate: d3 },
    ]);
    const narrowed = (
      await get(
        planner,
        `/api/v1/staff/evaluation?from=${d1}&to=${d3}&testPhaseId=${phaseId}&siteId=stadtbibliothek`,
      )
    ).json();
    expect(narrowed.totals.contacts).toBe(5);
    const unknown = await get(
      planner,
      `/api/v1/staff/evaluation?from=${d1}&to=${d3}&testPhaseId=7d4f1c3e-0000-4000-8000-000000000000`,
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().field).toBe('testPhaseId');
  });

  it('shows a department lead the own services only, and nobody without the role', async () => {
    const lead = await signInAs(test.app, 'department');
    const assigned = await test.app.inject({
      method: 'PATCH',
      url: `/api/v1/staff/users/${lead.user.id}`,
      headers: admin.headers,
      payload: { departmentIds: [idCardDepartment] },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const report = (await get(lead, `${PHASES}/${phaseId}/report`)).json();
    expect(report.departmentView).toBe(true);
    // The six ID cards at s1: no costs, utilisation or survey for a part of the stops' visits.
    expect(report.totals.contacts).toBe(6);
    const statuses = Object.fromEntries(
      report.overall.kpis.map((entry: { kpi: string; status: string }) => [entry.kpi, entry.status]),
    );
    expect(statuses).toEqual({
      utilisation: 'no_data',
      cost_per_contact: 'no_data',
      satisfaction: 'no_data',
      outside_district_share: 'met',
      no_show_rate: 'missed',
    });
    expect((await get(clerk, `${PHASES}/${phaseId}/report`)).statusCode).toBe(403);
    expect((await get(undefined, `${PHASES}/${phaseId}/report`)).statusCode).toBe(401);
  });

  it('records the phase and every reading of its report in the audit trail, without personal data', async () => {
    const rows = await test.database.db
      .selectFrom('audit_events')
      .select(['action', 'subject_id', 'details'])
      .where('municipality_id', '=', mid)
      .where('subject_type', '=', 'test_phase')
      .execute();
    expect(new Set(rows.map((row) => row.action))).toEqual(
      new Set(['test_phase.created', 'test_phase.report_read', 'test_phase.report_exported']),
    );
    expect(rows.every((row) => row.subject_id === phaseId)).toBe(true);
    expect(rows.find((row) => row.action === 'test_phase.report_exported')!.details).toMatchObject({
      format: 'pdf',
      from: d1,
      to: d3,
    });
    const read = await test.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('municipality_id', '=', mid)
      .where('action', '=', 'evaluation.read')
      .execute();
    expect(read.map((row) => row.details)).toContainEqual(expect.objectContaining({ testPhaseId: phaseId }));
    expect(JSON.stringify(rows)).not.toContain(PERSON.email);
  });
});
