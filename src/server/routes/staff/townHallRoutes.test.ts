import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { municipalityId } from '../../../../test/support/booking.ts';
import { insertVisitBooking, insertVisitTicket } from '../../../../test/support/evaluationFixture.ts';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import { createStop } from '../../commands/stopCreator.ts';

const IMPORT = '/api/v1/staff/evaluation/town-hall-counts';
const COMPARISON = '/api/v1/staff/evaluation/town-hall';
const MINUTE = 60_000;
const idCard = 'personalausweis-beantragen';
/** A service of another department than the ID card's. */
const parkingPermit = 'bewohnerparkausweis';

/**
 * Selection 1 September – 31 October 2026: 61 days, so the baseline is 2 July – 31 August 2026; September is
 * compared with 2–31 July, October with 1–31 August.
 */
const period = '?from=2026-09-01&to=2026-10-31';
const goodFile = [
  'datum;leistung;anzahl',
  '01.09.2026;personalausweis-beantragen;40',
  '2026-10-01;personalausweis-beantragen;35',
  '15.07.2026;personalausweis-beantragen;50',
  '2026-08-20;Personalausweis beantragen;45',
  '2.9.2026;bewohnerparkausweis;12',
  '2026-07-20;BEWOHNERPARKAUSWEIS BEANTRAGEN;10',
].join('\r\n');

describe.each(testDatabaseKinds)('the comparison with the town hall on %s, worked out by hand', (kind) => {
  let test: TestApp;
  let planner: StaffSignIn;
  let admin: StaffSignIn;
  let clerk: StaffSignIn;
  let mid: string;
  let idCardDepartment: string;

  const upload = (who: StaffSignIn, fileName: string, content: string) =>
    test.app.inject({ method: 'POST', url: IMPORT, headers: who.headers, payload: { fileName, content } });
  const comparison = (who: StaffSignIn, query = period) =>
    test.app.inject({ method: 'GET', url: `${COMPARISON}${query}`, headers: who.headers });
  /** Everything an import may change: the counts, the imports and the audit trail. */
  const snapshot = async () => {
    const db = test.database.db;
    const [counts, imports, audits] = await Promise.all([
      db
        .selectFrom('town_hall_counts')
        .select(['day', 'service_id', 'count', 'import_id'])
        .where('municipality_id', '=', mid)
        .orderBy('day')
        .orderBy('service_id')
        .execute(),
      db.selectFrom('town_hall_imports').select('id').where('municipality_id', '=', mid).execute(),
      db
        .selectFrom('audit_events')
        .select('id')
        .where('municipality_id', '=', mid)
        .where('action', '=', 'town_hall_counts.imported')
        .execute(),
    ]);
    return { counts, imports: imports.length, audits: audits.length };
  };

  beforeAll(async () => {
    test = await createTestApp(kind);
    planner = await signInAs(test.app, 'planner');
    admin = await signInAs(test.app, 'admin');
    clerk = await signInAs(test.app, 'clerk');
    const db = test.database.db;
    mid = await municipalityId(db);
    idCardDepartment = (
      await db
        .selectFrom('services')
        .select('department_id')
        .where('municipality_id', '=', mid)
        .where('id', '=', idCard)
        .executeTakeFirstOrThrow()
    ).department_id!;
    // Two stops in the past (created as if on 1 September): 15 September and 7 October.
    const stopOn = (date: string) =>
      createStop(db, {
        municipalityId: mid,
        unitId: 'rathausmobil',
        siteId: 'bahnhof-avenwedde',
        date,
        startTime: '09:00',
        endTime: '12:00',
        setupMinutes: 30,
        teardownMinutes: 30,
        actor: 'test',
        today: '2026-09-01',
      });
    const september = await stopOn('2026-09-15');
    const october = await stopOn('2026-10-07');
    const booking = (stopId: string, day: string, i: number, status: 'finished' | 'no_show') =>
      insertVisitBooking(db, mid, {
        stopId,
        status,
        origin: 'citizen',
        serviceId: idCard,
        minutes: 20,
        startsAt: Date.parse(`${day}T07:00:00Z`) + i * 20 * MINUTE,
      });
    // September: five ID cards delivered and a no-show (no contact).
    for (let i = 0; i < 5; i++) await booking(september, '2026-09-15', i, 'finished');
    await booking(september, '2026-09-15', 6, 'no_show');
    // October: two ID cards and three residents' parking permits (walk-ins).
    for (let i = 0; i < 2; i++) await booking(october, '2026-10-07', i, 'finished');
    for (let i = 0; i < 3; i++) {
      await insertVisitTicket(db, mid, {
        stopId: october,
        serviceId: parkingPermit,
        at: Date.parse('2026-10-07T08:00:00Z') + i * 10 * MINUTE,
        wait: 2,
        handling: 6,
        districtId: (await db
          .selectFrom('districts')
          .select('id')
          .where('municipality_id', '=', mid)
          .executeTakeFirstOrThrow())!.id,
      });
    }
  });
  afterAll(async () => test?.close());

  it('has no town-hall figures before the first import', async () => {
    const response = await comparison(planner);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.period).toMatchObject({ townHallDays: 0, baselineDays: 0 });
    expect(body.total).toEqual({
      townHall: 0,
      mobile: 10,
      mobileShare: null,
      townHallBefore: 0,
      change: null,
      changeShare: null,
    });
  });

  it.each([
    ['an unknown service', '2026-09-01;reisepass-verlaengern;4', 'leistung', 'unknown_service'],
    ['a date that does not exist', '31.09.2026;personalausweis-beantragen;4', 'datum', 'invalid_date'],
    ['a date in another format', '09/01/2026;personalausweis-beantragen;4', 'datum', 'invalid_date'],
    ['a negative count', '2026-09-04;personalausweis-beantragen;-4', 'anzahl', 'negative_count'],
    ['a count that is no number', '2026-09-04;personalausweis-beantragen;vier', 'anzahl', 'invalid_count'],
    ['a day and service twice', '03.09.2026;Personalausweis beantragen;4', 'leistung', 'duplicate_row'],
  ])('refuses %s with file:row:field, and changes nothing', async (_, badLine, field, code) => {
    const before = await snapshot();
    const content = ['datum;leistung;anzahl', '2026-09-03;personalausweis-beantragen;7', badLine].join('\n');
    const response = await upload(planner, 'rathaus-september.csv', content);
    expect(response.statusCode, response.body).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem).toMatchObject({ code: 'import_invalid', field });
    expect(problem.details).toMatchObject({
      file: 'rathaus-september.csv',
      issueCount: 1,
      issues: [{ file: 'rathaus-september.csv', row: 3, field, code }],
    });
    expect(problem.detail).toContain(`rathaus-september.csv:3:${field}`);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a wrong header, an empty file, too many rows and too large a file, and changes nothing', async () => {
    const before = await snapshot();
    const header = await upload(
      planner,
      'zahlen.csv',
      'datum;leistung;menge\n2026-09-03;meldebescheinigung;7',
    );
    expect(header.statusCode).toBe(422);
    expect(header.json().details.issues).toEqual([
      expect.objectContaining({ row: 1, field: 'menge', code: 'unknown_column' }),
      expect.objectContaining({ row: 1, field: 'anzahl', code: 'missing_column' }),
    ]);
    const empty = await upload(planner, 'leer.csv', '\uFEFFdatum;leistung;anzahl\r\n');
    expect(empty.json().details.issues).toEqual([
      expect.objectContaining({ row: 0, field: '(file)', code: 'empty_file' }),
    ]);
    const rows = Array.from({ length: 20_001 }, () => '2026-09-03;meldebescheinigung;1');
    const many = await upload(planner, 'viele.csv', ['datum;leistung;anzahl', ...rows].join('\n'));
    expect(many.statusCode).toBe(422);
    expect(many.json().details.issues).toEqual([
      expect.objectContaining({ row: 20_002, code: 'too_many_rows' }),
    ]);
    const large = await upload(planner, 'gross.csv', `datum;leistung;anzahl\n${'x'.repeat(1_000_001)}`);
    expect(large.statusCode).toBe(400);
    expect(large.json()).toMatchObject({ code: 'validation', field: 'content' });
    // Many problems: each listed up to a hundred, all counted.
    const wrong = Array.from({ length: 150 }, (_, i) => `2026-09-03;unbekannt-${i};1`);
    const manyWrong = await upload(planner, 'falsch.csv', ['datum;leistung;anzahl', ...wrong].join('\n'));
    expect(manyWrong.json().details.issueCount).toBe(150);
    expect(manyWrong.json().details.issues).toHaveLength(100);
    expect(await snapshot()).toEqual(before);
  });

  it('lets planners and admins import, not clerks or department leads', async () => {
    const lead = await signInAs(test.app, 'department');
    for (const who of [clerk, lead]) {
      const refused = await upload(who, 'zahlen.csv', goodFile);
      expect(refused.statusCode).toBe(403);
    }
    expect((await snapshot()).imports).toBe(0);
  });

  it('imports a good file (BOM, semicolons, ISO and German days, ids and names) and audits it', async () => {
    const response = await upload(planner, 'C:\\Daten\\rathaus-2026.csv', `\uFEFF${goodFile}\r\n`);
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json();
    expect(result).toMatchObject({
      fileName: 'rathaus-2026.csv',
      rows: 6,
      days: 6,
      services: 2,
      firstDay: '2026-07-15',
      lastDay: '2026-10-01',
      total: 192,
      replacedRows: 0,
    });
    const audit = await test.database.db
      .selectFrom('audit_events')
      .select(['actor', 'subject_type', 'subject_id', 'details'])
      .where('municipality_id', '=', mid)
      .where('action', '=', 'town_hall_counts.imported')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actor: `staff:${planner.user.id}`,
      subject_type: 'evaluation',
      subject_id: result.importId,
      details: { file: 'rathaus-2026.csv', rows: 6, days: 6, replacedRows: 0 },
    });
    const imports = await test.app.inject({
      method: 'GET',
      url: `${IMPORT}/imports`,
      headers: admin.headers,
    });
    expect(imports.statusCode, imports.body).toBe(200);
    expect(imports.json().items).toEqual([
      expect.objectContaining({ id: result.importId, rows: 6, days: 6 }),
    ]);
    expect(imports.json().coverage).toEqual({ days: 6, firstDay: '2026-07-15', lastDay: '2026-10-01' });
    expect(imports.json().services).toContainEqual(expect.objectContaining({ id: idCard }));
  });

  it('compares the town hall with the Mobiles Rathaus as worked out by hand', async () => {
    const response = await comparison(planner);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.period).toEqual({
      key: 'all',
      from: '2026-09-01',
      to: '2026-10-31',
      baselineFrom: '2026-07-02',
      baselineTo: '2026-08-31',
      townHallDays: 3,
      baselineDays: 3,
    });
    expect(body.firstMobileDay).toBe('2026-09-15');
    expect(body.baselineOverlapsMobile).toBe(false);
    // Town hall 40 + 35 + 12 = 87 against 50 + 45 + 10 = 105 before; mobile 5 + 2 ID cards + 3 parking permits
    expect(body.total).toEqual({
      townHall: 87,
      mobile: 10,
      mobileShare: 10 / 97,
      townHallBefore: 105,
      change: -18,
      changeShare: -18 / 105,
    });
    expect(body.byService).toEqual([
      {
        serviceId: parkingPermit,
        nameDe: expect.any(String),
        nameEn: expect.any(String),
        // three parking permits at the stops are too few to show, and so is the share computed from them
        townHall: 12,
        mobile: null,
        mobileShare: null,
        townHallBefore: 10,
        change: 2,
        changeShare: 0.2,
      },
      {
        serviceId: idCard,
        nameDe: 'Personalausweis beantragen',
        nameEn: expect.any(String),
        townHall: 75,
        mobile: 7,
        mobileShare: 7 / 82,
        townHallBefore: 95,
        change: -20,
        changeShare: -20 / 95,
      },
    ]);
    // September: 40 + 12 against 15 and 20 July (50 + 10), five ID cards mobile; October: 35 against 20 August
    expect(body.byMonth).toEqual([
      {
        month: '2026-09',
        townHall: 52,
        mobile: 5,
        mobileShare: 5 / 57,
        townHallBefore: 60,
        change: -8,
        changeShare: -8 / 60,
      },
      {
        month: '2026-10',
        townHall: 35,
        mobile: 5,
        mobileShare: 0.125,
        townHallBefore: 45,
        change: -10,
        changeShare: -10 / 45,
      },
    ]);
    expect(body.months.map((month: { key: string }) => month.key)).toEqual(['2026-09', '2026-10']);

    // One service only, and the reading is audited with the view.
    const one = (await comparison(planner, `${period}&serviceId=${idCard}`)).json();
    expect(one.byService.map((row: { serviceId: string }) => row.serviceId)).toEqual([idCard]);
    expect(one.total).toMatchObject({ townHall: 75, mobile: 7, townHallBefore: 95 });
    const read = await test.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('municipality_id', '=', mid)
      .where('action', '=', 'evaluation.read')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(read.details).toMatchObject({ view: 'town_hall', serviceId: idCard });

    // A baseline that reaches the first stop is flagged: October's is 31 August – 30 September.
    const late = (await comparison(planner, '?from=2026-10-01&to=2026-10-31')).json();
    expect(late.baselineOverlapsMobile).toBe(true);
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
    const body = (await comparison(lead)).json();
    const ids = body.byService.map((row: { serviceId: string }) => row.serviceId);
    expect(ids).toContain(idCard);
    expect(ids).not.toContain(parkingPermit);
    expect(body.total).toMatchObject({ townHall: 75, mobile: 7, townHallBefore: 95 });
    expect((await comparison(clerk)).statusCode).toBe(403);
  });

  it('exports the comparison as CSV and as a sheet of the workbook', async () => {
    const csv = await test.app.inject({
      method: 'GET',
      url: `/api/v1/staff/evaluation/export${period}&format=csv&table=townHall`,
      headers: planner.headers,
    });
    expect(csv.statusCode, csv.body).toBe(200);
    const rows = Papa.parse<string[]>(csv.body.replace(/^\uFEFF/, ''), {
      delimiter: ';',
      skipEmptyLines: true,
    }).data;
    expect(rows[0]).toContain('Kontakte im Rathaus');
    expect(rows[1]!.slice(1, 3)).toEqual(['Alle Leistungen', 'gewählter Zeitraum']);
    expect(rows[1]!.slice(-6)).toEqual([
      '87',
      '10',
      String(Math.round((10 / 97) * 10_000) / 10_000),
      '105',
      '-18',
      String(Math.round((-18 / 105) * 10_000) / 10_000),
    ]);
    const permitRow = rows.find((row) => row[0] === parkingPermit && row[2] === 'gewählter Zeitraum')!;
    expect(permitRow.slice(-6)).toEqual(['12', '<5', '', '10', '2', '0.2']);

    const xlsx = await test.app.inject({
      method: 'GET',
      url: `/api/v1/staff/evaluation/export${period}&format=xlsx&lang=en`,
      headers: planner.headers,
    });
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Town hall comparison')!;
    expect(sheet.getRow(1).values).toContain('Town hall contacts');
    expect(sheet.getRow(2).values).toContain('All services');
  });

  it('a second file replaces the days it covers and keeps the others', async () => {
    const response = await upload(
      admin,
      'korrektur.csv',
      'sep=,\ndatum,leistung,anzahl\n"01.09.2026",personalausweis-beantragen,44\n',
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ rows: 1, days: 1, replacedRows: 1 });
    const counts = (await snapshot()).counts.map((row) => `${row.day} ${row.service_id} ${row.count}`);
    expect(counts).toEqual([
      '2026-07-15 personalausweis-beantragen 50',
      '2026-07-20 bewohnerparkausweis 10',
      '2026-08-20 personalausweis-beantragen 45',
      '2026-09-01 personalausweis-beantragen 44',
      '2026-09-02 bewohnerparkausweis 12',
      '2026-10-01 personalausweis-beantragen 35',
    ]);
    expect((await comparison(planner)).json().total).toMatchObject({ townHall: 91, change: -14 });
  });
});
