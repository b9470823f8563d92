import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStop, municipalityId, upcomingDate } from '../../../../test/support/booking.ts';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import {
  FIXTURE_PERSON as PERSON,
  insertVisitBooking,
  insertVisitTicket,
} from '../../../../test/support/evaluationFixture.ts';

const EVALUATION = '/api/v1/staff/evaluation';
const MINUTE = 60_000;

describe.each(testDatabaseKinds)('the evaluation on %s, on a small data set worked out by hand', (kind) => {
  let test: TestApp;
  let admin: StaffSignIn;
  let planner: StaffSignIn;
  let clerk: StaffSignIn;
  let mid: string;
  const d1 = upcomingDate(7);
  const d2 = upcomingDate(14);
  const idCard = 'personalausweis-beantragen';
  let other: string; // a service of another department
  let idCardDepartment: string;
  let nord: string;
  let sued: string;
  const stops: Record<'s1' | 's2' | 's3', string> = { s1: '', s2: '', s3: '' };

  const get = (who: StaffSignIn | undefined, query: string) =>
    test.app.inject({ method: 'GET', url: `${EVALUATION}${query}`, headers: who?.headers ?? {} });
  const period = `?from=${d1}&to=${d2}`;

  const booking = (props: Parameters<typeof insertVisitBooking>[2]) =>
    insertVisitBooking(test.database.db, mid, props);
  const ticket = (
    stopId: string,
    serviceId: string,
    at: number,
    wait: number,
    handling: number,
    districtId: string,
  ) => insertVisitTicket(test.database.db, mid, { stopId, serviceId, at, wait, handling, districtId });

  beforeAll(async () => {
    test = await createTestApp(kind);
    admin = await signInAs(test.app, 'admin');
    planner = await signInAs(test.app, 'planner');
    clerk = await signInAs(test.app, 'clerk');
    const db = test.database.db;
    mid = await municipalityId(db);
    const services = await db
      .selectFrom('services')
      .select(['id', 'department_id', 'presence'])
      .where('municipality_id', '=', mid)
      .execute();
    idCardDepartment = services.find((service) => service.id === idCard)!.department_id!;
    other = services.find(
      (service) => service.department_id !== idCardDepartment && service.presence !== 'required',
    )!.id;
    const districts = await db
      .selectFrom('districts')
      .select('id')
      .where('municipality_id', '=', mid)
      .orderBy('id')
      .execute();
    [nord, sued] = [districts[0]!.id, districts[1]!.id];

    stops.s1 = await createTestStop(db, {
      date: d1,
      siteId: 'bahnhof-avenwedde',
      unitId: 'rathausmobil',
      counters: 2,
    });
    stops.s2 = await createTestStop(db, {
      date: d2,
      siteId: 'bahnhof-avenwedde',
      unitId: 'rathausmobil',
      counters: 1,
    });
    stops.s3 = await createTestStop(db, {
      date: d2,
      siteId: 'kreishaus',
      unitId: 'buergerkoffer-1',
      counters: 1,
    });

    const t1 = Date.parse(`${d1}T08:00:00Z`);
    const t2 = Date.parse(`${d2}T08:00:00Z`);
    // s1: five booked ID cards (20 min), waits 0..8, handling 10..18, from the first district
    for (let i = 0; i < 5; i++) {
      await booking({
        stopId: stops.s1,
        status: 'finished',
        origin: 'citizen',
        serviceId: idCard,
        minutes: 20,
        startsAt: t1 + i * 20 * MINUTE,
        districtId: nord,
        wait: 2 * i,
        handling: 10 + 2 * i,
      });
    }
    await booking({
      stopId: stops.s1,
      status: 'no_show',
      origin: 'citizen',
      serviceId: idCard,
      minutes: 20,
      startsAt: t1 + 120 * MINUTE,
    });
    await booking({
      stopId: stops.s1,
      status: 'cancelled',
      origin: 'citizen',
      serviceId: idCard,
      minutes: 20,
      startsAt: t1 + 140 * MINUTE,
    });
    // s2: five walk-ins for the other department's service, wait 1, handling 7, from the second district
    for (let i = 0; i < 5; i++) await ticket(stops.s2, other, t2 + i * 10 * MINUTE, 1, 7, sued);
    // s3: one appointment booked by staff (30 min), wait 5, handling 9
    await booking({
      stopId: stops.s3,
      status: 'finished',
      origin: 'staff',
      serviceId: idCard,
      minutes: 30,
      startsAt: t2,
      wait: 5,
      handling: 9,
    });
    // Five survey answers at s1: satisfaction 5, 5, 4, 4, 2 (mean 4); three would use it again; two walk-ins.
    await db
      .insertInto('visit_feedback')
      .values(
        (
          [
            [5, 'yes', 'booked'],
            [5, 'yes', 'booked'],
            [4, 'no', 'booked'],
            [4, 'yes', 'walk_in'],
            [2, 'unsure', 'walk_in'],
          ] as const
        ).map(([satisfaction, wouldUseAgain, channel]) => ({
          municipality_id: mid,
          stop_id: stops.s1,
          channel,
          satisfaction,
          would_use_again: wouldUseAgain,
        })),
      )
      .execute();
  });
  afterAll(async () => test?.close());

  it('uses the planners’ cost assumptions, and records who changed them', async () => {
    const before = await get(planner, period);
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json().assumptions).toMatchObject({ custom: false });
    const changed = await test.app.inject({
      method: 'PUT',
      url: `${EVALUATION}/assumptions`,
      headers: planner.headers,
      payload: { staffHourRateEur: 50, unitDayCostEur: 120, travelCostPerStopEur: 10, note: 'Haushalt 2027' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ staffHourRateEur: 50, custom: true, note: 'Haushalt 2027' });
    const refused = await test.app.inject({
      method: 'PUT',
      url: `${EVALUATION}/assumptions`,
      headers: planner.headers,
      payload: { staffHourRateEur: -5, unitDayCostEur: 120, travelCostPerStopEur: 10 },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(refused.json())).toContain('staffHourRateEur');
    const clerkTry = await test.app.inject({
      method: 'PUT',
      url: `${EVALUATION}/assumptions`,
      headers: clerk.headers,
      payload: { staffHourRateEur: 1, unitDayCostEur: 1, travelCostPerStopEur: 1 },
    });
    expect(clerkTry.statusCode).toBe(403);
  });

  it('computes every figure as worked out by hand', async () => {
    const response = await get(planner, period);
    expect(response.statusCode, response.body).toBe(200);
    const figures = response.json();
    // s1: 2 counters × 4 h (09–12 with 30 min set-up and tear-down) = 8 h → 400 € + 120 € + 10 € = 530 €
    // s2 and s3: 1 × 4 h → 200 € + 120 € + 10 € = 330 € each (different units: a unit-day each)
    expect(figures.totalCostEur).toBeCloseTo(1190, 6);
    expect(figures.staffHours).toBeCloseTo(16, 6);
    expect(figures.stopsHeld).toBe(3);
    expect(figures.openCounterMinutes).toBe(360 + 180 + 180);
    expect(figures.totals).toEqual({
      visits: 13,
      contacts: 11,
      servicesDelivered: 11,
      cancellations: null,
      noShows: null,
      waitMedianMinutes: 1, // 0,1,1,1,1,1,2,4,5,6,8
      waitP90Minutes: 6,
      handlingMedianMinutes: 9, // 7,7,7,7,7,9,10,12,14,16,18
      handlingP90Minutes: 16,
      utilisation: expect.closeTo(150 / 720, 9), // 5 × 20 + 20 (no-show) + 30
      walkInShare: expect.closeTo(5 / 11, 9),
      costPerContactEur: expect.closeTo(1190 / 11, 9),
      feedbackAnswers: 5,
      satisfactionMean: 4,
      wouldUseAgainShare: 0.6,
    });
    const [a, b] = figures.bySite;
    expect(a).toMatchObject({
      key: 'bahnhof-avenwedde',
      visits: 12,
      contacts: 10,
      waitMedianMinutes: 1,
      waitP90Minutes: 6,
      handlingMedianMinutes: 8.5,
      handlingP90Minutes: 16,
      utilisation: expect.closeTo(120 / 540, 9),
      costPerContactEur: expect.closeTo(86, 9),
    });
    expect(b).toMatchObject({
      key: 'kreishaus',
      visits: null,
      contacts: null,
      utilisation: expect.closeTo(30 / 180, 9),
    });
    expect(
      figures.byChannel.map((row: { key: string; contacts: number | null }) => [row.key, row.contacts]),
    ).toEqual([
      ['booked', 5],
      ['staff_booked', null],
      ['walk_in', 5],
    ]);
    expect(figures.periodGranularity).toBe('day');
    expect(
      figures.byPeriod.map((row: { key: string; contacts: number | null }) => [row.key, row.contacts]),
    ).toEqual([
      [d1, 5],
      [d2, 6],
    ]);
    // The time chart's series: d1 five booked, d2 five walk-ins and one booked by staff (hidden).
    expect(
      figures.byPeriodChannel.map((row: { period: string; channel: string; contacts: number | null }) => [
        row.period,
        row.channel,
        row.contacts,
      ]),
    ).toEqual([
      [d1, 'booked', 5],
      [d1, 'waitlist', 0],
      [d1, 'staff_booked', 0],
      [d1, 'walk_in', 0],
      [d2, 'booked', 0],
      [d2, 'waitlist', 0],
      [d2, 'staff_booked', null],
      [d2, 'walk_in', 5],
    ]);
    // Scores 5, 5, 4, 4, 2: each fewer than 5, so none is shown; 1 and 3 had none.
    expect(figures.satisfactionDistribution).toEqual([
      { score: 1, answers: 0 },
      { score: 2, answers: null },
      { score: 3, answers: 0 },
      { score: 4, answers: null },
      { score: 5, answers: null },
    ]);
    // The catchment map's districts: reference point and area, quarters under their district.
    const kernstadt = figures.options.districts.find((d: { id: string }) => d.id === 'guetersloh-kernstadt');
    expect(kernstadt).toEqual({
      id: 'guetersloh-kernstadt',
      name: 'Gütersloh (Kernstadt)',
      parentId: null,
      lat: 51.90607,
      lon: 8.37855,
      areaKm2: 52.77,
    });
    expect(figures.options.districts.find((d: { id: string }) => d.id === 'innenstadt')).toMatchObject({
      parentId: 'guetersloh-kernstadt',
    });
    expect(figures.catchment).toEqual(
      [
        expect.objectContaining({ districtId: nord, contacts: 5 }),
        expect.objectContaining({ districtId: sued, contacts: 5 }),
        { districtId: null, contacts: null, population: null, contactsPer1000: null },
      ].sort((x, y) => String(x.districtId ?? '\uffff').localeCompare(String(y.districtId ?? '\uffff'))),
    );
    const nordRow = figures.catchment.find((row: { districtId: string | null }) => row.districtId === nord);
    if (nordRow.population) expect(nordRow.contactsPer1000).toBeCloseTo((5 / nordRow.population) * 1000, 9);
  });

  it('filters by channel, site and service, and then attributes no cost', async () => {
    const walkIns = (await get(planner, `${period}&channel=walk_in`)).json();
    // Two walk-in answers: too few to show; a service has no answers of its own.
    expect(walkIns.totals).toMatchObject({ feedbackAnswers: null, satisfactionMean: null });
    expect(walkIns.totals).toMatchObject({
      visits: 5,
      contacts: 5,
      walkInShare: 1,
      utilisation: null,
      costPerContactEur: null,
    });
    const site = (await get(planner, `${period}&siteId=bahnhof-avenwedde`)).json();
    expect(site.totals).toMatchObject({ contacts: 10, costPerContactEur: expect.closeTo(86, 9) });
    const service = (await get(planner, `${period}&serviceId=${idCard}`)).json();
    expect(service.totals).toMatchObject({
      visits: 8,
      contacts: 6,
      costPerContactEur: null,
      feedbackAnswers: null,
      satisfactionMean: null,
    });
  });

  it('shows a department lead only the own department’s services', async () => {
    const lead = await signInAs(test.app, 'department');
    const assigned = await test.app.inject({
      method: 'PATCH',
      url: `/api/v1/staff/users/${lead.user.id}`,
      headers: admin.headers,
      payload: { departmentIds: [idCardDepartment] },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const figures = (await get(lead, period)).json();
    expect(figures.departmentView).toBe(true);
    expect(figures.totals).toMatchObject({ visits: 8, contacts: 6, costPerContactEur: null });
    expect(figures.byService.map((row: { key: string }) => row.key)).toEqual([idCard]);
    expect(figures.options.services.map((s: { id: string }) => s.id)).not.toContain(other);
    const foreign = await get(lead, `${period}&serviceId=${other}`);
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().field).toBe('serviceId');
  });

  it('ranks what goes online next from the reasons clerks recorded, or the catalogue', async () => {
    const db = test.database.db;
    // Six reasons for the other department's service at s2: 3 did not know, 1 without eID, 2 legally in person.
    const reasons = [
      'did_not_know',
      'did_not_know',
      'did_not_know',
      'no_eid',
      'legal_presence',
      'legal_presence',
    ] as const;
    await db
      .insertInto('in_person_reasons')
      .values(
        reasons.map((reason) => ({
          municipality_id: mid,
          stop_id: stops.s2,
          entry_kind: 'walk_in' as const,
          entry_id: randomUUID(),
          service_id: other,
          reason,
        })),
      )
      .execute();
    const catalogue = await db
      .selectFrom('services')
      .select(['id', 'typical_minutes', 'presence'])
      .where('municipality_id', '=', mid)
      .where('id', 'in', [idCard, other])
      .execute();
    const minutesOf = (id: string) => catalogue.find((service) => service.id === id)!.typical_minutes;
    const idCardPresence = catalogue.find((service) => service.id === idCard)!.presence;

    const response = await get(planner, `/online-candidates${period}`);
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json().items as {
      serviceId: string;
      contacts: number | null;
      couldBeOnlineShare: number | null;
      shareBasis: string;
      potentialMinutes: number | null;
      reasons: Record<string, number | null>;
    }[];
    // The other service: five walk-ins, and 4 of 6 reasons say it could have been online.
    const walkInService = items.find((item) => item.serviceId === other)!;
    expect(walkInService).toMatchObject({ contacts: 5, shareBasis: 'reasons', reasonsRecorded: 6 });
    expect(walkInService.couldBeOnlineShare).toBeCloseTo(4 / 6, 9);
    expect(walkInService.potentialMinutes).toBeCloseTo(5 * minutesOf(other) * (4 / 6), 9);
    expect(walkInService.reasons).toEqual({
      did_not_know: null,
      no_eid: null,
      needs_help: 0,
      legal_presence: null,
      other: 0,
    });
    // The ID card: six contacts, no reasons: the catalogue decides (in person by law, or not).
    const card = items.find((item) => item.serviceId === idCard)!;
    const cardShare = idCardPresence === 'required' ? 0 : idCardPresence === 'depends' ? 0.5 : 1;
    expect(card).toMatchObject({
      contacts: 6,
      reasonsRecorded: 0,
      shareBasis: idCardPresence === 'required' ? 'legal_presence' : 'catalogue',
    });
    expect(card.potentialMinutes).toBeCloseTo(6 * minutesOf(idCard) * cardShare, 9);
    const potentials = items.map((item) => item.potentialMinutes ?? -1);
    expect(potentials).toEqual([...potentials].sort((a, b) => b - a));

    // A department lead sees the own services only.
    const lead = await signInAs(test.app, 'department');
    await test.app.inject({
      method: 'PATCH',
      url: `/api/v1/staff/users/${lead.user.id}`,
      headers: admin.headers,
      payload: { departmentIds: [idCardDepartment] },
    });
    const own = (await get(lead, `/online-candidates${period}`)).json().items as { serviceId: string }[];
    expect(own.map((item) => item.serviceId)).toEqual([idCard]);
    expect((await get(clerk, `/online-candidates${period}`)).statusCode).toBe(403);
  });

  it('refuses a bad period or channel with a problem naming the field, and people without the role', async () => {
    const backwards = await get(planner, `?from=${d2}&to=${d1}`);
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().field).toBe('to');
    const tooLong = await get(planner, '?from=2024-01-01&to=2026-12-31');
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().field).toBe('to');
    const channel = await get(planner, `${period}&channel=fax`);
    expect(channel.statusCode).toBe(400);
    expect(channel.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(channel.json())).toContain('channel');
    expect((await get(clerk, period)).statusCode).toBe(403);
    expect((await get(undefined, period)).statusCode).toBe(401);
  });

  it('exports each table as CSV and all as XLSX, with small counts hidden and nothing personal', async () => {
    const csv = await get(planner, `/export${period}&format=csv&table=sites`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('.csv');
    const parsed = Papa.parse<string[]>(csv.body.replace(/^\ufeff/, ''), {
      delimiter: ';',
      skipEmptyLines: true,
    });
    expect(parsed.errors).toEqual([]);
    const [header, ...rows] = parsed.data;
    expect(header!.slice(0, 4)).toEqual(['Kennung', 'Name', 'Besuche', 'Kontakte']);
    expect(rows.find((row) => row[0] === 'bahnhof-avenwedde')!.slice(2, 4)).toEqual(['12', '10']);
    expect(rows.find((row) => row[0] === 'kreishaus')!.slice(2, 4)).toEqual(['<5', '<5']);
    const english = await get(planner, `/export${period}&format=csv&table=totals&lang=en`);
    expect(english.body).toContain('Cost per contact (euros)');
    expect(english.body).toContain('Staff hour (euros)');

    const xlsx = await get(planner, `/export${period}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Gesamt',
      'Standorte',
      'Dienstleistungen',
      'Zugangswege',
      'Zeitraum',
      'Herkunft',
      'Online-Kandidaten',
      'Annahmen',
      'Rathausvergleich',
    ]);
    const totals = workbook.getWorksheet('Gesamt')!;
    const valueOf = (label: string) => {
      let found: unknown;
      totals.eachRow((row) => {
        if (row.getCell(1).value === label) found = row.getCell(2).value;
      });
      return found;
    };
    expect(valueOf('Kontakte')).toBe(11);
    expect(valueOf('Absagen')).toBe('<5');
    expect(valueOf('Kosten je Kontakt (Euro)')).toBeCloseTo(1190 / 11, 3);
    expect(valueOf('Personalstunde (Euro)')).toBe(50);

    // Nothing personal in any export: every table as CSV, and every cell of the workbook.
    const texts: string[] = [];
    for (const table of [
      'totals',
      'sites',
      'services',
      'channels',
      'periods',
      'catchment',
      'online',
      'assumptions',
    ]) {
      texts.push((await get(planner, `/export${period}&format=csv&table=${table}`)).body);
    }
    workbook.eachSheet((sheet) => sheet.eachRow((row) => texts.push(JSON.stringify(row.values))));
    const all = texts.join('\n');
    expect(all).not.toContain(PERSON.name);
    expect(all).not.toContain(PERSON.email);
    expect(all).not.toContain('Erika');
  });

  it('records every reading and export in the audit trail, without personal data', async () => {
    const rows = await test.database.db
      .selectFrom('audit_events')
      .select(['action', 'details', 'actor'])
      .where('municipality_id', '=', mid)
      .where('action', 'in', ['evaluation.read', 'evaluation.exported', 'evaluation.assumptions_changed'])
      .execute();
    const actions = new Set(rows.map((row) => row.action));
    expect(actions).toEqual(
      new Set(['evaluation.read', 'evaluation.exported', 'evaluation.assumptions_changed']),
    );
    expect(rows.find((row) => row.action === 'evaluation.read')!.details).toMatchObject({ from: d1, to: d2 });
    expect(JSON.stringify(rows)).not.toContain(PERSON.email);
  });
});
