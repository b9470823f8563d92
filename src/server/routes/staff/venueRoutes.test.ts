import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import type { ScenarioResultView } from '../../commands/planning/scenarioTypes.ts';

interface VenueJson {
  siteId: string;
  placeholder: boolean;
  usable: boolean;
  owner: string | null;
  stepFree: boolean | null;
  costPerDayEur: number | null;
  openingHours: { days: string[]; opens?: string; closes?: string }[] | null;
}

const facts = {
  usable: true,
  owner: 'Stadtbibliothek Gütersloh GmbH',
  stepFree: true,
  powerForVan: null,
  parking: false,
  kitRoom: true,
  costPerDayEur: 25,
  note: null,
  openingHours: [{ days: ['tu', 'fr'], opens: '10:00', closes: '18:00' }],
};

describe.each(testDatabaseKinds)('sites as venues on %s', (kind) => {
  let test: TestApp;
  let planner: StaffSignIn;
  beforeAll(async () => {
    test = await createTestApp(kind);
    planner = await signInAs(test.app, 'planner');
  });
  afterAll(async () => test?.close());

  const list = async () =>
    (await test.app.inject({ method: 'GET', url: '/api/v1/staff/venues', headers: planner.headers })).json<{
      items: VenueJson[];
    }>().items;
  const put = (siteId: string, payload: unknown) =>
    test.app.inject({
      method: 'PUT',
      url: `/api/v1/staff/venues/${siteId}`,
      headers: planner.headers,
      payload: payload as Record<string, unknown>,
    });

  it('seeds the real venues usable and the district reference points not', async () => {
    const venues = await list();
    const byId = new Map(venues.map((venue) => [venue.siteId, venue]));
    expect(byId.get('stadtbibliothek')?.usable).toBe(true);
    expect(byId.get('rathaus-buergerbuero')?.usable).toBe(true);
    expect(byId.get('bahnhof-avenwedde')).toMatchObject({ usable: true, stepFree: true });
    const placeholders = venues.filter((venue) => venue.placeholder);
    expect(placeholders.length).toBe(7);
    expect(placeholders.every((venue) => !venue.usable)).toBe(true);
  });

  it('saves a venue’s facts, audited, and answers bad input with a problem naming the field', async () => {
    const saved = await put('stadtbibliothek', facts);
    expect(saved.statusCode, saved.body).toBe(200);
    const venue = (await list()).find((entry) => entry.siteId === 'stadtbibliothek')!;
    expect(venue).toMatchObject({
      owner: facts.owner,
      stepFree: true,
      costPerDayEur: 25,
      openingHours: facts.openingHours,
    });
    const audit = await test.database.db
      .selectFrom('audit_events')
      .select(['action', 'subject_type'])
      .where('subject_id', '=', 'stadtbibliothek')
      .execute();
    expect(audit).toContainEqual({ action: 'site.venue_updated', subject_type: 'site' });

    const backwards = await put('stadtbibliothek', {
      ...facts,
      openingHours: [{ days: ['tu'], opens: '18:00', closes: '10:00' }],
    });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(backwards.json()).toMatchObject({
      code: 'invalid_opening_hours',
      field: 'openingHours[0].closes',
    });

    const negative = await put('stadtbibliothek', { ...facts, costPerDayEur: -1 });
    expect(negative.statusCode).toBe(400);
    expect(negative.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(negative.json())).toMatch(/costPerDayEur/);

    const placeholder = await put('ebbesloh-reference-point', { ...facts, usable: true });
    expect(placeholder.statusCode).toBe(422);
    expect(placeholder.json()).toMatchObject({ code: 'placeholder_not_a_venue', field: 'usable' });

    const unknown = await put('nowhere', facts);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'unknown_site', field: 'siteId' });
  });

  it('never recommends a placeholder: a scenario chooses among usable venues only', async () => {
    const base = '/api/v1/staff/planning/scenarios';
    const inputs = {
      name: 'Fünf Standorte, p-Median',
      objective: 'pmedian',
      units: 1,
      staffDaysPerWeek: 3,
      p: 5,
      coverageThresholdMinutes: 15,
      travelMode: 'bus',
      weights: { residents: 1, residents65plus: 1, limitedMobility: 0, pastBookings: 0 },
      timeLimitSeconds: 10,
    };
    const named = await test.app.inject({
      method: 'POST',
      url: base,
      headers: planner.headers,
      payload: { ...inputs, siteIds: ['stadtbibliothek', 'ebbesloh-reference-point'], p: 1 },
    });
    const namedBody = named.json<{ id: string }>();
    // Naming a placeholder is refused when the scenario is created or, at the latest, when it runs.
    if (named.statusCode === 201) {
      const run = await test.app.inject({
        method: 'POST',
        url: `${base}/${namedBody.id}/run`,
        headers: planner.headers,
        payload: {},
      });
      expect(run.statusCode).toBe(422);
      expect(run.json()).toMatchObject({ field: 'siteIds[1]' });
    } else {
      expect(named.statusCode).toBe(422);
      expect(named.json()).toMatchObject({ field: 'siteIds[1]' });
    }

    const created = await test.app.inject({
      method: 'POST',
      url: base,
      headers: planner.headers,
      payload: inputs,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    const started = await test.app.inject({
      method: 'POST',
      url: `${base}/${id}/run`,
      headers: planner.headers,
      payload: {},
    });
    expect(started.statusCode, started.body).toBe(202);
    let scenario: { status: string; result: ScenarioResultView | null; error: unknown };
    const until = Date.now() + 90_000;
    for (;;) {
      scenario = (
        await test.app.inject({ method: 'GET', url: `${base}/${id}`, headers: planner.headers })
      ).json();
      if (scenario.status === 'done' || scenario.status === 'failed') break;
      if (Date.now() > until) throw new Error(`scenario still ${scenario.status}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(scenario.status, JSON.stringify(scenario.error)).toBe('done');
    const chosen = scenario.result!.chosenSites;
    expect(chosen).toHaveLength(5);
    const venues = new Map((await list()).map((venue) => [venue.siteId, venue]));
    for (const site of chosen) {
      expect(site.placeholder, site.id).toBe(false);
      expect(venues.get(site.id)?.usable, site.id).toBe(true);
    }
    expect(scenario.result!.notes.map((note) => note.code)).toContain('sitesNotVenues');
    // The proposed timetable: citizen-friendly times on the full or half hour only.
    expect(scenario.result!.timetable.rules.length).toBeGreaterThan(0);
    for (const rule of scenario.result!.timetable.rules) {
      expect(rule.startTime, rule.siteId).toMatch(/:(00|30)$/);
      expect(rule.endTime, rule.siteId).toMatch(/:(00|30)$/);
    }
  });
});
