import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runStaffRouteMatrix } from '../../../../test/support/staffRouteMatrix.ts';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import { nrwSchoolHolidaysBetween } from '../../../domain/schoolHolidays.ts';
import { scenarioRunnerTestHooks } from '../../commands/planning/scenarioRunner.ts';
import type { ScenarioResultView } from '../../commands/planning/scenarioTypes.ts';

const base = '/api/v1/staff/planning/scenarios';

interface ScenarioJson {
  id: string;
  name: string;
  status: string;
  progress: { percent: number; phase: string } | null;
  result: ScenarioResultView | null;
  error: { reason: string; message: string; field?: string } | null;
  approvedSchedules: { id: string; unitId: string; siteId: string; status: string; stops: number }[];
}

const mclpInputs = {
  name: 'Zwei Standorte, 15 Minuten mit dem Bus',
  objective: 'mclp',
  units: 1,
  staffDaysPerWeek: 2,
  p: 2,
  coverageThresholdMinutes: 15,
  travelMode: 'bus',
  weights: { residents: 1, residents65plus: 1, limitedMobility: 2, pastBookings: 0 },
  timeLimitSeconds: 10,
};

describe.each(testDatabaseKinds)('planning scenarios on %s', (kind) => {
  let test: TestApp;
  let planner: StaffSignIn;

  beforeAll(async () => {
    test = await createTestApp(kind);
    planner = await signInAs(test.app, 'planner');
  });
  afterAll(async () => test?.close());
  afterEach(() => {
    scenarioRunnerTestHooks.workerUrl = undefined;
  });

  const create = (payload: Record<string, unknown>) =>
    test.app.inject({ method: 'POST', url: base, headers: planner.headers, payload });
  const get = async (id: string) =>
    (
      await test.app.inject({ method: 'GET', url: `${base}/${id}`, headers: planner.headers })
    ).json<ScenarioJson>();
  const run = (id: string) =>
    test.app.inject({ method: 'POST', url: `${base}/${id}/run`, headers: planner.headers, payload: {} });
  async function waitUntilFinished(id: string, timeoutMs = 90_000): Promise<ScenarioJson> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const scenario = await get(id);
      if (scenario.status === 'done' || scenario.status === 'failed') return scenario;
      if (Date.now() > until) throw new Error(`scenario still ${scenario.status} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('creates a draft, runs it in a worker and stores sensible metrics and a timetable', async () => {
    const created = await create(mclpInputs);
    expect(created.statusCode, created.body).toBe(201);
    const draft = created.json<ScenarioJson>();
    expect(draft.status).toBe('draft');

    const started = await run(draft.id);
    expect(started.statusCode, started.body).toBe(202);
    expect(['queued', 'running']).toContain(started.json<ScenarioJson>().status);
    // The server keeps answering while the solver works.
    const health = await test.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    const again = await run(draft.id);
    expect([409, 202]).toContain(again.statusCode);

    const done = await waitUntilFinished(draft.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe('done');
    const result = done.result!;
    expect(result.chosenSites).toHaveLength(2);
    expect(result.metrics.coveragePct).toBeGreaterThan(50);
    expect(result.metrics.coveragePct).toBeLessThanOrEqual(100);
    expect(result.metrics.residentsTotal).toBeGreaterThan(90_000);
    expect(result.metrics.residents65plusCovered).toBeGreaterThan(0);
    expect(result.metrics.residents65plusCovered).toBeLessThanOrEqual(result.metrics.residents65plusTotal);
    expect(result.metrics.meanTravelMinutes).toBeGreaterThan(0);
    expect(result.metrics.worstTravelMinutes).toBeGreaterThanOrEqual(result.metrics.meanTravelMinutes);
    expect(result.metrics.staffHoursPerMonth).toBeGreaterThan(0);
    expect(result.metrics.costPerMonth).toBeGreaterThan(0);
    // The cost's parts: the seed knows no venue's cost, so staff and unit days make it all.
    const parts = result.metrics.costBreakdown!;
    expect(parts.staff + parts.units + parts.venues).toBeCloseTo(result.metrics.costPerMonth, 6);
    expect(parts.venues).toBe(0);
    // The school holidays of the horizon come from the domain's calendar.
    expect(result.timetable.schoolHolidays!.map((period) => period.from)).toEqual(
      nrwSchoolHolidaysBetween(result.timetable.horizon.start, result.timetable.horizon.end).map(
        (period) => period.from,
      ),
    );
    expect(['exact', 'heuristic']).toContain(result.solver.method);
    expect(result.timetable.rules.length).toBeGreaterThan(0);
    expect(result.notes.map((note) => note.code)).toContain('share65County');
    // Robustness without layers: the districts are the one layer, so ± 20 % on it changes no choice.
    const robustness = result.robustness!;
    expect(robustness.status).not.toBe('failed');
    if (robustness.status !== 'failed') {
      expect(robustness.skipped.map((entry) => entry.id)).toEqual(
        expect.arrayContaining(['layer:districts:0.8', 'layer:districts:1.2']),
      );
      expect(
        robustness.sites
          .filter((site) => site.inBase)
          .map((site) => site.siteId)
          .sort(),
      ).toEqual(result.chosenSites.map((site) => site.id).sort());
    }

    const list = await test.app.inject({ method: 'GET', url: base, headers: planner.headers });
    expect(list.json<{ items: ScenarioJson[] }>().items.map((item) => item.id)).toContain(draft.id);

    const audit = await test.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', draft.id)
      .execute();
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining(['scenario.created', 'scenario.run_started', 'scenario.run_finished']),
    );
  });

  it('approves a finished scenario into draft schedules that make stops only once activated', async () => {
    const created = (
      await create({ ...mclpInputs, name: 'Zum Beschließen', objective: 'pmedian' })
    ).json<ScenarioJson>();
    await run(created.id);
    const done = await waitUntilFinished(created.id);
    expect(done.status, JSON.stringify(done.error)).toBe('done');

    const approved = await test.app.inject({
      method: 'POST',
      url: `${base}/${created.id}/approve`,
      headers: planner.headers,
      payload: {},
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const schedules = approved.json<ScenarioJson>().approvedSchedules;
    expect(schedules.length).toBe(done.result!.timetable.rules.length);
    expect(schedules.every((schedule) => schedule.status === 'draft' && schedule.stops === 0)).toBe(true);
    const rows = await test.database.db
      .selectFrom('schedules')
      .select(['status', 'source'])
      .where(
        'id',
        'in',
        schedules.map((schedule) => schedule.id),
      )
      .execute();
    expect(rows.every((row) => row.source === `scenario:${created.id}` && row.status === 'draft')).toBe(true);
    const stopsBefore = await test.database.db
      .selectFrom('stops')
      .select('id')
      .where(
        'schedule_id',
        'in',
        schedules.map((schedule) => schedule.id),
      )
      .execute();
    expect(stopsBefore).toEqual([]);

    const twice = await test.app.inject({
      method: 'POST',
      url: `${base}/${created.id}/approve`,
      headers: planner.headers,
      payload: {},
    });
    expect(twice.statusCode).toBe(409);

    const activated = await test.app.inject({
      method: 'POST',
      url: `/api/v1/staff/schedules/${schedules[0]!.id}/activate`,
      headers: planner.headers,
      payload: {},
    });
    expect(activated.statusCode, activated.body).toBe(200);
    expect(activated.json<{ stopIds: string[] }>().stopIds.length).toBeGreaterThan(0);
    const after = await get(created.id);
    expect(after.approvedSchedules[0]!.status).toBe('active');
    expect(after.approvedSchedules[0]!.stops).toBeGreaterThan(0);

    const reactivated = await test.app.inject({
      method: 'POST',
      url: `/api/v1/staff/schedules/${schedules[0]!.id}/activate`,
      headers: planner.headers,
      payload: {},
    });
    expect(reactivated.statusCode).toBe(409);
  });

  it('refuses to activate a schedule whose unit is elsewhere at that time (409)', async () => {
    const created = (await create({ ...mclpInputs, name: 'Konflikt' })).json<ScenarioJson>();
    await run(created.id);
    expect((await waitUntilFinished(created.id)).status).toBe('done');
    const approved = (
      await test.app.inject({
        method: 'POST',
        url: `${base}/${created.id}/approve`,
        headers: planner.headers,
        payload: {},
      })
    ).json<ScenarioJson>();
    // Activate the same timetable twice: the second copy collides with the first.
    const other = (await create({ ...mclpInputs, name: 'Konflikt 2' })).json<ScenarioJson>();
    await run(other.id);
    expect((await waitUntilFinished(other.id)).status).toBe('done');
    const approvedOther = (
      await test.app.inject({
        method: 'POST',
        url: `${base}/${other.id}/approve`,
        headers: planner.headers,
        payload: {},
      })
    ).json<ScenarioJson>();
    const first = await test.app.inject({
      method: 'POST',
      url: `/api/v1/staff/schedules/${approved.approvedSchedules[0]!.id}/activate`,
      headers: planner.headers,
      payload: {},
    });
    // 409 already when the earlier test activated the same proposal.
    expect([200, 409], first.body).toContain(first.statusCode);
    const clash = approvedOther.approvedSchedules.find(
      (schedule) =>
        schedule.unitId === approved.approvedSchedules[0]!.unitId &&
        schedule.siteId === approved.approvedSchedules[0]!.siteId,
    )!;
    const second = await test.app.inject({
      method: 'POST',
      url: `/api/v1/staff/schedules/${clash.id}/activate`,
      headers: planner.headers,
      payload: {},
    });
    expect(second.statusCode, second.body).toBe(409);
    expect(second.headers['content-type']).toContain('application/problem+json');
    expect(second.json<{ detail: string }>().detail).toMatch(/on \d{4}-\d{2}-\d{2}/);
  });

  it('answers bad inputs with problem+json naming the field', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...mclpInputs, p: 99 }, 422, 'p'],
      [{ ...mclpInputs, p: 'NaN' }, 400, 'p'],
      [{ ...mclpInputs, coverageThresholdMinutes: 1e308 }, 400, 'coverageThresholdMinutes'],
      [{ ...mclpInputs, units: 7 }, 422, 'units'],
      [{ ...mclpInputs, p: undefined }, 422, 'p'],
      [{ ...mclpInputs, budgetPerMonth: 5000 }, 422, 'budgetPerMonth'],
      // The Kernstadt's residents all live in its quarters: alone, it has no demand of its own.
      [{ ...mclpInputs, districtIds: ['guetersloh-kernstadt'] }, 422, 'districtIds'],
      // A district reference point is demand, never a candidate site.
      [{ ...mclpInputs, p: 1, siteIds: ['ebbesloh-reference-point'] }, 422, 'siteIds[0]'],
      [
        { ...mclpInputs, weights: { residents: 0, residents65plus: 0, limitedMobility: 0, pastBookings: 0 } },
        422,
        'weights',
      ],
      [{ ...mclpInputs, siteIds: Array.from({ length: 100_000 }, (_, i) => `site-${i}`) }, 400, 'siteIds'],
      [{ ...mclpInputs, objective: 'setcover' }, 422, 'p'],
      [{ ...mclpInputs, travelMode: 'rocket' }, 400, 'travelMode'],
    ];
    for (const [payload, status, field] of cases) {
      const response = await create(payload);
      expect(response.statusCode, `${field}: ${response.body.slice(0, 300)}`).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json<{ field: string }>().field, response.body.slice(0, 300)).toContain(field);
    }
    const nan = await test.app.inject({
      method: 'POST',
      url: base,
      headers: { ...planner.headers, 'content-type': 'application/json' },
      payload: '{"name":"x","objective":"mclp","units":1,"staffDaysPerWeek":2,"p":NaN}',
    });
    expect(nan.statusCode).toBe(400);
    expect(nan.headers['content-type']).toContain('application/problem+json');
  });

  it('a crashing solver leaves the scenario failed with a clear message, and the server answering', async () => {
    scenarioRunnerTestHooks.workerUrl = new URL(
      '../../../planning/testing/crashingWorker.ts',
      import.meta.url,
    );
    const created = (await create({ ...mclpInputs, name: 'Absturz' })).json<ScenarioJson>();
    expect((await run(created.id)).statusCode).toBe(202);
    const failed = await waitUntilFinished(created.id);
    expect(failed.status).toBe('failed');
    expect(failed.error!.reason).toBe('crashed');
    expect(failed.error!.message).toMatch(/solver stopped unexpectedly/);
    expect((await test.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    scenarioRunnerTestHooks.workerUrl = undefined;
    // It can run again once the solver is fine.
    expect((await run(created.id)).statusCode).toBe(202);
    expect((await waitUntilFinished(created.id)).status).toBe('done');
  });

  it('finds the most sites a budget allows, and deletes scenarios', async () => {
    const created = await create({ ...mclpInputs, name: 'Budget', p: undefined, budgetPerMonth: 4000 });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<ScenarioJson>().id;
    await run(id);
    const done = await waitUntilFinished(id, 150_000);
    expect(done.status, JSON.stringify(done.error)).toBe('done');
    expect(done.result!.metrics.costPerMonth).toBeLessThanOrEqual(4000);
    expect(done.result!.budgetSearch!.tried.length).toBeGreaterThan(0);
    // The robustness variants keep the number of sites the budget search found.
    const robustness = done.result!.robustness!;
    if (robustness.status === 'failed') throw new Error(`robustness failed: ${robustness.reason}`);
    expect(robustness.variants.length + robustness.skipped.length).toBeGreaterThan(0);
    for (const variant of robustness.variants) expect(variant.chosenSiteIds).toHaveLength(done.result!.p);
    expect(robustness.sites.reduce((sum, site) => sum + site.chosenIn, 0)).toBe(
      done.result!.p * robustness.variantCount,
    );

    const removed = await test.app.inject({
      method: 'DELETE',
      url: `${base}/${id}`,
      headers: planner.headers,
    });
    expect(removed.statusCode).toBe(204);
    const gone = await test.app.inject({ method: 'GET', url: `${base}/${id}`, headers: planner.headers });
    expect(gone.statusCode).toBe(404);
    // The budget search runs the scenario for several p before the variants: it waits up to 150 s above.
  }, 240_000);

  it('counts each venue’s cost per day of use and leaves school holidays out at schools, also in the approved schedules', async () => {
    const municipalityId = planner.user.municipalityId;
    const usable = await test.database.db
      .selectFrom('sites')
      .select(['id', 'category', 'cost_per_day_eur'])
      .where('municipality_id', '=', municipalityId)
      .where('usable', '=', true)
      .execute();
    // Every usable venue a school costing 50 € a day, for this test only.
    await test.database.db
      .updateTable('sites')
      .set({ category: 'school', cost_per_day_eur: 50 })
      .where('municipality_id', '=', municipalityId)
      .where('usable', '=', true)
      .execute();
    try {
      const created = (await create({ ...mclpInputs, name: 'Schulen mit Miete' })).json<ScenarioJson>();
      await run(created.id);
      const done = await waitUntilFinished(created.id);
      expect(done.status, JSON.stringify(done.error)).toBe('done');
      const result = done.result!;
      const perMonth = { weekly: 52 / 12, biweekly: 26 / 12, monthly: 1 };
      const venues = result.timetable.rules.reduce((sum, rule) => sum + perMonth[rule.frequency] * 50, 0);
      expect(venues).toBeGreaterThan(0);
      expect(result.metrics.costBreakdown!.venues).toBeCloseTo(venues, 6);
      expect(result.metrics.costPerMonth).toBeCloseTo(
        result.metrics.costBreakdown!.staff + result.metrics.costBreakdown!.units + venues,
        6,
      );
      // At schools no visit falls in the school holidays.
      for (const period of result.timetable.schoolHolidays!) expect(period.visits).toBe(0);

      const approved = await test.app.inject({
        method: 'POST',
        url: `${base}/${created.id}/approve`,
        headers: planner.headers,
        payload: {},
      });
      expect(approved.statusCode, approved.body).toBe(200);
      const rules = await test.database.db
        .selectFrom('schedules')
        .select('rule')
        .where('source', '=', `scenario:${created.id}`)
        .execute();
      expect(rules.length).toBe(result.timetable.rules.length);
      for (const row of rules) {
        expect((row.rule as unknown as { schoolHolidayPolicy?: string }).schoolHolidayPolicy).toBe('skip');
      }
    } finally {
      for (const site of usable) {
        await test.database.db
          .updateTable('sites')
          .set({ category: site.category, cost_per_day_eur: site.cost_per_day_eur })
          .where('municipality_id', '=', municipalityId)
          .where('id', '=', site.id)
          .execute();
      }
    }
  });

  it('every planning route is in the staff route matrix, for planners and admins only', async () => {
    const matrix = await runStaffRouteMatrix(test.app);
    expect(matrix.mismatches).toEqual([]);
    const declared = Object.fromEntries(
      matrix.routes.map((route) => [`${route.method} ${route.url}`, route.staffRoles]),
    );
    for (const route of [
      'GET /api/v1/staff/planning/scenarios',
      'POST /api/v1/staff/planning/scenarios',
      'GET /api/v1/staff/planning/scenarios/:scenarioId',
      'DELETE /api/v1/staff/planning/scenarios/:scenarioId',
      'POST /api/v1/staff/planning/scenarios/:scenarioId/run',
      'POST /api/v1/staff/planning/scenarios/:scenarioId/approve',
      'POST /api/v1/staff/schedules/:scheduleId/activate',
    ]) {
      expect(declared[route], route).toEqual(['planner', 'admin']);
    }
    const document = test.app.swagger() as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const operationIds = Object.values(document.paths).flatMap((operations) =>
      Object.values(operations).map((operation) => operation.operationId),
    );
    expect(operationIds).toEqual(
      expect.arrayContaining([
        'createScenario',
        'listScenarios',
        'getScenario',
        'runScenario',
        'deleteScenario',
        'approveScenario',
        'activateSchedule',
      ]),
    );
  });

  it('keeps scenarios to their municipality role: a clerk may not plan', async () => {
    const clerk = await signInAs(test.app, 'clerk');
    const response = await test.app.inject({ method: 'GET', url: base, headers: clerk.headers });
    expect(response.statusCode).toBe(403);
  });
});
