import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withStaffTables } from '../src/db/staffSchema.ts';
import { createStaff } from '../test/support/staffSession.ts';
import { createStaffUser } from '../src/server/commands/staffUserCreate.ts';
import { createTestStop, municipalityId, upcomingDate } from '../test/support/booking.ts';
import { expectNoAxeViolations, expectQuietBrowser, startPortal, type Portal } from './support/browser.ts';
import { signIn } from './support/staff.ts';

let portal: Portal;

beforeAll(async () => {
  portal = await startPortal();
});

afterAll(async () => {
  await portal?.close();
});

async function choosePassword(page: Page, current: string, next: string) {
  await page.getByRole('heading', { level: 1, name: 'Neues Passwort wählen' }).waitFor();
  await page.getByLabel('Bisheriges Passwort').fill(current);
  await page.getByLabel('Neues Passwort', { exact: true }).fill(next);
  await page.getByLabel('Neues Passwort wiederholen').fill(next);
  await page.getByRole('button', { name: 'Passwort ändern' }).click();
  await page.getByRole('heading', { level: 1, name: 'Verwaltung' }).waitFor();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await page.getByRole('heading', { level: 1, name: 'Anmeldung für die Verwaltung' }).waitFor();
}

describe('the back office', () => {
  it('first sign-in forces a new password; an admin creates a clerk and a department lead; the lead releases a service and it appears at a stop; axe-core reports zero violations', async () => {
    const db = portal.test.database.db;
    const admin = await createStaffUser(db, {
      municipalityId: await municipalityId(db),
      actor: 'test',
      email: 'erste.admin@guetersloh.example',
      name: 'Erste Administratorin',
      role: 'admin',
      password: 'Start-Passwort-aus-dem-Log',
    });
    // The citizen office has not yet released this service, and its e-file is not live.
    await db
      .updateTable('services')
      .set({ released: false, efile_live: false })
      .where('id', '=', 'meldebescheinigung')
      .execute();
    const stopId = await createTestStop(db, { unitId: 'rathausmobil', date: upcomingDate(10) });

    const watched = await portal.openGermanPage('/verwaltung');
    const { page } = watched;

    // First sign-in: the password must be changed before anything else opens.
    await signIn(page, admin.email, 'Start-Passwort-aus-dem-Log');
    await page.getByRole('heading', { level: 1, name: 'Neues Passwort wählen' }).waitFor();
    await page.getByRole('button', { name: 'Passwort ändern' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Geben Sie Ihr bisheriges Passwort ein.');
    await expectNoAxeViolations(page, 'forced password change with errors');
    await page.getByLabel('Bisheriges Passwort').fill('falsch-falsch-falsch');
    await page.getByLabel('Neues Passwort', { exact: true }).fill('Ein-neues-sicheres-Passwort');
    await page.getByLabel('Neues Passwort wiederholen').fill('Ein-neues-sicheres-Passwort');
    await page.getByRole('button', { name: 'Passwort ändern' }).click();
    await expect.poll(() => summary.textContent()).toContain('Das bisherige Passwort stimmt nicht.');
    await choosePassword(page, 'Start-Passwort-aus-dem-Log', 'Ein-neues-sicheres-Passwort');

    // The shell shows the areas this role may use.
    const areas = page.getByRole('navigation', { name: 'Bereiche' });
    expect(await areas.getByRole('link').allTextContents()).toEqual(['Station', 'Planung', 'Verwaltung']);
    await expectNoAxeViolations(page, 'back office home');

    // Users and roles: a clerk and a department lead of the citizen office.
    await page
      .getByRole('navigation', { name: 'Verwaltung' })
      .getByRole('link', { name: 'Benutzer und Rollen' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Benutzer und Rollen' }).waitFor();
    await page.getByRole('button', { name: 'Dienstkonto anlegen' }).click();
    await page.locator('.error-summary').waitFor();
    await expectNoAxeViolations(page, 'users page with errors');
    await page.getByLabel('Name', { exact: true }).fill('Clara Clerk');
    await page.getByLabel('E-Mail-Adresse').fill('clara@guetersloh.example');
    await page.getByRole('button', { name: 'Dienstkonto anlegen' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Das Dienstkonto für Clara Clerk ist angelegt.' })
      .waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Lena Leitung');
    await page.getByLabel('E-Mail-Adresse').fill('lena@guetersloh.example');
    await page.getByLabel('Rolle', { exact: true }).selectOption('department');
    await page.getByLabel('Bürgerbüro').check();
    await page.getByRole('button', { name: 'Dienstkonto anlegen' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Das Dienstkonto für Lena Leitung ist angelegt.' })
      .waitFor();
    const leadPassword = (await page.locator('.backoffice-secret').textContent())!.trim();
    expect(leadPassword.length).toBeGreaterThanOrEqual(12);
    const table = page.getByRole('table', { name: /Dienstkonten/ });
    await table
      .getByRole('row', { name: /Lena Leitung/ })
      .getByText('Bürgerbüro')
      .waitFor();
    await expectNoAxeViolations(page, 'users page');
    // Change the clerk's role, then deactivate and reactivate her.
    await page.getByLabel('Rolle von Clara Clerk').selectOption('planner');
    await page.getByRole('button', { name: 'Rolle von Clara Clerk speichern' }).click();
    await page.getByRole('status').filter({ hasText: 'Die Rolle von Clara Clerk ist geändert.' }).waitFor();
    // Locking her out asks first; "Abbrechen" leaves her active.
    await page.getByRole('button', { name: 'Clara Clerk sperren' }).click();
    await page.getByRole('group', { name: 'Clara Clerk sperren?' }).waitFor();
    await expectNoAxeViolations(page, 'users page asking before a deactivation');
    await page.getByRole('button', { name: 'Abbrechen' }).click();
    await page.getByRole('button', { name: 'Clara Clerk sperren' }).click();
    await page.getByRole('button', { name: 'Ja, sperren' }).click();
    await page.getByRole('button', { name: 'Clara Clerk entsperren' }).waitFor();
    const clara = await withStaffTables(db)
      .selectFrom('staff_users')
      .select(['role', 'active'])
      .where('email', '=', 'clara@guetersloh.example')
      .executeTakeFirstOrThrow();
    expect(clara).toEqual({ role: 'planner', active: false });
    await signOut(page);
    await page.goto(`${portal.baseUrl}/verwaltung`);

    // The department lead signs in, chooses a password and releases the service.
    await signIn(page, 'lena@guetersloh.example', leadPassword);
    await choosePassword(page, leadPassword, 'Lenas-eigenes-Passwort-2026');
    expect(
      await page.getByRole('navigation', { name: 'Bereiche' }).getByRole('link').allTextContents(),
    ).toEqual(['Verwaltung']);
    await page.getByRole('link', { name: 'Fachbereiche' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Fachbereiche' }).waitFor();
    // The departments load after the heading: wait for them, then only the lead's own is there.
    await expect
      .poll(() => page.getByRole('heading', { level: 2 }).allTextContents())
      .toEqual(['Bürgerbüro']);
    const row = page.getByRole('row', { name: /Meldebescheinigung/ }).first();
    expect(await row.textContent()).toContain('nicht angeboten: nicht freigegeben');
    await expectNoAxeViolations(page, 'departments page');
    const offered = async () =>
      (
        (await portal.test.app.inject({ url: `/api/v1/stops/${stopId}` })).json() as {
          services: { id: string }[];
        }
      ).services.some((service) => service.id === 'meldebescheinigung');
    expect(await offered()).toBe(false);
    await page.getByLabel('Meldebescheinigung (einfach/erweitert) für die Stationen freigegeben').check();
    await page.getByLabel('E-Akte läuft für Meldebescheinigung (einfach/erweitert)').check();
    await page.getByLabel('E-Akte für Meldebescheinigung (einfach/erweitert) läuft seit').fill('2026-03-01');
    await page.getByRole('button', { name: 'Meldebescheinigung (einfach/erweitert) speichern' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Die Freigabe von Meldebescheinigung (einfach/erweitert) ist gespeichert.' })
      .waitFor();
    await expect.poll(() => row.textContent()).toContain('angeboten, wo die Ausstattung dabei ist');
    expect(await offered()).toBe(true);

    // A demand estimate for a district.
    await page.getByLabel('Erwartete Kontakte im Monat').fill('viele');
    await page.getByRole('button', { name: 'Schätzung abgeben' }).click();
    await page.locator('.error-summary').waitFor();
    await page.getByLabel('Erwartete Kontakte im Monat').fill('35');
    await page.getByLabel('Anmerkung (freiwillig)').fill('Erfahrung aus dem Bürgerbüro');
    await page.getByRole('button', { name: 'Schätzung abgeben' }).click();
    await page.getByText(/35 Kontakte im Monat/).waitFor();
    await expectNoAxeViolations(page, 'departments page with an estimate');

    // The same page in English.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Departments' }).waitFor();
    await expectNoAxeViolations(page, 'departments page in English');
    await page
      .getByRole('button', { name: 'Auf Deutsch wechseln' })
      .or(page.locator('button[lang="de"]'))
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: 'Fachbereiche' }).waitFor();

    // A lead may not open the users page.
    await page.goto(`${portal.baseUrl}/verwaltung/benutzer`);
    await page.getByRole('heading', { level: 1, name: 'Kein Zugriff' }).waitFor();

    // Profile: sign out on every device.
    await page.goto(`${portal.baseUrl}/verwaltung/profil`);
    await page.getByRole('heading', { level: 1, name: 'Mein Profil' }).waitFor();
    await expectNoAxeViolations(page, 'profile page');
    await page.getByRole('button', { name: 'Auf allen Geräten abmelden' }).click();
    await page.getByRole('group', { name: 'Auf allen Geräten abmelden?' }).waitFor();
    await page.getByRole('button', { name: 'Ja, überall abmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anmeldung für die Verwaltung' }).waitFor();
    expectQuietBrowser(watched);
  });

  it('a planner creates a unit with its kit and items; a defective item takes its service off the stop; axe-core reports zero violations', async () => {
    const db = portal.test.database.db;
    const planner = await createStaff(db, 'guetersloh', 'planner');
    const watched = await portal.openGermanPage('/verwaltung/einheiten');
    const { page } = watched;
    await signIn(page, planner.email, planner.password);
    await page.getByRole('heading', { level: 1, name: 'Einheiten und Ausstattung' }).waitFor();
    await page
      .getByRole('table', { name: 'Mobile Einheiten' })
      .getByRole('rowheader', { name: 'Rathausmobil' })
      .waitFor();
    await expectNoAxeViolations(page, 'units page');

    await page.getByRole('button', { name: 'Einheit anlegen' }).click();
    await page.getByText('Geben Sie einen Namen ein.').first().waitFor();
    await expectNoAxeViolations(page, 'units page with errors');
    await page.getByLabel('Kennung').fill('buergerkoffer-3');
    await page.getByLabel('Name', { exact: true }).fill('Bürgerkoffer 3');
    const kitGroup = page.getByRole('group', { name: 'Sollausstattung' });
    for (const kind of [/^Laptop mit Melde/, /^Drucker$/, /^Sichere Verbindung/]) {
      await kitGroup.getByLabel(kind).check();
    }
    await page.getByRole('button', { name: 'Einheit anlegen' }).click();
    await page.getByRole('status').filter({ hasText: 'Die Einheit Bürgerkoffer 3 ist angelegt.' }).waitFor();
    const kit = await db
      .selectFrom('unit_equipment')
      .select('equipment_kind_id')
      .where('unit_id', '=', 'buergerkoffer-3')
      .orderBy('equipment_kind_id')
      .execute();
    expect(kit.map((row) => row.equipment_kind_id)).toEqual(['printer', 'registry_laptop', 'secure_network']);
    const stopId = await createTestStop(db, { unitId: 'buergerkoffer-3', date: upcomingDate(11) });
    const offersDeregistration = async () =>
      (
        (await portal.test.app.inject({ url: `/api/v1/stops/${stopId}` })).json() as {
          services: { id: string }[];
        }
      ).services.some((service) => service.id === 'abmeldung');
    expect(await offersDeregistration()).toBe(true);

    // A printer on the new kit, then the same printer again.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Einheiten und Ausstattung' }).waitFor();
    await page.getByLabel('Art des Geräts').selectOption('printer');
    await page.getByLabel('Seriennummer').fill('DR-4711');
    await page.getByLabel('Einheit', { exact: true }).selectOption('buergerkoffer-3');
    await page.getByRole('button', { name: 'Gerät erfassen' }).click();
    await page.getByRole('status').filter({ hasText: 'Das Gerät DR-4711 ist erfasst.' }).waitFor();
    await page.getByLabel('Art des Geräts').selectOption('printer');
    await page.getByLabel('Seriennummer').fill('DR-4711');
    await page.getByLabel('Einheit', { exact: true }).selectOption('rathausmobil');
    await page.getByRole('button', { name: 'Gerät erfassen' }).click();
    await page
      .locator('.error-summary')
      .getByText(/ein Gerät kann nicht zu zwei Einheiten gehören/)
      .waitFor();
    await expectNoAxeViolations(page, 'units page with a refused item');

    // The printer breaks: the service leaves the stop.
    await page.getByLabel('Zustand von DR-4711').selectOption('defective');
    await page.getByRole('button', { name: 'DR-4711 speichern' }).click();
    await page.getByRole('status').filter({ hasText: 'Der Zustand von DR-4711 ist gespeichert.' }).waitFor();
    expect(await offersDeregistration()).toBe(false);
    expectQuietBrowser(watched);
  });

  it('a planner reads the research behind the catalogue (confidence, sources, notes), which no citizen page shows; axe-core reports zero violations in German and English', async () => {
    const planner = await createStaff(portal.test.database.db, 'guetersloh', 'planner');
    const watched = await portal.openGermanPage('/verwaltung/recherche');
    const { page } = watched;
    // The browser may still be signed in from the test before.
    const heading = page.getByRole('heading', { level: 1 });
    await expect
      .poll(() => heading.textContent())
      .toMatch(/^(Anmeldung für die Verwaltung|Quellen und Prüfhinweise)$/);
    if ((await heading.textContent()) === 'Anmeldung für die Verwaltung')
      await signIn(page, planner.email, planner.password);
    await page.getByRole('heading', { level: 1, name: 'Quellen und Prüfhinweise' }).waitFor();
    const sites = page.getByRole('table', { name: '17 Standorte' });
    await sites.waitFor();
    const library = sites.getByRole('row', { name: /^Stadtbibliothek Gütersloh/ });
    expect(await library.getByRole('cell').first().textContent()).toBe('mittel');
    await library
      .getByRole('link', { name: 'https://www.stadtbibliothek-guetersloh.de/ueber-uns/', exact: true })
      .waitFor();
    expect(await library.textContent()).toContain('geocode before use');
    await page.getByRole('table', { name: '14 Stadtteile' }).waitFor();
    await page.getByRole('table', { name: '21 Leistungen' }).waitFor();
    await expectNoAxeViolations(page, 'research page');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sources and verification notes' }).waitFor();
    expect(
      await page
        .getByRole('table', { name: '17 sites' })
        .getByRole('row', { name: /^Stadtbibliothek/ })
        .getByRole('cell')
        .first()
        .textContent(),
    ).toBe('medium');
    await expectNoAxeViolations(page, 'research page in English');
    await page
      .getByRole('button', { name: 'Auf Deutsch wechseln' })
      .or(page.locator('button[lang="de"]'))
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: 'Quellen und Prüfhinweise' }).waitFor();

    // The same site on the citizen page: none of it.
    await page.goto(`${portal.baseUrl}/standorte`);
    await page.locator('#site-stadtbibliothek').waitFor();
    const citizenText = await page.locator('main').innerText();
    expect(citizenText).not.toContain('geocode');
    expect(citizenText).not.toContain('stadtbibliothek-guetersloh.de');
    expect(citizenText).not.toContain('Bertelsmann');
    expectQuietBrowser(watched);
  });
});
