import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { municipalityId } from '../../../../test/support/booking.ts';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import { fixtureGtfsFiles, zipGtfs } from '../../../planning/testing/gtfsFixture.ts';
import { newestGtfsFeed } from '../../commands/planning/gtfsFeedImporter.ts';

const FEEDS = '/api/v1/staff/planning/gtfs-feeds';

describe.each(testDatabaseKinds)('GTFS feed upload on %s', (kind) => {
  let test: TestApp;
  let planner: StaffSignIn;
  let clerk: StaffSignIn;
  let mid: string;

  const upload = (who: StaffSignIn, bytes: Uint8Array, name = 'Fahrplan 2027', fileName = 'gtfs.zip') =>
    test.app.inject({
      method: 'POST',
      url: `${FEEDS}?name=${encodeURIComponent(name)}&fileName=${encodeURIComponent(fileName)}`,
      headers: { ...who.headers, 'content-type': 'application/zip' },
      payload: Buffer.from(bytes),
    });
  const counts = async () => {
    const db = test.database.db;
    const [feeds, audits] = await Promise.all([
      db.selectFrom('gtfs_feeds').select('id').where('municipality_id', '=', mid).execute(),
      db
        .selectFrom('audit_events')
        .select('id')
        .where('municipality_id', '=', mid)
        .where('action', '=', 'gtfs_feed.imported')
        .execute(),
    ]);
    return { feeds: feeds.length, audits: audits.length };
  };

  beforeAll(async () => {
    test = await createTestApp(kind);
    planner = await signInAs(test.app, 'planner');
    clerk = await signInAs(test.app, 'clerk');
    mid = await municipalityId(test.database.db);
  });
  afterAll(async () => test?.close());

  it('refuses a feed without stop_times.txt, naming the file, and stores nothing', async () => {
    const files = fixtureGtfsFiles();
    delete files['stop_times.txt'];
    const response = await upload(planner, zipGtfs(files));
    expect(response.statusCode).toBe(422);
    const body = response.json<{
      code?: string;
      details: { issues: { file: string; row: number; field: string }[] };
    }>();
    expect(body.details.issues).toEqual([
      expect.objectContaining({ file: 'stop_times.txt', row: 0, field: '(file)' }),
    ]);
    expect(await counts()).toEqual({ feeds: 0, audits: 0 });
  });

  it('refuses a bad time and an unknown trip with file:row:field, all or nothing', async () => {
    const files = fixtureGtfsFiles();
    files['stop_times.txt'] =
      files['stop_times.txt']!.replace('T1a,08:10:00,08:10:00', 'T1a,25:61:00,08:10:00') +
      'T9,08:00:00,08:00:00,A,1\n';
    const response = await upload(planner, zipGtfs(files));
    expect(response.statusCode).toBe(422);
    const body = response.json<{
      detail: string;
      details: { issues: { file: string; row: number; field: string }[] };
    }>();
    expect(body.details.issues.map(({ file, row, field }) => `${file}:${row}:${field}`)).toEqual([
      'stop_times.txt:3:arrival_time',
      'stop_times.txt:23:trip_id',
    ]);
    expect(body.detail).toContain('stop_times.txt:3:arrival_time');
    const notZip = await upload(planner, new TextEncoder().encode('not a zip'), 'x', 'fahrplan.zip');
    expect(notZip.statusCode).toBe(422);
    expect(notZip.json<{ details: { issues: { file: string }[] } }>().details.issues[0]!.file).toBe(
      'fahrplan.zip',
    );
    expect(await counts()).toEqual({ feeds: 0, audits: 0 });
  });

  it('stores a good feed with its validity, lists it and audits the upload', async () => {
    const response = await upload(planner, zipGtfs(fixtureGtfsFiles()));
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      name: 'Fahrplan 2027',
      fileName: 'gtfs.zip',
      validFrom: '2027-02-01',
      validTo: '2027-03-31',
      stops: 6,
      routes: 4,
      trips: 9,
      stopTimes: 21,
    });
    expect(await counts()).toEqual({ feeds: 1, audits: 1 });
    const list = await test.app.inject({ method: 'GET', url: FEEDS, headers: planner.headers });
    expect(list.json<{ items: { name: string }[] }>().items.map((item) => item.name)).toEqual([
      'Fahrplan 2027',
    ]);
    const newest = await newestGtfsFeed(test.database.db, mid);
    expect(newest?.feed.trips.find((trip) => trip.id === 'T4w')?.departures[0]).toBe(24 * 3600 + 300);
  });

  it('is for planners and admins only', async () => {
    expect((await upload(clerk, zipGtfs(fixtureGtfsFiles()))).statusCode).toBe(403);
    expect((await test.app.inject({ method: 'GET', url: FEEDS, headers: clerk.headers })).statusCode).toBe(
      403,
    );
  });
});
