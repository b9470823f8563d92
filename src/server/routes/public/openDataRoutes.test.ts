import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStop, municipalityId, upcomingDate } from '../../../../test/support/booking.ts';
import {
  FIXTURE_PERSON,
  insertVisitBooking,
  insertVisitTicket,
} from '../../../../test/support/evaluationFixture.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';

describe.each(testDatabaseKinds)('open data of the evaluation on %s', (kind) => {
  let test: TestApp;
  const day = upcomingDate(7);
  const year = Number(day.slice(0, 4));
  const month = day.slice(0, 7);

  beforeAll(async () => {
    test = await createTestApp(kind);
    const db = test.database.db;
    const mid = await municipalityId(db);
    const a = await createTestStop(db, { date: day, siteId: 'bahnhof-avenwedde', unitId: 'rathausmobil' });
    const b = await createTestStop(db, { date: day, siteId: 'kreishaus', unitId: 'buergerkoffer-1' });
    const start = Date.parse(`${day}T08:00:00Z`);
    for (let i = 0; i < 6; i++) {
      await insertVisitBooking(db, mid, {
        stopId: a,
        status: 'finished',
        origin: 'citizen',
        serviceId: 'personalausweis-beantragen',
        minutes: 20,
        startsAt: start + i * 20 * 60_000,
        wait: 2,
        handling: 10,
      });
    }
    for (let i = 0; i < 2; i++) {
      await insertVisitTicket(db, mid, {
        stopId: b,
        serviceId: 'personalausweis-beantragen',
        at: start + i * 600_000,
        wait: 1,
        handling: 5,
        districtId: (await db.selectFrom('districts').select('id').executeTakeFirstOrThrow()).id,
      });
    }
  });
  afterAll(async () => test?.close());

  it('publishes a year per month, for all sites and per site, with small counts left out, as JSON and CSV', async () => {
    const json = await test.app.inject({ url: `/api/v1/open-data/evaluation?year=${year}` });
    expect(json.statusCode, json.body).toBe(200);
    const body = json.json();
    expect(body.licence).toContain('dl-de/by-2-0');
    expect(body.rows).toEqual([
      {
        month,
        siteId: null,
        siteName: null,
        visits: 8,
        contacts: 8,
        servicesDelivered: 8,
        walkInShare: 0.25,
        waitMedianMinutes: 2,
        // Real activity: only a demo database's simulated figures say true.
        simulated: false,
      },
      expect.objectContaining({ month, siteId: 'bahnhof-avenwedde', visits: 6, contacts: 6, walkInShare: 0 }),
      expect.objectContaining({
        month,
        siteId: 'kreishaus',
        visits: null,
        contacts: null,
        servicesDelivered: null,
        walkInShare: null,
        waitMedianMinutes: null,
      }),
    ]);

    const csv = await test.app.inject({ url: `/api/v1/open-data/evaluation?year=${year}&format=csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const parsed = Papa.parse<Record<string, string>>(csv.body, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data.map((row) => [row.site_id, row.contacts, row.simulated])).toEqual([
      ['', '8', 'false'],
      ['bahnhof-avenwedde', '6', 'false'],
      ['kreishaus', '', 'false'],
    ]);
    expect(`${json.body}${csv.body}`).not.toContain(FIXTURE_PERSON.name);
  });

  it('answers a year without stops with no rows, and a bad year with a problem naming the field', async () => {
    const empty = await test.app.inject({ url: '/api/v1/open-data/evaluation?year=2021' });
    expect(empty.json().rows).toEqual([]);
    const bad = await test.app.inject({ url: '/api/v1/open-data/evaluation?year=1999' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(bad.json())).toContain('year');
  });
});
