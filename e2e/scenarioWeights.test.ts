import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, signInAs } from '../test/support/staffSession.ts';
import {
  expectNoAxeViolations,
  expectQuietBrowser,
  startPortal,
  tabToSelector,
  type Portal,
} from './support/browser.ts';

let portal: Portal;

beforeAll(async () => {
  portal = await startPortal();
});

afterAll(async () => {
  await portal?.close();
});

describe('the layer weights of a scenario', () => {
  it('the create form has a weight per demand layer with its source and date; weights summing to zero are refused by the server and shown at the field; by keyboard, in German and English; axe at zero', async () => {
    // A points layer with its own source, date and licence, uploaded through the API.
    const api = await signInAs(portal.test.app, 'planner');
    const uploaded = await portal.test.app.inject({
      method: 'POST',
      url:
        '/api/v1/staff/demand-layers/points?fileName=heime.csv&name=Pflegeheime&source=Kreis%20G%C3%BCtersloh' +
        '&sourceDate=2025-01-01&licence=dl-de%2Fby-2-0',
      headers: { ...api.headers, 'content-type': 'text/csv' },
      payload: [
        'name;lat;lon;weight',
        'Haus am Stadtpark;51.9050;8.3900;85',
        'Haus Nordring;51.9150;8.3700;60',
      ].join('\n'),
    });
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    const layerId = uploaded.json<{ layerId: string }>().layerId;

    const planner = await createStaff(portal.test.database.db, 'guetersloh', 'planner');
    const watched = await portal.openGermanPage('/planung/neu');
    const { page } = watched;
    await page.getByRole('heading', { level: 1, name: 'Anmeldung für die Planung' }).waitFor();
    await page.getByLabel('E-Mail-Adresse').fill(planner.email);
    await page.getByLabel('Passwort').fill(planner.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Neues Szenario' }).waitFor();

    // One field per layer present: the districts and the points layer (no grid, contacts, estimates or suggestions).
    const layers = page.getByRole('group', { name: 'Gewichtung der Bedarfsebenen' });
    await layers.waitFor();
    const districts = layers.getByLabel('Einwohner der Stadtteile');
    const points = layers.getByLabel('Punkte „Pflegeheime“');
    expect(await layers.locator('input').count()).toBe(2);
    expect(await districts.inputValue()).toBe('1');
    expect(await points.inputValue()).toBe('0');
    expect(await layers.textContent()).toContain(
      'Quelle: Kreis Gütersloh, Stand: 1. Januar 2025, Lizenz: dl-de/by-2-0',
    );
    expect(await layers.textContent()).toMatch(/Einwohnerzahlen von \d+ der \d+ Stadtteile, Stand: /);
    // With layers, past contacts are a layer: the group weight for them is not asked.
    expect(await page.getByLabel('Gewicht für bisherige Kontakte').count()).toBe(0);
    await expectNoAxeViolations(page, 'create form with layer weights (de)');

    // All layers at 0, by keyboard: the server refuses it naming the field, the summary links to it.
    await page.getByLabel('Name des Szenarios').fill('Ohne Gewicht');
    await districts.fill('0');
    await points.focus();
    await tabToSelector(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');
    const summary = page.locator('.error-summary');
    await expect
      .poll(() => summary.textContent())
      .toContain(
        'Alle Bedarfsebenen haben das Gewicht 0. Geben Sie mindestens einer Ebene ein Gewicht über 0.',
      );
    expect(await districts.getAttribute('aria-invalid')).toBe('true');
    await summary.getByRole('link', { name: /Alle Bedarfsebenen haben das Gewicht 0/ }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('scenario-layer-districts');
    await expectNoAxeViolations(page, 'layer weights refused (de)');

    // A weight that is not a number is caught before sending.
    await points.fill('viel');
    await page.getByRole('button', { name: 'Szenario anlegen' }).click();
    await expect
      .poll(() => summary.textContent())
      .toContain('Geben Sie für diese Bedarfsebene ein Gewicht von 0 bis 100 ein.');
    expect(await points.getAttribute('aria-invalid')).toBe('true');

    // Districts 1, care homes 2: the scenario keeps them and shows them.
    await districts.fill('1');
    await points.fill('2');
    await page.getByLabel('Name des Szenarios').fill('Stadtteile und Pflegeheime');
    await page.getByRole('button', { name: 'Szenario anlegen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Stadtteile und Pflegeheime' }).waitFor();
    await expect.poll(() => page.locator('main').textContent()).toContain('Stadtteile: 1');
    expect(await page.locator('main').textContent()).toContain('Punkte: 2');
    const stored = await portal.test.database.db
      .selectFrom('planning_scenarios')
      .select('inputs')
      .where('name', '=', 'Stadtteile und Pflegeheime')
      .executeTakeFirstOrThrow();
    const inputs = (typeof stored.inputs === 'string' ? JSON.parse(stored.inputs) : stored.inputs) as {
      layerWeights: unknown;
    };
    expect(inputs.layerWeights).toEqual([
      { kind: 'districts', weight: 1 },
      { kind: 'points', layerId, weight: 2 },
    ]);

    // English.
    // The switch has taken effect (and is remembered) once its button is gone; only then load the form again.
    const toEnglish = page.getByRole('button', { name: 'Switch to English' });
    await toEnglish.click();
    await toEnglish.waitFor({ state: 'detached' });
    await page.goto(`${portal.baseUrl}/planung/neu`);
    const english = page.getByRole('group', { name: 'Weights of the demand layers' });
    await english.waitFor();
    await english.getByLabel('Points “Pflegeheime”').fill('0');
    await english.getByLabel('Residents of the districts').fill('0');
    await page.getByLabel('Scenario name').fill('No weight');
    await page.getByRole('button', { name: 'Create scenario' }).click();
    await expect
      .poll(() => page.locator('.error-summary').textContent())
      .toContain('All demand layers have the weight 0.');
    await expectNoAxeViolations(page, 'layer weights refused (en)');
    expectQuietBrowser(watched);
    await page.close();
  });
});
