import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLayeredScenario } from '../../../../test/support/layeredScenario.ts';
import { pdfText } from '../../../../test/support/pdfText.ts';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import type { ScenarioResultView } from '../../commands/planning/scenarioTypes.ts';
import type { ScenarioReportMap } from '../../../contracts/planning.ts';

const base = '/api/v1/staff/planning/scenarios';
const name = 'Stadtteile und Bedarfspunkte, zwei Standorte';

/**
 * What a German report must never contain: ids and codes of the data and the solver, placeholders left unfilled,
 * English words of the interface and numbers written the English way.
 */
const rawValues =
  /\b(mclp|pmedian|setcover|local-search|branch-and-bound|highs|undefined|null|NaN|districts|pastContacts|residents65plus|limitedMobility|pastBookings|robust|sometimes)\b|\{\{|\b(the|and|site|sites|weight|demand|covered)\b|\b\d+\.\d{1,2}\b/i;

describe.each(testDatabaseKinds)('the council report of a scenario on %s', (kind) => {
  let test: TestApp;
  let planner: StaffSignIn;
  let scenarioId: string;
  let result: ScenarioResultView;
  let siteIds: string[];

  beforeAll(async () => {
    test = await createTestApp(kind);
    planner = await signInAs(test.app, 'planner');
    // Two layers, so the robustness check has variants: the districts and three points (care home, school,
    // housing); the care home far out so some demand stays beyond 15 minutes.
    scenarioId = await createLayeredScenario(test.app, planner.headers, name);

    // Before it has run there is no report.
    const early = await test.app.inject({
      method: 'GET',
      url: `${base}/${scenarioId}/report`,
      headers: planner.headers,
    });
    expect(early.statusCode).toBe(409);
    expect(early.json<{ code: string }>().code).toBe('scenario_not_done');

    const started = await test.app.inject({
      method: 'POST',
      url: `${base}/${scenarioId}/run`,
      headers: planner.headers,
      payload: {},
    });
    expect(started.statusCode, started.body).toBe(202);
    const until = Date.now() + 120_000;
    for (;;) {
      const scenario = (
        await test.app.inject({ method: 'GET', url: `${base}/${scenarioId}`, headers: planner.headers })
      ).json<{ status: string; result: ScenarioResultView | null; error: unknown }>();
      if (scenario.status === 'done') {
        result = scenario.result!;
        break;
      }
      if (scenario.status === 'failed') throw new Error(JSON.stringify(scenario.error));
      if (Date.now() > until) throw new Error(`scenario still ${scenario.status}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    siteIds = result.chosenSites.map((site) => site.id);
  }, 180_000);
  afterAll(async () => test?.close());

  it('gives the map: every chosen site numbered with its catchment, every demand point, the demand beyond the limit', async () => {
    const response = await test.app.inject({
      method: 'GET',
      url: `${base}/${scenarioId}/report`,
      headers: planner.headers,
    });
    expect(response.statusCode, response.body).toBe(200);
    const { map } = response.json<{ map: ScenarioReportMap }>();
    expect(map.sites.map((site) => [site.number, site.siteId, site.name])).toEqual(
      result.chosenSites.map((site, index) => [index + 1, site.id, site.name]),
    );
    expect(map.points).toHaveLength(result.demand.length);
    // Each point belongs to its nearest chosen site; the sums per site are the demand table's.
    result.demand.forEach((demand, index) => {
      expect(map.points[index]!.site).toBe(siteIds.indexOf(demand.nearestSiteId) + 1);
      expect(map.points[index]!.covered).toBe(demand.covered);
    });
    for (const site of map.sites) {
      const own = result.demand.filter((demand) => demand.nearestSiteId === site.siteId);
      expect(site.demandPoints).toBe(own.length);
      expect(site.coveredResidents).toBeCloseTo(
        own.filter((d) => d.covered).reduce((sum, d) => sum + d.residents, 0),
        6,
      );
    }
    const uncovered = result.demand.filter((demand) => !demand.covered);
    expect(uncovered.length).toBeGreaterThan(0);
    expect(map.uncovered.points).toBe(uncovered.length);
    expect(map.uncovered.names.length).toBeGreaterThan(0);
    for (const name of map.uncovered.names) expect(uncovered.map((d) => d.name)).toContain(name);
    // The robustness check ran on two layers: every chosen site is marked robust or chosen only sometimes.
    expect(result.robustness?.status).toBe('done');
    for (const site of map.sites) expect(['robust', 'sometimes']).toContain(site.robustness);
    expect(map.catchments.length).toBeGreaterThan(0);
  });

  it('gives the report as a PDF in German: recommendation, sites, map with legend, robustness, costs, inputs, timetable; no ids, no English', async () => {
    const response = await test.app.inject({
      method: 'GET',
      url: `${base}/${scenarioId}/report?format=pdf`,
      headers: planner.headers,
    });
    expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="bedarfsanalyse-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
    const { text, pages, info } = await pdfText(response.rawPayload);
    expect(info.Title).toBe(`Bedarfsanalyse: ${name}`);
    expect(pages).toBeGreaterThanOrEqual(2);
    const names = result.chosenSites.map((site) => site.name);
    for (const expected of [
      `Bedarfsanalyse: ${name}`,
      'Empfehlung',
      `Empfohlen werden 2 Standorte: ${names[0]} und ${names[1]}.`,
      'Innerhalb von 15 Minuten mit dem Bus erreichen sie',
      'Nr. Standort Einschätzung Menschen in Reichweite Menschen außerhalb Mittlere Anfahrt',
      'Karte: Standorte, Einzugsbereiche und nicht erreichte Nachfrage',
      'Empfohlener Standort mit seiner Nummer',
      'Bedarf außerhalb der Reichweite (rotes Kreuz)',
      'Maßstab:',
      'Nicht erreicht:',
      'Wie sicher ist die Auswahl?',
      'Standort In der Empfehlung Gewählt in Einschätzung',
      'Ebene „Bedarfspunkte“ mit 20 % mehr Nachfrage: gewählt',
      'Kosten',
      'Der Fahrplanvorschlag braucht',
      'Eingaben des Szenarios',
      'Möglichst viele Menschen in Reichweite bringen',
      'Einwohner 1, Menschen ab 65 1, eingeschränkte Mobilität 2, bisherige Kontakte 0',
      'Stadtteile (Einwohnerzahlen) (Gewicht 1) und Bedarfspunkte (Gewicht 2)',
      'Annahmen und Datenqualität',
      'Bedarfspunkte „punkte.csv“ (punkte.csv, Stand ohne Angabe; Lizenz: keine Angabe).',
      'Fahrplanvorschlag',
      `Seite 1 von ${pages}`,
    ]) {
      expect(text).toContain(expected);
    }
    for (const site of names) expect(text).toContain(site);
    // A robust site is stated in words.
    expect(text).toMatch(
      /In jeder Variante gewählt \(sichere Empfehlung\): |Kein Standort wird in jeder Variante gewählt/,
    );
    // No raw values: neither the chosen sites' ids nor codes, English words or English numbers.
    for (const id of siteIds) expect(text).not.toContain(id);
    const found = rawValues.exec(text);
    expect(found ? text.slice(Math.max(0, found.index - 80), found.index + 80) : '').toBe('');
  });

  it('gives it in English on request', async () => {
    const response = await test.app.inject({
      method: 'GET',
      url: `${base}/${scenarioId}/report?format=pdf&lang=en`,
      headers: planner.headers,
    });
    expect(response.statusCode).toBe(200);
    const { text, info } = await pdfText(response.rawPayload);
    expect(info.Title).toBe(`Needs analysis: ${name}`);
    for (const expected of [
      'Recommendation',
      '2 sites are recommended:',
      'Map: sites, catchments and demand not reached',
      'How certain is the choice?',
      'Proposed timetable',
    ])
      expect(text).toContain(expected);
    expect(text).not.toMatch(/\{\{|undefined|NaN/);
  });

  it('refuses a report of an unknown scenario, a bad format and a clerk', async () => {
    const unknown = await test.app.inject({
      method: 'GET',
      url: `${base}/${crypto.randomUUID()}/report?format=pdf`,
      headers: planner.headers,
    });
    expect(unknown.statusCode).toBe(404);
    const badFormat = await test.app.inject({
      method: 'GET',
      url: `${base}/${scenarioId}/report?format=docx`,
      headers: planner.headers,
    });
    expect(badFormat.statusCode).toBe(400);
    expect(badFormat.headers['content-type']).toContain('application/problem+json');
    const clerk = await signInAs(test.app, 'clerk');
    const refused = await test.app.inject({
      method: 'GET',
      url: `${base}/${scenarioId}/report?format=pdf`,
      headers: clerk.headers,
    });
    expect(refused.statusCode).toBe(403);
  });
});
