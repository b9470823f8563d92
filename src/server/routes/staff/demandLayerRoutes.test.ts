import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import { latLonToLaea } from '../../../planning/laea.ts';
import type { RobustnessView } from '../../commands/planning/scenarioTypes.ts';

/** A Zensus-style 100 m grid extract: a 12 × 12 block of cells around Gütersloh's centre, and cells in Bavaria. */
export function gridExtract(options: { ages?: boolean; bad?: boolean } = {}): string {
  const centre = latLonToLaea({ lat: 51.90607, lon: 8.37855 });
  const x0 = Math.floor(centre.x / 100) * 100 - 600;
  const y0 = Math.floor(centre.y / 100) * 100 - 600;
  const header = options.ages
    ? 'GITTER_ID_100m;x_mp_100m;y_mp_100m;Unter18;a18bis29;a30bis49;a50bis64;a65undaelter'
    : 'GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner';
  const lines = [header];
  for (let i = 0; i < 12; i++) {
    for (let j = 0; j < 12; j++) {
      const x = x0 + i * 100;
      const y = y0 + j * 100;
      const id = `CRS3035RES100mN${y}E${x}`;
      const people = (i * 7 + j * 3) % 20;
      const value = people < 3 ? '–' : String(people);
      lines.push(
        options.ages
          ? `${id};${x + 50};${y + 50};${value};3;4;2;${people % 5}`
          : `${id};${x + 50};${y + 50};${value}`,
      );
    }
  }
  // Cells near Munich: outside the municipality, left out.
  lines.push('CRS3035RES100mN2689100E4337000;4337050;2689150;25');
  if (options.bad) {
    lines.push('CRS3035RES100mN2689100E4337100;4337150;2689150;viele');
    lines.push('x;457050;5751150;12');
  }
  return `${lines.join('\r\n')}\r\n`;
}

export const pointsCsv = [
  'name;lat;lon;weight;category',
  'Haus am Stadtpark;51,9050;8,3900;85;Pflegeheim',
  'Grundschule Avenwedde;51.9370;8.4440;240;Schule',
  'Unterkunft Nordring;51.9150;8.3700;60;Unterkunft',
].join('\n');

describe.each(testDatabaseKinds)('demand layers on %s', (kind) => {
  let test: TestApp;
  let planner: StaffSignIn;
  beforeAll(async () => {
    test = await createTestApp(kind);
    planner = await signInAs(test.app, 'planner');
  });
  afterAll(async () => test?.close());

  const upload = (layerKind: string, fileName: string, body: string, query = '') =>
    test.app.inject({
      method: 'POST',
      url: `/api/v1/staff/demand-layers/${layerKind}?fileName=${encodeURIComponent(fileName)}${query}`,
      headers: { ...planner.headers, 'content-type': 'text/csv' },
      payload: body,
    });
  const count = async () =>
    Number(
      (
        await test.database.db
          .selectFrom('demand_layer_points')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('refuses a grid with wrong values, naming file:row:field, and writes nothing', async () => {
    const response = await upload('grid', 'zensus_fehler.csv', gridExtract({ bad: true }));
    expect(response.statusCode, response.body).toBe(422);
    const body = response.json<{ code: string; details: { issueCount: number; issues: unknown[] } }>();
    expect(body.code).toBe('import_invalid');
    expect(body.details.issues).toEqual([
      expect.objectContaining({
        file: 'zensus_fehler.csv',
        row: 147,
        field: 'Einwohner',
        code: 'not_a_number',
      }),
      expect.objectContaining({
        file: 'zensus_fehler.csv',
        row: 148,
        field: 'x_mp_100m',
        code: 'not_epsg3035',
      }),
    ]);
    expect(await count()).toBe(0);
    const layers = await test.database.db.selectFrom('demand_layers').select('id').execute();
    expect(layers).toEqual([]);
  });

  it('refuses a grid that lies wholly outside the municipality (another CRS or area)', async () => {
    const munich =
      'GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner\nCRS3035RES100mN2689100E4337000;4337050;2689150;25\n';
    const response = await upload('grid', 'bayern.csv', munich);
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      code: 'import_invalid',
      details: {
        issues: [expect.objectContaining({ code: 'none_in_municipality', row: 0, field: '(file)' })],
      },
    });
    const utm = await upload(
      'grid',
      'utm.csv',
      'GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner\nx;457050;5751150;12\n',
    );
    expect(utm.json()).toMatchObject({
      details: { issues: [expect.objectContaining({ code: 'not_epsg3035', row: 2 })] },
    });
  });

  it('imports a grid extract with age groups, clipped, with its source, date and licence', async () => {
    const response = await upload('grid', 'Zensus2022_Alter_100m.csv', gridExtract({ ages: true }));
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json<{
      points: number;
      rowsOutside: number;
      clip: string;
      cellSizeM: number;
      residents65plusTotal: number;
    }>();
    expect(result.rowsOutside).toBe(1);
    expect(result.clip).toBe('box');
    expect(result.cellSizeM).toBe(100);
    expect(result.points).toBe(144);
    expect(result.residents65plusTotal).toBeGreaterThan(0);
    const list = await test.app.inject({
      method: 'GET',
      url: '/api/v1/staff/demand-layers',
      headers: planner.headers,
    });
    expect(list.json()).toMatchObject({
      items: [
        {
          kind: 'grid',
          source: expect.stringContaining('Zensus 2022') as string,
          sourceDate: '2022-05-15',
          licence:
            'Datenlizenz Deutschland – Namensnennung – Version 2.0, © Statistisches Bundesamt (Destatis)',
          points: 144,
        },
      ],
    });
    const audit = await test.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'demand_layer.imported')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('imports a points CSV and refuses one with a wrong row', async () => {
    const bad = await upload(
      'points',
      'heime.csv',
      `${pointsCsv}\nOhne Ort;;8.4;10\nVertauscht;8.38;51.9;5\n`,
    );
    expect(bad.statusCode).toBe(422);
    expect(
      bad.json<{ details: { issues: { row: number; field: string; code: string }[] } }>().details.issues,
    ).toEqual([
      expect.objectContaining({ row: 5, field: 'lat', code: 'missing_value' }),
      expect.objectContaining({ row: 6, field: 'lat', code: 'outside_municipality' }),
    ]);
    const good = await upload(
      'points',
      'heime.csv',
      pointsCsv,
      '&name=Pflegeheime&source=Kreis%20G%C3%BCtersloh&sourceDate=2025-01-01&licence=dl-de%2Fby-2-0',
    );
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json()).toMatchObject({ kind: 'points', points: 3, weightTotal: 385 });
    // The scenario form's weight fields: every layer present with its source and date.
    const list = await test.app.inject({
      method: 'GET',
      url: '/api/v1/staff/demand-layers',
      headers: planner.headers,
    });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({
      items: expect.arrayContaining([
        expect.objectContaining({
          kind: 'points',
          name: 'Pflegeheime',
          source: 'Kreis Gütersloh',
          sourceDate: '2025-01-01',
          licence: 'dl-de/by-2-0',
        }),
      ]) as unknown,
      districts: { count: 14 },
      pastContacts: 0,
      suggestions: 0,
      departmentEstimatesLatest: null,
    });
  });

  it('runs a scenario on the grid, points, districts and past contacts, weighted; a new one defaults to the grid', async () => {
    const base = '/api/v1/staff/planning/scenarios';
    const inputs = {
      name: 'Raster und Punkte',
      objective: 'mclp',
      units: 1,
      staffDaysPerWeek: 3,
      p: 2,
      coverageThresholdMinutes: 15,
      travelMode: 'bus',
      timeLimitSeconds: 10,
    };
    const create = (payload: Record<string, unknown>) =>
      test.app.inject({ method: 'POST', url: base, headers: planner.headers, payload });
    const scenarioCount = async () =>
      (
        await test.database.db
          .selectFrom('planning_scenarios')
          .select('id')
          .where('municipality_id', '=', planner.user.municipalityId)
          .execute()
      ).length;
    const before = await scenarioCount();
    const zero = await create({
      ...inputs,
      layerWeights: [
        { kind: 'districts', weight: 0 },
        { kind: 'grid', weight: 0 },
        { kind: 'points', weight: 0 },
      ],
    });
    expect(zero.statusCode).toBe(422);
    expect(zero.headers['content-type']).toContain('application/problem+json');
    expect(zero.json()).toMatchObject({
      code: 'invalid_scenario',
      field: 'layerWeights',
      details: { reason: 'layer_weights_zero' },
    });
    expect(await scenarioCount()).toBe(before);

    const byDefault = await create(inputs);
    expect(byDefault.statusCode, byDefault.body).toBe(201);
    expect(byDefault.json<{ inputs: { layerWeights: unknown } }>().inputs.layerWeights).toEqual([
      { kind: 'grid', layerId: expect.any(String) as string, weight: 1 },
    ]);

    const created = await create({
      ...inputs,
      layerWeights: [
        { kind: 'grid', weight: 1 },
        { kind: 'points', weight: 2 },
        { kind: 'districts', weight: 0.5 },
        { kind: 'pastContacts', weight: 1 },
        { kind: 'departmentEstimates', weight: 1 },
      ],
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
    let scenario: {
      status: string;
      result: {
        demand: { districtId: string; residents: number }[];
        notes: { code: string }[];
        chosenSites: unknown[];
      } | null;
      error: unknown;
    };
    const until = Date.now() + 120_000;
    for (;;) {
      scenario = (
        await test.app.inject({ method: 'GET', url: `${base}/${id}`, headers: planner.headers })
      ).json();
      if (scenario.status === 'done' || scenario.status === 'failed' || Date.now() > until) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(scenario.status, JSON.stringify(scenario.error)).toBe('done');
    const result = scenario.result!;
    expect(result.chosenSites).toHaveLength(2);
    const ids = result.demand.map((point) => point.districtId);
    expect(ids.some((key) => key.startsWith('grid0:'))).toBe(true);
    expect(ids.filter((key) => key.startsWith('points1:'))).toHaveLength(3);
    expect(ids.some((key) => key.startsWith('districts2:'))).toBe(true);
    // The care home of 85 people, weighted 2.
    expect(result.demand.find((point) => point.districtId.startsWith('points1:'))!.residents).toBe(170);
    const codes = result.notes.map((note) => note.code);
    expect(codes).toEqual(
      expect.arrayContaining(['gridLayer', 'pointsLayer', 'layerWeight.grid', 'layerWeight.points']),
    );

    // Robustness: each layer's demand ± 20 % and each group weight ± 20 %, solved with the answer's two sites.
    const robustness = (scenario.result as unknown as { robustness: RobustnessView }).robustness;
    if (robustness.status === 'failed') throw new Error(`robustness failed: ${robustness.reason}`);
    expect(robustness.status).toBe('done');
    const variantIds = robustness.variants.map((variant) => variant.id);
    expect(variantIds).toEqual(
      expect.arrayContaining([
        'layer:grid0:0.8',
        'layer:grid0:1.2',
        'layer:points1:0.8',
        'layer:points1:1.2',
        'layer:districts2:0.8',
        'layer:districts2:1.2',
      ]),
    );
    // Every variant either solved or left out as the twin of another: the grid, points and districts layers
    // and the residents, 65+ and limited-mobility weights (the districts' layer carries all three groups).
    expect(robustness.variantCount + robustness.skipped.length).toBeGreaterThanOrEqual(12);
    expect(robustness.variants.every((variant) => variant.chosenSiteIds.length === 2)).toBe(true);
    const n = robustness.variantCount;
    expect(robustness.sites.map((site) => site.siteId).sort()).toEqual(
      (
        await test.database.db
          .selectFrom('sites')
          .select('id')
          .where('municipality_id', '=', planner.user.municipalityId)
          .where('usable', '=', true)
          .execute()
      )
        .map((row) => row.id)
        .sort(),
    );
    for (const site of robustness.sites) {
      const chosenIn = robustness.variants.filter((variant) => variant.chosenSiteIds.includes(site.siteId));
      expect(site.chosenIn).toBe(chosenIn.length);
      expect(site.class).toBe(site.chosenIn === n ? 'robust' : site.chosenIn > 0 ? 'sometimes' : 'never');
      expect(site.name).not.toBe(site.siteId);
    }
    expect(robustness.sites.reduce((sum, site) => sum + site.chosenIn, 0)).toBe(2 * n);
    expect(robustness.provenOptimalCount).toBe(
      robustness.variants.filter((variant) => variant.provenOptimal).length,
    );
    // Stored with the run, as its result.
    const stored = await test.database.db
      .selectFrom('planning_scenarios')
      .select('result')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const storedResult = (typeof stored.result === 'string' ? JSON.parse(stored.result) : stored.result) as {
      robustness: RobustnessView;
    };
    expect(storedResult.robustness).toEqual(robustness);
  }, 150_000);

  it('a budget run’s robustness variants keep the number of sites the budget search found', async () => {
    const base = '/api/v1/staff/planning/scenarios';
    const created = await test.app.inject({
      method: 'POST',
      url: base,
      headers: planner.headers,
      payload: {
        name: 'Raster und Punkte mit Budget',
        objective: 'mclp',
        units: 1,
        staffDaysPerWeek: 3,
        budgetPerMonth: 4000,
        coverageThresholdMinutes: 15,
        travelMode: 'bus',
        timeLimitSeconds: 5,
        layerWeights: [
          { kind: 'grid', weight: 1 },
          { kind: 'points', weight: 2 },
          { kind: 'districts', weight: 0.5 },
        ],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    await test.app.inject({
      method: 'POST',
      url: `${base}/${id}/run`,
      headers: planner.headers,
      payload: {},
    });
    let scenario: {
      status: string;
      error: unknown;
      result: { p: number; budgetSearch?: unknown; robustness: RobustnessView } | null;
    };
    const until = Date.now() + 180_000;
    for (;;) {
      scenario = (
        await test.app.inject({ method: 'GET', url: `${base}/${id}`, headers: planner.headers })
      ).json();
      if (scenario.status === 'done' || scenario.status === 'failed' || Date.now() > until) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(scenario.status, JSON.stringify(scenario.error)).toBe('done');
    const result = scenario.result!;
    expect(result.budgetSearch).toBeDefined();
    const robustness = result.robustness;
    if (robustness.status === 'failed') throw new Error(`robustness failed: ${robustness.reason}`);
    expect(robustness.variants.length).toBeGreaterThan(0);
    for (const variant of robustness.variants) expect(variant.chosenSiteIds).toHaveLength(result.p);
  }, 240_000);

  it('lets only planners and admins upload', async () => {
    const clerk = await signInAs(test.app, 'clerk');
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/v1/staff/demand-layers/points?fileName=a.csv',
      headers: { ...clerk.headers, 'content-type': 'text/csv' },
      payload: pointsCsv,
    });
    expect(response.statusCode).toBe(403);
  });
});
