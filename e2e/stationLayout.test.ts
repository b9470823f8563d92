import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, expectQuietBrowser, type Portal } from './support/browser.ts';
import {
  createClerk,
  signInAtStation,
  signOffChecklist,
  startStationDay,
  stationDayHookTimeout,
  waitUntilSynced,
} from './support/station.ts';

// A landscape tablet: the station day must show the queue and the next action without scrolling.
const viewport = { width: 1024, height: 768 };

let portal: Portal;
let siteName: string;
let booking: { bookingId: string; code: string };

beforeAll(async () => {
  ({ portal, booking, siteName } = await startStationDay(
    { unitId: 'rathausmobil', siteId: 'bahnhof-avenwedde' },
    { name: 'Lena Layout', email: 'lena@example.org' },
  ));
}, stationDayHookTimeout);

afterAll(async () => {
  await portal?.close();
});

/** The element's box on the first screen: fully inside the viewport, with the page scrolled to the top. */
async function expectInFirstScreen(page: Page, locator: Locator, label: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
  const box = await locator.boundingBox();
  expect(box, `${label} has a box`).not.toBeNull();
  const { x, y, width, height } = box!;
  expect(y, `${label}: top`).toBeGreaterThanOrEqual(0);
  expect(x, `${label}: left`).toBeGreaterThanOrEqual(0);
  expect(y + height, `${label}: bottom (top ${y} + height ${height})`).toBeLessThanOrEqual(viewport.height);
  expect(x + width, `${label}: right`).toBeLessThanOrEqual(viewport.width);
}

const activeIn = (page: Page, selector: string) =>
  page.evaluate((s) => Boolean(document.activeElement?.closest(s)), selector);

describe('station app on a landscape tablet (1024×768)', () => {
  it('shows the queue and the next action in the first screen; the walk-in form is an accessible dialog', async () => {
    const clerk = await createClerk(portal);
    const watched = await portal.openPage();
    const { page } = watched;
    await page.setViewportSize(viewport);
    await page.goto(`${portal.baseUrl}/station/`);
    await signInAtStation(page, clerk);
    await page.getByRole('link', { name: siteName }).click();
    await page.getByRole('heading', { level: 1, name: siteName }).waitFor();

    // Before the stop opens, its checklist and then opening it are the next actions; the queue (nobody has
    // arrived yet) is beside them.
    const queue = page.getByRole('region', { name: /^Warteschlange/ });
    const firstRow = queue.locator('tbody tr').first();
    await expectInFirstScreen(page, page.locator('form.readiness-form fieldset').first(), 'the checklist');
    await signOffChecklist(page);
    await expectInFirstScreen(page, page.getByRole('button', { name: 'Halt öffnen' }), 'open the stop');
    await expectInFirstScreen(page, queue.getByText('Niemand wartet.'), 'empty queue before opening');
    await page.getByRole('button', { name: 'Halt öffnen' }).click();

    // Open: calling the next person is the primary action, beside the queue, and check-in too.
    await page.getByLabel('Buchungscode').fill(booking.code);
    await page.getByRole('button', { name: 'Einchecken', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'ist eingecheckt' }).waitFor();

    // The walk-in dialog: focus moves in, Escape closes it, the focus returns to its button.
    const opener = page.getByRole('button', { name: 'Neue Wartenummer' });
    await expectInFirstScreen(page, opener, 'walk-in button');
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Wartenummer ausgeben' });
    await dialog.waitFor();
    await expect.poll(() => activeIn(page, 'dialog[open]')).toBe(true);
    expect(await page.evaluate(() => document.querySelector('dialog')?.matches(':modal'))).toBe(true);
    await expectNoAxeViolations(page, 'walk-in dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-haspopup')))
      .toBe('dialog');

    // Again, submitted empty: the error summary sits inside the dialog and takes the focus.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Wartenummer ausgeben' }).click();
    const summary = dialog.getByRole('alert').filter({ hasText: 'Wählen Sie mindestens ein Anliegen.' });
    await summary.waitFor();
    await expect.poll(() => activeIn(page, 'dialog[open] .error-summary')).toBe(true);
    await expectNoAxeViolations(page, 'walk-in dialog with an error');
    await dialog.getByRole('group', { name: 'Anliegen' }).getByRole('checkbox').first().check();
    await dialog.getByLabel(/^Name/).fill('Willi Wartend');
    await dialog.getByRole('button', { name: 'Wartenummer ausgeben' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'Ausgegebene Wartenummer: W-101' }).waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-haspopup')))
      .toBe('dialog');
    await waitUntilSynced(page);

    // The boxes: the primary next action and the queue's first row lie fully inside 1024×768.
    await expect.poll(() => queue.locator('tbody tr').count()).toBe(2);
    await expectInFirstScreen(
      page,
      page.getByRole('button', { name: 'Nächste Person aufrufen' }),
      'call next',
    );
    await expectInFirstScreen(page, firstRow, 'first queue row');
    await expectInFirstScreen(page, page.getByRole('heading', { name: /^Warteschlange/ }), 'queue heading');
    await expectNoAxeViolations(page, 'station day at 1024×768');

    // Calling the next one: the person at the counter and the actions on them are in the first screen too.
    await page.getByRole('button', { name: 'Nächste Person aufrufen' }).click();
    await page.getByRole('button', { name: 'Bedienung beginnen' }).waitFor();
    await expectInFirstScreen(
      page,
      page.getByRole('button', { name: 'Bedienung beginnen' }),
      'start service',
    );
    await expectInFirstScreen(page, firstRow, 'first queue row while serving');
    await expectNoAxeViolations(page, 'station day at 1024×768 with someone called');

    // "Nicht erschienen" lets the number lapse: it asks first, and "Abbrechen" keeps the person called.
    await page.getByRole('button', { name: 'Nicht erschienen' }).click();
    const question = page.getByRole('group', { name: /als nicht erschienen vermerken\?$/ });
    await question.waitFor();
    // "Ja" has the focus, and the browser brought it into view.
    const yes = question.getByRole('button', { name: 'Ja, nicht erschienen' });
    await expect.poll(() => yes.evaluate((button) => button === document.activeElement)).toBe(true);
    await expect
      .poll(async () => {
        const box = await yes.boundingBox();
        return box !== null && box.y >= 0 && box.y + box.height <= viewport.height;
      })
      .toBe(true);
    await expectNoAxeViolations(page, 'station day asking before a no-show');
    await question.getByRole('button', { name: 'Abbrechen' }).click();
    await page.getByRole('button', { name: 'Bedienung beginnen' }).waitFor();
    await page.getByRole('button', { name: 'Nicht erschienen' }).click();
    await yes.click();
    await page.getByRole('button', { name: 'Nächste Person aufrufen' }).waitFor();
    expectQuietBrowser(watched);
  });
});
