import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../test/support/staffSession.ts';
import { signOffStopChecklist } from '../src/server/commands/stopChecklistSigner.ts';
import { loadStopChecklist } from '../src/server/queries/stopChecklistQueries.ts';
import { solvedCaptcha, tokenFromLatestMail, upcomingDate } from '../test/support/booking.ts';
import { expectNoAxeViolations, expectQuietBrowser, startPortal, type Portal } from './support/browser.ts';

let portal: Portal;

beforeAll(async () => {
  portal = await startPortal({ captchaMaxNumber: 200 });
});

afterAll(async () => {
  await portal?.close();
});

/** Presses a button with the keyboard: focus it, then Enter. */
async function press(page: Page, name: string | RegExp) {
  const button = page.getByRole('button', { name, exact: typeof name === 'string' }).first();
  await button.focus();
  await page.keyboard.press('Enter');
}

/** Types into a field as a keyboard user does: focus, clear, type. */
async function type(page: Page, selector: string, text: string) {
  const field = page.locator(selector);
  await field.focus();
  await field.fill(text);
}

async function choose(page: Page, selector: string, value: string) {
  const field = page.locator(selector);
  await field.focus();
  await field.selectOption(value);
}

const germanDay = (date: string) =>
  DateTime.fromISO(date, { zone: 'Europe/Berlin' }).setLocale('de-DE').toLocaleString(DateTime.DATE_HUGE);

describe('stops and schedules in the back office', () => {
  it('a planner creates a fortnightly schedule, sees its stops in the week and month calendar, is told of a conflict, moves one stop (the booked citizen is mailed the new place) and cancels one with a reason, by keyboard; axe-core reports zero violations', async () => {
    const db = portal.test.database.db;
    const planner = await createStaff(db, 'guetersloh', 'planner');
    const watched = await portal.openGermanPage('/verwaltung/fahrplaene');
    const { page } = watched;
    await page.getByRole('heading', { level: 1, name: 'Anmeldung für die Verwaltung' }).waitFor();
    await page.getByLabel('E-Mail-Adresse').fill(planner.email);
    await page.getByLabel('Passwort').fill(planner.password);
    await press(page, 'Anmelden');
    await page.getByRole('heading', { level: 1, name: 'Fahrpläne' }).waitFor();
    await expectNoAxeViolations(page, 'schedules page');

    // A fortnightly schedule on Tuesdays from the first Tuesday at least a week ahead.
    const first = upcomingDate(7, 2);
    await press(page, 'Fahrplan anlegen');
    await page.locator('.error-summary').getByText('Geben Sie den ersten Tag an.').waitFor();
    await expectNoAxeViolations(page, 'schedules page with errors');
    await choose(page, '#schedule-unit', 'buergerkoffer-1');
    await choose(page, '#schedule-site', 'stadtbibliothek');
    await choose(page, '#schedule-every', '2');
    await choose(page, '#schedule-weekday', '2');
    await type(page, '#schedule-from', first);
    await press(page, 'Fahrplan anlegen');
    await page
      .getByRole('status')
      .filter({ hasText: /Fahrplan angelegt: \d+ Einsätze geplant\./ })
      .waitFor();
    const row = page
      .getByRole('table', { name: 'Fahrpläne' })
      .getByRole('row')
      .filter({ hasText: 'alle 2 Wochen' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Stadtbibliothek');
    const stops = await db
      .selectFrom('stops')
      .select(['id', 'local_date'])
      .where('unit_id', '=', 'buergerkoffer-1')
      .where('status', '=', 'scheduled')
      .orderBy('local_date')
      .execute();
    expect(stops[0]!.local_date).toBe(first);
    expect(stops[1]!.local_date).toBe(DateTime.fromISO(first).plus({ weeks: 2 }).toISODate());
    await expectNoAxeViolations(page, 'schedules page with a schedule');

    // Pausing and resuming ask first; "Abbrechen" changes nothing.
    await row.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await page.getByText('Dieser Fahrplan ist aktiv.').waitFor();
    await press(page, 'Fahrplan pausieren');
    const pauseQuestion = page.getByRole('group', { name: /^Fahrplan Bürgerkoffer 1, .* pausieren\?$/ });
    await pauseQuestion.waitFor();
    await expectNoAxeViolations(page, 'schedules page asking before a pause');
    await press(page, 'Abbrechen');
    await page.getByRole('button', { name: 'Fahrplan pausieren' }).waitFor();
    expect(await page.getByText('Dieser Fahrplan ist aktiv.').count()).toBe(1);
    await press(page, 'Fahrplan pausieren');
    await press(page, 'Ja, pausieren');
    await page.getByRole('status').filter({ hasText: 'Fahrplan pausiert.' }).waitFor();
    await press(page, 'Fahrplan fortsetzen');
    await page.getByRole('group', { name: /fortsetzen\?$/ }).waitFor();
    await press(page, 'Ja, fortsetzen');
    await page
      .getByRole('status')
      .filter({ hasText: /^Fahrplan fortgesetzt/ })
      .waitFor();
    // Ending it asks too, naming what follows; "Abbrechen" keeps it running.
    await type(page, '#end-date', DateTime.fromISO(first).plus({ weeks: 8 }).toISODate()!);
    await press(page, 'Fahrplan beenden');
    await page.getByRole('group', { name: /^Fahrplan mit dem .* beenden\?$/ }).waitFor();
    expect(await page.getByText('Das lässt sich nicht rückgängig machen.', { exact: false }).count()).toBe(1);
    await press(page, 'Abbrechen');
    await type(page, '#end-date', '');
    expect(
      await db.selectFrom('schedules').select('status').where('unit_id', '=', 'buergerkoffer-1').execute(),
    ).toContainEqual({ status: 'active' });

    // A citizen books the first stop.
    const held = await portal.test.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      payload: {
        stopId: stops[0]!.id,
        startsAt: DateTime.fromISO(`${first}T09:30`, { zone: 'Europe/Berlin' }).toUTC().toISO(),
        services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
        name: 'Clara Beispiel',
        email: 'clara@example.org',
        captcha: await solvedCaptcha(portal.test.app),
      },
    });
    expect(held.statusCode, held.body).toBe(201);
    const { token } = await tokenFromLatestMail(db, 'clara@example.org');
    const confirmed = await portal.test.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${held.json().bookingId}/confirm`,
      payload: { token },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);

    // A clerk reported a problem on the third stop's checklist: the planner sees it on the stops page.
    const checklist = await loadStopChecklist(db, planner.municipalityId, stops[2]!.id);
    await signOffStopChecklist(db, {
      municipalityId: planner.municipalityId,
      stopId: stops[2]!.id,
      userId: planner.id,
      items: checklist.items.map((item) =>
        item.key === 'connectivity'
          ? { key: item.key, status: 'problem', note: 'Kein Netz im Keller' }
          : { key: item.key, status: 'ok' },
      ),
    });

    // The week calendar of the unit: go forward to the week of the first stop.
    await page.goto(`${portal.baseUrl}/verwaltung/halte`);
    await page.getByRole('heading', { level: 1, name: 'Einsätze' }).waitFor();
    await page.getByText('Verbindung: Kein Netz im Keller').waitFor();
    await choose(page, '#calendar-unit', 'buergerkoffer-1');
    const weeksAhead = Math.round(
      DateTime.fromISO(first, { zone: 'Europe/Berlin' })
        .startOf('week')
        .diff(DateTime.now().setZone('Europe/Berlin').startOf('week'), 'weeks').weeks,
    );
    for (let week = 0; week < weeksAhead; week++) await press(page, 'Nächste Woche');
    const changeFirst = `Ändern: Stadtbibliothek Gütersloh, ${germanDay(first)}`;
    await page.getByRole('button', { name: changeFirst }).waitFor();
    await expectNoAxeViolations(page, 'stops page, week');

    // The month calendar shows the same stop, per site too.
    await choose(page, '#calendar-view', 'month');
    await choose(page, '#calendar-site', 'stadtbibliothek');
    await page.getByRole('button', { name: changeFirst }).waitFor();
    await expectNoAxeViolations(page, 'stops page, month');
    await choose(page, '#calendar-view', 'week');
    await choose(page, '#calendar-site', '');

    // A second stop for the unit at the same time elsewhere: the conflict is explained before saving.
    await choose(page, '#stop-unit', 'buergerkoffer-1');
    await choose(page, '#stop-site', 'bahnhof-avenwedde');
    await type(page, '#stop-date', first);
    await type(page, '#stop-start', '10:00');
    await type(page, '#stop-end', '13:00');
    await press(page, 'Prüfen und speichern');
    await page.getByText('So kann der Einsatz nicht gespeichert werden:').waitFor();
    await page
      .getByText(/Die Einheit ist zu dieser Zeit schon in Stadtbibliothek Gütersloh eingeplant/)
      .waitFor();
    await expectNoAxeViolations(page, 'stops page with a conflict');
    expect(
      await db.selectFrom('stops').select('id').where('site_id', '=', 'bahnhof-avenwedde').execute(),
    ).toEqual([]);

    // Move the first stop to another site: the booked citizen is told the new place.
    await press(page, changeFirst);
    await page
      .getByRole('heading', {
        level: 2,
        name: `Einsatz ändern: Stadtbibliothek Gütersloh, ${germanDay(first)}`,
      })
      .waitFor();
    await choose(page, '#change-site', 'spexarder-bauernhaus');
    await page
      .locator('section[aria-labelledby="stop-action"]')
      .getByRole('button', { name: 'Prüfen und speichern' })
      .focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Einsatz geändert: Spexarder Bauernhaus' }).waitFor();
    const moved = await db
      .selectFrom('mails')
      .select(['text_body', 'subject'])
      .where('purpose', '=', 'stop.moved')
      .where('to_address', '=', 'clara@example.org')
      .executeTakeFirstOrThrow();
    expect(moved.text_body).toContain('Spexarder Bauernhaus');

    // Cancel the second stop, a fortnight later: a reason is required.
    await press(page, 'Nächste Woche');
    await press(page, 'Nächste Woche');
    const second = stops[1]!.local_date;
    await press(page, `Absagen: Stadtbibliothek Gütersloh, ${germanDay(second)}`);
    await page
      .getByRole('heading', {
        level: 2,
        name: `Einsatz absagen: Stadtbibliothek Gütersloh, ${germanDay(second)}`,
      })
      .waitFor();
    await press(page, 'Einsatz absagen');
    await page.locator('.error-summary').getByText('Geben Sie einen Grund für die Absage an.').waitFor();
    await expectNoAxeViolations(page, 'cancelling a stop with errors');
    await type(page, '#cancel-reason', 'Fahrzeug in der Werkstatt');
    await press(page, 'Einsatz absagen');
    await page.getByRole('status').filter({ hasText: 'Einsatz abgesagt' }).waitFor();
    const cancelled = await db
      .selectFrom('stops')
      .select(['status', 'cancel_reason'])
      .where('id', '=', stops[1]!.id)
      .executeTakeFirstOrThrow();
    expect(cancelled).toEqual({ status: 'cancelled', cancel_reason: 'Fahrzeug in der Werkstatt' });
    await expectNoAxeViolations(page, 'stops page after cancelling');

    // The same page in English.
    await press(page, 'Switch to English');
    await page.locator('html[lang="en"]').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Stops' }).waitFor();
    await page.getByRole('columnheader', { name: 'Site' }).waitFor();
    await expectNoAxeViolations(page, 'stops page in English');
    expectQuietBrowser(watched);
  });
});
