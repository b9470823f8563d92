import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, type TestStaff } from '../test/support/staffSession.ts';
import {
  expectNoAxeViolations,
  expectQuietBrowser,
  startPortal,
  tabToSelector,
  tabToText,
  type Portal,
} from './support/browser.ts';
import { signInByKeyboard } from './support/staff.ts';

const PAGE_SIZE = 25; // AUDIT_PAGE_SIZE of the page
const SCENARIOS = PAGE_SIZE + 2;

let portal: Portal;
let admin: TestStaff;
let planner: TestStaff;
let clerk: TestStaff;

beforeAll(async () => {
  portal = await startPortal();
  const { db } = portal.test.database;
  admin = await createStaff(db, 'guetersloh', 'admin');
  planner = await createStaff(db, 'guetersloh', 'planner');
  clerk = await createStaff(db, 'guetersloh', 'clerk');
});

afterAll(async () => {
  await portal?.close();
});

/** Shift+Tab until the focused element matches `selector`, or its text is `text`. */
async function tabBackTo(page: Page, target: { selector?: string; text?: string }, maxPresses = 30) {
  for (let presses = 0; presses < maxPresses; presses += 1) {
    await page.keyboard.press('Shift+Tab');
    const reached = await page.evaluate(({ selector, text }) => {
      const element = document.activeElement;
      if (!element) return false;
      return selector ? element.matches(selector) : element.textContent?.trim() === text;
    }, target);
    if (reached) return;
  }
  throw new Error(`${JSON.stringify(target)} was not reached with ${maxPresses} presses of Shift+Tab.`);
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/** Tab to a text field of the search form (unless it has the focus already) and replace its text. */
async function typeInto(page: Page, id: string, text: string) {
  if ((await focusedId(page)) !== id) await tabToSelector(page, `#${id}`);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  if (text) await page.keyboard.type(text);
}

/** Tab to a dropdown of the search form and choose an option by typing the start of its label. */
async function choose(page: Page, id: string, label: string, value: string) {
  if ((await focusedId(page)) !== id) await tabToSelector(page, `#${id}`);
  await page.keyboard.type(label);
  expect(await page.locator(`#${id}`).inputValue()).toBe(value);
}

/** Tab to "Suchen" and press it. */
async function search(page: Page) {
  await tabToText(page, 'Suchen');
  await page.keyboard.press('Enter');
}

/** Whether the browser's date fields ask for the month first (its UI language, not the page's, decides). */
let monthFirst: boolean | undefined;

/** Tab into a date field and type the date, digits only, segment by segment as a keyboard user does. */
async function typeDate(page: Page, id: string, isoDate: string) {
  if ((await focusedId(page)) !== id) await tabToSelector(page, `#${id}`);
  const [year, month, day] = isoDate.split('-') as [string, string, string];
  await page.keyboard.type(monthFirst ? `${month}${day}${year}` : `${day}${month}${year}`);
  const field = page.locator(`#${id}`);
  if (monthFirst === undefined) {
    monthFirst = (await field.inputValue()) !== isoDate;
    if (monthFirst) {
      // Back from the year to the first segment, and again in the browser's order.
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.type(`${month}${day}${year}`);
    }
  }
  expect(await field.inputValue()).toBe(isoDate);
}

const status = (page: Page) => page.locator('.audit-status').textContent();

describe('the access log (Zugriffsprotokoll)', () => {
  it('an admin searches it by action, person, record and period from dropdowns, pages with "Weitere laden", sees the error summary and the empty state, all by keyboard; axe-core reports zero violations', async () => {
    const watched = await portal.openGermanPage('/planung');
    const { page } = watched;
    await signInByKeyboard(page, admin);
    await page.getByRole('heading', { level: 1, name: 'Szenarien der Bedarfsanalyse' }).waitFor();

    // Audited changes: a clerk signs in elsewhere, the admin creates scenarios through the API.
    const clerkSignIn = await fetch(`${portal.baseUrl}/api/v1/staff/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: clerk.email, password: clerk.password }),
    });
    expect(clerkSignIn.status).toBe(200);
    const created = await page.evaluate(async (count) => {
      const session = (await (await fetch('/api/v1/staff/session')).json()) as { csrfToken: string };
      const statuses: number[] = [];
      for (let index = 1; index <= count; index += 1) {
        const response = await fetch('/api/v1/staff/planning/scenarios', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
          body: JSON.stringify({
            name: `Protokoll-Test ${index}`,
            objective: 'mclp',
            units: 1,
            staffDaysPerWeek: 2,
            p: 2,
            coverageThresholdMinutes: 15,
            travelMode: 'bus',
            weights: { residents: 1, residents65plus: 1, limitedMobility: 2, pastBookings: 0 },
          }),
        });
        statuses.push(response.status);
      }
      return statuses;
    }, SCENARIOS);
    expect(created.every((code) => code === 201 || code === 200)).toBe(true);

    // The navigation offers the log to the admin.
    // The navigation sits above the focused heading.
    await tabBackTo(page, { text: 'Zugriffsprotokoll' });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Zugriffsprotokoll' }).waitFor();
    expect(await page.getByText(/Einträge werden nur angehängt/).count()).toBe(1);
    expect(await page.getByText(/personenbezogene Daten/).count()).toBe(1);
    const table = page.getByRole('table', { name: 'Protokolleinträge, neueste zuerst' });
    await table.waitFor();
    expect(await table.getByRole('columnheader').allTextContents()).toEqual([
      'Zeit (deutsche Zeit)',
      'Wer',
      'Aktion',
      'Art',
      'Kennung',
      'Einzelheiten',
    ]);
    await expectNoAxeViolations(page, 'access log with results');

    // The dropdowns offer people by name, actions and periods in German.
    expect(await page.locator('#audit-actor option').allTextContents()).toEqual(
      expect.arrayContaining(['Alle', 'System (automatisch)', admin.name, planner.name, clerk.name]),
    );
    expect(await page.locator('#audit-period option').allTextContents()).toEqual([
      'Alle',
      'Heute',
      'Letzte 7 Tage',
      'Letzte 30 Tage',
      'Eigener Zeitraum',
    ]);
    expect(await page.locator('#audit-from').count()).toBe(0);

    // By action: one full page, then the rest with "Weitere laden".
    await choose(page, 'audit-action', 'Szenario angelegt', 'scenario.created');
    await search(page);
    const rows = table.locator('tbody tr');
    // The action's label, with its technical name below it.
    const actions = async () => table.locator('tbody tr td:nth-child(3) code').allTextContents();
    // The unfiltered list shows the same status line: wait for the filtered rows themselves.
    await expect.poll(() => page.url()).toContain('action=scenario.created');
    await expect.poll(async () => [...new Set(await actions())]).toEqual(['scenario.created']);
    await expect.poll(() => rows.count()).toBe(PAGE_SIZE);
    await expect
      .poll(() => status(page))
      .toBe(`Die neuesten ${PAGE_SIZE} Einträge werden angezeigt; es gibt weitere.`);
    expect(await table.locator('tbody tr td:nth-child(2)').first().textContent()).toBe(admin.name);
    expect(await table.locator('tbody tr td:nth-child(4)').first().textContent()).toBe('Planungsszenario');
    expect(await table.locator('tbody tr td:nth-child(3)').first().textContent()).toBe(
      'Szenario angelegtscenario.created',
    );
    // Berlin time, with seconds: "14.03.2025, 10:15:42"
    expect(await table.locator('tbody tr th time').first().textContent()).toMatch(
      /^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}:\d{2}$/,
    );
    await expectNoAxeViolations(page, 'access log searched by action');
    await tabToText(page, 'Weitere laden', 200);
    await page.keyboard.press('Enter');
    await expect.poll(() => rows.count()).toBe(SCENARIOS);
    expect(await status(page)).toBe(`${SCENARIOS - PAGE_SIZE} weitere Einträge geladen.`);
    expect(new Set(await actions())).toEqual(new Set(['scenario.created']));
    expect(await page.getByRole('button', { name: 'Weitere laden' }).count()).toBe(0);
    // The focus is on the first row that was loaded, not lost with the button.
    expect(await page.evaluate(() => document.activeElement?.closest('tr')?.rowIndex)).toBe(PAGE_SIZE + 1);
    await expectNoAxeViolations(page, 'access log after "Weitere laden"');

    // By record: the clerk's staff account.
    await tabBackTo(page, { selector: '#audit-subjectType' }, 300);
    await page.keyboard.type('Dienstkonto');
    expect(await page.locator('#audit-subjectType').inputValue()).toBe('staff_user');
    await typeInto(page, 'audit-subjectId', clerk.id);
    // …and by person: only what the clerk did to it.
    await choose(page, 'audit-actor', clerk.name, `staff:${clerk.id}`);
    await choose(page, 'audit-action', 'Alle', '');
    await search(page);
    await expect.poll(() => status(page)).toBe('1 Eintrag gefunden.');
    expect(page.url()).toContain(`actor=staff%3A${clerk.id}`);
    expect(page.url()).not.toContain('action=');
    expect(await actions()).toEqual(['staff.signed_in']);
    expect(await table.locator('tbody tr td:nth-child(2)').allTextContents()).toEqual([clerk.name]);
    await expectNoAxeViolations(page, 'access log searched by person');
    await tabBackTo(page, { selector: '#audit-actor' });
    await choose(page, 'audit-actor', 'Alle', '');
    await search(page);
    await expect.poll(() => status(page)).toBe('2 Einträge gefunden.');
    expect((await actions()).sort()).toEqual(['staff.signed_in', 'staff_user.created']);
    expect(new Set(await table.locator('tbody tr td:nth-child(5)').allTextContents())).toEqual(
      new Set([clerk.id]),
    );
    expect(await table.getByText(/method=password/).count()).toBe(1);

    // A from date after the to date: the error summary, linked to the field. "Eigener Zeitraum" shows the dates.
    await tabBackTo(page, { selector: '#audit-period' });
    await choose(page, 'audit-period', 'Eigener', 'custom');
    await typeDate(page, 'audit-from', '2000-06-10');
    await typeDate(page, 'audit-to', '2000-06-09');
    await page.keyboard.press('Enter');
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Bitte korrigieren Sie die folgenden Angaben');
    expect(await summary.textContent()).toContain(
      'Das Datum bei „Bis“ darf nicht vor dem Datum bei „Von“ liegen.',
    );
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    expect(await page.locator('#audit-to').getAttribute('aria-invalid')).toBe('true');
    expect(await table.count()).toBe(1); // the last results stay
    await expectNoAxeViolations(page, 'access log with an error summary');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await focusedId(page)).toBe('audit-to');

    // Corrected: nothing in June 2000, the empty state.
    await typeDate(page, 'audit-to', '2000-06-30');
    await page.keyboard.press('Enter');
    await page.getByText('Zu diesen Angaben gibt es keine Einträge.', { exact: false }).waitFor();
    expect(await summary.count()).toBe(0);
    expect(await table.count()).toBe(0);
    expect(await status(page)).toBe('0 Einträge gefunden.');
    expect(page.url()).toContain('from=2000-06-10');
    await expectNoAxeViolations(page, 'access log, empty');

    // "Alle Angaben löschen" shows everything again, newest first: the admin's own sign-in is in it.
    await tabToText(page, 'Alle Angaben löschen');
    await page.keyboard.press('Enter');
    await table.waitFor();
    expect(page.url()).toMatch(/\/planung\/protokoll$/);
    expect(await page.locator('#audit-from').count()).toBe(0);

    // "Heute": today's entries in Berlin time, newest first, without date fields.
    await tabBackTo(page, { selector: '#audit-period' });
    await choose(page, 'audit-period', 'Heute', 'today');
    expect(await page.locator('#audit-from').count()).toBe(0);
    await search(page);
    await expect.poll(() => page.url()).toContain('period=today');
    await table.waitFor();
    const today = new Intl.DateTimeFormat('de-DE', {
      timeZone: 'Europe/Berlin',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    }).format(new Date());
    expect(await table.locator('tbody tr th time').first().textContent()).toMatch(new RegExp(`^${today}, `));
    await expectNoAxeViolations(page, 'access log for today');

    await tabBackTo(page, { text: 'Abmelden' });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Anmeldung für die Planung' }).waitFor();
    expectQuietBrowser(watched);
    await page.close();
  });

  it('a planner who opens the address is told the log is only for administrators', async () => {
    await portal.context.clearCookies();
    const watched = await portal.openGermanPage('/planung/protokoll');
    const { page } = watched;
    await signInByKeyboard(page, planner);
    await page.getByRole('heading', { level: 1, name: 'Zugriffsprotokoll' }).waitFor();
    await page.getByText(/nur für Administratorinnen und Administratoren/).waitFor();
    expect(await page.getByRole('link', { name: 'Zugriffsprotokoll' }).count()).toBe(0);
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await page.locator('#audit-action').count()).toBe(0);
    await expectNoAxeViolations(page, 'access log for a planner');
    await tabToText(page, 'Zurück zur Übersicht');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Szenarien der Bedarfsanalyse' }).waitFor();
    expectQuietBrowser(watched);
    await page.close();
  });
});
