import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffMember } from '../src/server/commands/staffMemberCreator.ts';
import { createTestStop, municipalityId, upcomingDate } from '../test/support/booking.ts';
import { createStaff } from '../test/support/staffSession.ts';
import { expectNoAxeViolations, expectQuietBrowser, startPortal, type Portal } from './support/browser.ts';
import { signIn } from './support/staff.ts';

let portal: Portal;

beforeAll(async () => {
  portal = await startPortal();
});

afterAll(async () => {
  await portal?.close();
});

describe('the staff roster', () => {
  it('a planner adds staff, proposes a roster (refused with the stop and qualification first), overrides it with a checked error, by keyboard; axe-core reports zero violations', async () => {
    const db = portal.test.database.db;
    const municipality = await municipalityId(db);
    const date = upcomingDate(120);
    await createTestStop(db, { unitId: 'buergerkoffer-1', date, startTime: '09:00', endTime: '12:00' });
    await createTestStop(db, { unitId: 'buergerkoffer-1', date, startTime: '14:00', endTime: '16:00' });
    const services = (
      await db
        .selectFrom('services')
        .select('id')
        .where('municipality_id', '=', municipality)
        .where('presence', '<>', 'not_required')
        .execute()
    ).map((row) => row.id);
    const base = {
      municipalityId: municipality,
      actor: 'test',
      staffUserId: null,
      sharePercent: 100,
      mobileWorkingDays: [],
      preferredDistrictIds: [],
      earliestStart: null,
      active: true,
    };
    await createStaffMember(db, {
      ...base,
      name: 'Bernd Berg',
      qualifications: services,
      leave: [{ firstDay: date, lastDay: date }],
    });
    const planner = await createStaff(db, 'guetersloh', 'planner');

    const watched = await portal.openGermanPage('/verwaltung');
    const { page } = watched;
    await signIn(page, planner.email, planner.password);
    await page.getByRole('heading', { level: 1, name: 'Verwaltung' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Verwaltung' })
      .getByRole('link', { name: 'Mitarbeitende' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Mitarbeitende' }).waitFor();
    await page
      .getByRole('table', { name: /Mitarbeitende mit Qualifikationen/ })
      .getByRole('rowheader', { name: 'Bernd Berg' })
      .waitFor();
    await expectNoAxeViolations(page, 'staff members page');

    // An empty form and overlapping leave are refused, listed in the error summary.
    await page.getByRole('button', { name: 'Anlegen' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Bitte geben Sie einen Namen ein.');
    await page.getByLabel('Name', { exact: true }).fill('Carla Chor');
    await page.getByLabel('Arbeitszeitanteil in Prozent').fill('50');
    await page.getByRole('button', { name: 'Urlaub hinzufügen' }).click();
    await page.getByRole('button', { name: 'Urlaub hinzufügen' }).click();
    await page.getByLabel('Urlaub 1: erster Tag').fill('2030-07-01');
    await page.getByLabel('Urlaub 1: letzter Tag').fill('2030-07-14');
    await page.getByLabel('Urlaub 2: erster Tag').fill('2030-07-10');
    await page.getByLabel('Urlaub 2: letzter Tag').fill('2030-07-20');
    await page.getByLabel('Freitag').check();
    await page.getByRole('button', { name: 'Anlegen' }).click();
    await expect
      .poll(() => summary.textContent())
      .toContain('Urlaub 2 überschneidet sich mit einem anderen Urlaub.');
    await expectNoAxeViolations(page, 'staff members page with overlapping leave');
    await page.getByRole('button', { name: 'Urlaub 2 entfernen' }).click();
    await page.getByRole('button', { name: 'Anlegen' }).click();
    await page.getByRole('status').filter({ hasText: 'Carla Chor wurde angelegt.' }).waitFor();
    const row = page.getByRole('row', { name: /Carla Chor/ });
    expect(await row.textContent()).toContain('50 % (19,5 Std./Woche)');
    expect(await row.textContent()).toContain('Freitag');

    // The roster: nobody available may handle the kit's services yet.
    await page
      .getByRole('navigation', { name: 'Verwaltung' })
      .getByRole('link', { name: 'Dienstplan' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Dienstplan' }).waitFor();
    await page.getByLabel('Erster Tag').fill(date);
    await page.getByLabel('Letzter Tag').fill(date);
    // Keyboard: Enter in the period form proposes.
    await page.getByLabel('Letzter Tag').press('Enter');
    const periodSummary = page.locator('.error-summary').first();
    await periodSummary.waitFor();
    await expect
      .poll(() => periodSummary.textContent())
      .toMatch(/kann nicht besetzt werden: Niemand, der verfügbar ist, ist für „.+“ qualifiziert\./);
    expect(await periodSummary.textContent()).toContain('Bürgerkoffer 1');
    await expectNoAxeViolations(page, 'roster page, not staffable');

    await createStaffMember(db, { ...base, name: 'Anna Amsel', qualifications: services, leave: [] });
    await page.getByRole('button', { name: 'Dienstplan vorschlagen' }).click();
    await page.getByRole('status').filter({ hasText: 'Dienstplan für 2 Halte vorgeschlagen.' }).waitFor();
    const table = page.getByRole('table', { name: /Besetzung der Halte/ });
    expect(await table.getByRole('row').filter({ hasText: 'Anna Amsel' }).count()).toBe(2);
    await expectNoAxeViolations(page, 'roster page with a proposal');

    // A checked override: Bernd is on leave that day.
    const stopChoice = page.getByLabel('Halt', { exact: true });
    const firstStop = (await stopChoice.locator('option').nth(1).getAttribute('value'))!;
    await stopChoice.selectOption(firstStop);
    await page.getByLabel('Anna Amsel').uncheck();
    await page.getByLabel('Bernd Berg').focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Besetzung speichern' }).click();
    const overrideSummary = page.locator('.error-summary').last();
    await expect
      .poll(() => overrideSummary.textContent())
      .toContain('Bernd Berg ist an diesem Tag im Urlaub.');
    await expectNoAxeViolations(page, 'roster page with a refused override');

    // A valid override: Carla with Anna, who covers every service.
    await page.getByLabel('Bernd Berg').uncheck();
    await page.getByLabel('Anna Amsel').check();
    await page.getByLabel('Carla Chor').check();
    await page.getByRole('button', { name: 'Besetzung speichern' }).click();
    await page.getByRole('status').filter({ hasText: 'wurde geändert.' }).waitFor();
    await table.getByText('Carla Chor (geändert)').waitFor();
    expect(await page.locator('.error-summary').count()).toBe(0);
    await expectNoAxeViolations(page, 'roster page after an override');
    expectQuietBrowser(watched);
  });
});
