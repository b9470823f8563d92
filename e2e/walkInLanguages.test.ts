import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '../test/support/staffSession.ts';
import { expectNoAxeViolations, expectQuietBrowser, type Portal } from './support/browser.ts';
import { startStationDay, stationDayHookTimeout } from './support/station.ts';

let portal: Portal;
let stopId: string;
let poster: URL;

beforeAll(async () => {
  ({ portal, stopId } = await startStationDay(
    { unitId: 'rathausmobil', siteId: 'bahnhof-avenwedde' },
    { name: 'Selin Sprache', email: 'selin@example.org' },
  ));
  // The poster's address as staff see it on the station day; the stop is open, so numbers can be drawn.
  const clerk = await signInAs(portal.test.app, 'clerk');
  const day = await portal.test.app.inject({
    url: `/api/v1/staff/station/stops/${stopId}/day`,
    headers: clerk.headers,
  });
  expect(day.statusCode, day.body).toBe(200);
  poster = new URL(day.json<{ posterUrl: string }>().posterUrl);
  await sql`UPDATE stops SET status = 'open' WHERE id = ${stopId}`.execute(portal.test.database.db);
}, stationDayHookTimeout);

afterAll(async () => {
  await portal?.close();
});

const direction = (page: Page) =>
  page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));

describe('walk-in pages in Turkish, Ukrainian and Arabic', () => {
  it('draws a number in Arabic (right to left) and reads it in Turkish, with axe at zero', async () => {
    const watched = await portal.openPage();
    const { page } = watched;
    await page.goto(`${portal.baseUrl}${poster.pathname}${poster.hash}`);
    await page.getByRole('heading', { level: 1, name: 'Wartenummer ziehen' }).waitFor();

    // Arabic: right to left, with the note that no native speaker has checked the translation.
    await page.getByRole('button', { name: 'العربية' }).click();
    await page.locator('html[lang="ar"][dir="rtl"]').waitFor();
    await page.getByRole('heading', { level: 1, name: 'احصل على رقم انتظار' }).waitFor();
    await page.getByText('لم يراجع هذه الترجمة بعد شخص لغته الأم العربية.').waitFor();
    await expectNoAxeViolations(page, 'walk-in join in Arabic');
    await page.getByRole('button', { name: 'احصل على رقم' }).click();
    await page.getByRole('heading', { level: 1, name: 'رقم انتظارك' }).waitFor();
    await page.getByText(/دورك رقم \d+/).waitFor();
    expect(await direction(page)).toEqual({ lang: 'ar', dir: 'rtl' });
    expect(await page.title()).toContain('رقم انتظارك');
    await expectNoAxeViolations(page, 'walk-in ticket in Arabic');
    const ticketUrl = page.url();

    // Turkish: left to right again, the same ticket, and the note in Turkish.
    await page.getByRole('button', { name: 'Türkçe' }).click();
    await page.locator('html[lang="tr"][dir="ltr"]').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Sıra numaranız' }).waitFor();
    await page.getByText(/Sıranız: \d+/).waitFor();
    await page.getByText('Bu çeviriyi henüz anadili Türkçe olan biri kontrol etmedi.').waitFor();
    await expectNoAxeViolations(page, 'walk-in ticket in Turkish');

    // Drawing again in Turkish: the error summary names the number this phone already holds, in Turkish.
    await page.goto(`${portal.baseUrl}${poster.pathname}${poster.hash}`);
    await page.getByRole('heading', { level: 1, name: 'Sıra numarası al' }).waitFor();
    await page.getByRole('button', { name: 'Numara al' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Bir sorun var' });
    await summary.getByText(/Zaten W-\d+ numaralı sıra numaranız var/).waitFor();
    await expectNoAxeViolations(page, 'walk-in join refused in Turkish');

    // Ukrainian and the call display in Arabic.
    await page.goto(ticketUrl);
    await page.getByRole('button', { name: 'Українська' }).click();
    await page.locator('html[lang="uk"]').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Ваш номер у черзі' }).waitFor();
    await expectNoAxeViolations(page, 'walk-in ticket in Ukrainian');
    await page.getByRole('button', { name: 'العربية' }).click();
    await page.locator('html[lang="ar"]').waitFor();
    await page.goto(`${portal.baseUrl}/station/anzeige/${stopId}`);
    await page.getByRole('heading', { level: 1, name: 'النداء' }).waitFor();
    expect(await direction(page)).toEqual({ lang: 'ar', dir: 'rtl' });
    await expectNoAxeViolations(page, 'call display in Arabic');

    // The staff pages stay German (their own choice), never Arabic.
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await page.locator('html[lang="de"][dir="ltr"]').waitFor();
    await page.goto(`${portal.baseUrl}/station/`);
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    expect(await direction(page)).toEqual({ lang: 'de', dir: 'ltr' });
    expectQuietBrowser(watched);
  });
});
