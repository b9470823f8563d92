import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import { fixtureGtfsFiles, zipGtfs } from '../../../planning/testing/gtfsFixture.ts';
import type { ScenarioResultView } from '../../commands/planning/scenarioTypes.ts';

const SCENARIOS = '/api/v1/staff/planning/scenarios';
const FEEDS = '/api/v1/staff/planning/gtfs-feeds';

const transitInputs = {
  name: 'Mit Bus und Bahn',
  objective: 'mclp',
  units: 1,
  staffDaysPerWeek: 2,
  p: 2,
  coverageThresholdMinutes: 30,
  travelMode: 'transit',
  // Wednesday 3 March 2027: weekday service WD of the test feed.
  transit: { date: '2027-03-03', windowStart: '08:00', windowEnd: '08:30', olderWalkShare: 0.5 },
  weights: { residents: 1, residents65plus: 1, limitedMobility: 2, pastBookings: 0 },
  timeLimitSeconds: 10,
};

describe.each(testDatabaseKinds)('a public transport scenario on %s', (kind) => {
  let test: TestApp;
  let planner: StaffSignIn;
  beforeAll(async () => {
    test = await createTestApp(kind);
    planner = await signInAs(test.app, 'planner');
  });
  afterAll(async () => test?.close());

  const create = (payload: Record<string, unknown>) =>
    test.app.inject({ method: 'POST', url: SCENARIOS, headers: planner.headers, payload });

  it('without a timetable it is refused naming the travel mode; with the uploaded feed it runs', async () => {
    const before = await create(transitInputs);
    expect(before.statusCode, before.body).toBe(422);
    expect(before.json()).toMatchObject({
      field: 'travelMode',
      details: expect.objectContaining({ reason: 'no_gtfs_feed' }) as unknown,
    });

    const uploaded = await test.app.inject({
      method: 'POST',
      url: `${FEEDS}?name=${encodeURIComponent('Testfahrplan')}&fileName=gtfs.zip`,
      headers: { ...planner.headers, 'content-type': 'application/zip' },
      payload: Buffer.from(zipGtfs(fixtureGtfsFiles())),
    });
    expect(uploaded.statusCode, uploaded.body).toBeLessThan(300);

    // A window that ends before it starts, a day that does not exist, a day outside the feed: 422 naming the field.
    const backwards = await create({
      ...transitInputs,
      transit: { ...transitInputs.transit, windowStart: '10:00', windowEnd: '09:00' },
    });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json()).toMatchObject({
      field: 'transit.windowEnd',
      details: expect.objectContaining({ reason: 'transit_window_order' }) as unknown,
    });
    const noDay = await create({
      ...transitInputs,
      transit: { ...transitInputs.transit, date: '2027-02-30' },
    });
    expect(noDay.statusCode).toBe(422);
    expect(noDay.json()).toMatchObject({ field: 'transit.date' });
    const outside = await create({
      ...transitInputs,
      transit: { ...transitInputs.transit, date: '2027-05-05' },
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json()).toMatchObject({
      field: 'transit.date',
      details: expect.objectContaining({ reason: 'outside_feed_validity' }) as unknown,
    });

    const created = await create(transitInputs);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    const started = await test.app.inject({
      method: 'POST',
      url: `${SCENARIOS}/${id}/run`,
      headers: planner.headers,
      payload: {},
    });
    expect(started.statusCode, started.body).toBe(202);
    let scenario: { status: string; result: ScenarioResultView | null; error: unknown };
    const until = Date.now() + 120_000;
    for (;;) {
      scenario = (
        await test.app.inject({ method: 'GET', url: `${SCENARIOS}/${id}`, headers: planner.headers })
      ).json();
      if (scenario.status === 'done' || scenario.status === 'failed' || Date.now() > until) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(scenario.status, JSON.stringify(scenario.error)).toBe('done');
    const result = scenario.result!;
    expect(result.chosenSites).toHaveLength(2);
    const note = result.notes.find((entry) => entry.code === 'transitTravel');
    expect(note?.params).toEqual({
      feed: 'Testfahrplan',
      date: '2027-03-03',
      windowStart: '08:00',
      windowEnd: '08:30',
      olderWalkPct: 50,
    });
    expect(result.metrics.meanTravelMinutes).toBeGreaterThan(0);
    // The robustness variants ran on the same public transport times.
    expect(result.robustness).toBeDefined();
    expect(result.robustness!.status).not.toBe('failed');
  });
});
