import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { loadConfig, type AppConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/schema.ts';
import { createTestStop, solvedCaptcha, tokenFromLatestMail } from '../../test/support/booking.ts';
import { createStaff, type TestStaff } from '../../test/support/staffSession.ts';
import { siteNameOf, startPortal, type Portal } from './browser.ts';

/** Bookings for today need no lead time; a small proof of work keeps the captcha quick. */
export function stationConfig(): Partial<AppConfig> {
  const defaults = loadConfig({ NODE_ENV: 'test' });
  return { captchaMaxNumber: 1000, booking: { ...defaults.booking, leadTimeMinutes: 0 } };
}

const berlinNow = () => DateTime.now().setZone('Europe/Berlin');

/**
 * A station day is started only with at least this much of the Berlin day left: its stop lies today and ends by
 * 23:55, its appointment starts at the next 5-minute mark two minutes ahead, and the file's tests look for the
 * stop among today's. Closer to midnight the helper waits for the next day (stop from 00:00).
 */
const dayLeftAtLeastMs = 15 * 60_000;

/** The hook timeout of a `beforeAll` that starts a station day: the usual 180 s plus the longest wait for midnight. */
export const stationDayHookTimeout = 180_000 + dayLeftAtLeastMs;

/** Waits until the Berlin day has `dayLeftAtLeastMs` left: returns at once except in its last 15 minutes. */
export async function waitForRoomInTheDay(): Promise<void> {
  const now = berlinNow();
  const left = now.startOf('day').plus({ days: 1 }).diff(now).toMillis();
  if (left >= dayLeftAtLeastMs) return;
  await new Promise((resolve) => setTimeout(resolve, left + 1_000));
}

/** A stop today (Europe/Berlin) whose window covers now, so that appointments lie today. */
export async function createTodayStop(
  db: Kysely<Database>,
  props: { unitId: string; siteId: string },
): Promise<string> {
  const now = berlinNow();
  const startHour = Math.max(0, now.hour - 1);
  const endTime = now.hour + 4 >= 24 ? '23:55' : `${String(now.hour + 4).padStart(2, '0')}:00`;
  return createTestStop(db, {
    ...props,
    date: now.toISODate()!,
    startTime: `${String(startHour).padStart(2, '0')}:00`,
    endTime,
  });
}

/** A confirmed appointment through the public flow (captcha, mail token, confirm); `slot` counts 5-minute steps. */
export async function createConfirmedBooking(
  portal: Portal,
  stopId: string,
  person: { name: string; email: string },
  slot = 0,
): Promise<{ bookingId: string; code: string }> {
  const { app } = portal.test;
  const db = portal.test.database.db;
  const now = berlinNow();
  // The next 5-minute mark at least two minutes ahead: late in the evening the stop's window (to 23:55) still
  // holds the appointment for as long as possible.
  const start = now
    .plus({ minutes: 2 + slot * 5 })
    .set({ second: 0, millisecond: 0 })
    .startOf('minute');
  const aligned = start.plus({ minutes: (5 - (start.minute % 5)) % 5 });
  const held = await app.inject({
    method: 'POST',
    url: '/api/v1/bookings',
    payload: {
      stopId,
      startsAt: aligned.toUTC().toISO(),
      services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
      name: person.name,
      email: person.email,
      captcha: await solvedCaptcha(app),
    },
  });
  expect(held.statusCode, held.body).toBeLessThan(300);
  const bookingId = held.json<{ bookingId: string }>().bookingId;
  const { token } = await tokenFromLatestMail(db, person.email);
  const confirmed = await app.inject({
    method: 'POST',
    url: `/api/v1/bookings/${bookingId}/confirm`,
    payload: { token },
  });
  expect(confirmed.statusCode, confirmed.body).toBeLessThan(300);
  const { code } = await db
    .selectFrom('bookings')
    .select('code')
    .where('id', '=', bookingId)
    .executeTakeFirstOrThrow();
  return { bookingId, code };
}

export interface StationDay {
  portal: Portal;
  stopId: string;
  /** the citizen's confirmed appointment on the stop */
  booking: { bookingId: string; code: string };
  siteName: string;
}

/**
 * The portal with the station configuration, a stop today at the site, and one confirmed appointment on it. In the
 * last 15 minutes of the Berlin day it first waits for the next day: call it in a `beforeAll` with
 * `stationDayHookTimeout`.
 */
export async function startStationDay(
  stop: { unitId: string; siteId: string },
  citizen: { name: string; email: string },
): Promise<StationDay> {
  await waitForRoomInTheDay();
  const portal = await startPortal(stationConfig());
  try {
    const stopId = await createTodayStop(portal.test.database.db, stop);
    const booking = await createConfirmedBooking(portal, stopId, citizen);
    return { portal, stopId, booking, siteName: await siteNameOf(portal, stop.siteId) };
  } catch (error) {
    await portal.close();
    throw error;
  }
}

export async function createClerk(portal: Portal): Promise<TestStaff> {
  return createStaff(portal.test.database.db, 'guetersloh', 'clerk');
}

/** Signs in on the station's sign-in page (by keyboard: type and press Enter). */
export async function signInAtStation(page: Page, clerk: TestStaff) {
  await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
  await page.getByLabel('E-Mail-Adresse').fill(clerk.email);
  await page.getByLabel('Passwort').fill(clerk.password);
  await page.getByLabel('Passwort').press('Enter');
  // Signed in with the data on the device open: the header counts unsynced changes.
  await page.locator('.connectivity__pending').waitFor();
}

/** The connectivity line in the header (role="status"). */
export const connectivity = (page: Page) => page.locator('p.connectivity[role="status"]');

export async function waitUntilSynced(page: Page) {
  await expect
    .poll(() => connectivity(page).textContent(), { timeout: 30_000 })
    .toMatch(/Online.*Alle Änderungen gesichert/);
}

/**
 * The service worker controls the page and has the app shell in Cache Storage. Installing caches the whole
 * shell first, which on two busy cores (the full suite beside other work) has taken over 30 s; the waits allow
 * 90 s each. They wait for a state, they measure nothing.
 */
export async function waitForOfflineShell(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const names = await caches.keys();
          for (const name of names) if (await (await caches.open(name)).match('/station/')) return true;
          return false;
        }),
      { timeout: 90_000 },
    )
    .toBe(true);
  await expect
    .poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), { timeout: 90_000 })
    .toBe(true);
}

/** Everything the browser keeps for the origin, as text: IndexedDB (all stores), Cache Storage, localStorage. */
export async function deviceStorageDump(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts: string[] = [];
    const databases = (await indexedDB.databases?.()) ?? [];
    for (const info of databases) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name!);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error('indexedDB.open failed'));
      });
      for (const storeName of Array.from(db.objectStoreNames)) {
        const values = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(storeName).objectStore(storeName).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error ?? new Error('getAll failed'));
        });
        parts.push(`idb:${info.name}/${storeName}:${JSON.stringify(values)}`);
      }
      db.close();
    }
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        parts.push(`cache:${name}:${request.url}:${response ? await response.text() : ''}`);
      }
    }
    for (let index = 0; index < localStorage.length; index += 1) {
      const key = localStorage.key(index)!;
      parts.push(`localStorage:${key}=${localStorage.getItem(key)}`);
    }
    return parts.join('\n');
  });
}

/** The URLs of everything in Cache Storage. */
export async function cachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    }
    return urls;
  });
}

/**
 * Issues a walk-in ticket through the dialog on the day page: opens it, ticks the first service, types the name,
 * and waits until the dialog has closed and the page shows the number.
 */
export async function issueWalkInTicket(page: Page, name: string, expectedNumber?: string) {
  await page.getByRole('button', { name: 'Neue Wartenummer' }).click();
  const dialog = page.getByRole('dialog', { name: 'Wartenummer ausgeben' });
  await dialog.getByRole('group', { name: 'Anliegen' }).getByRole('checkbox').first().check();
  await dialog.locator('#walkin-name').fill(name);
  await dialog.getByRole('button', { name: 'Wartenummer ausgeben' }).click();
  await dialog.waitFor({ state: 'hidden' });
  if (expectedNumber) {
    await page
      .getByRole('status')
      .filter({ hasText: `Ausgegebene Wartenummer: ${expectedNumber}` })
      .waitFor();
  }
}

/**
 * Signs off the stop's readiness checklist on the day page (tracker issue 8, item 7): every item "In Ordnung",
 * except those in `problems` (item legend → note). The stop can be opened afterwards.
 */
export async function signOffChecklist(page: Page, problems: Record<string, string> = {}) {
  const form = page.locator('form.readiness-form');
  await form.waitFor();
  for (const item of await form.locator('fieldset').all()) {
    const legend = (await item.locator('legend').textContent())!.trim();
    const note = problems[legend];
    await item.getByRole('radio', { name: note === undefined ? 'In Ordnung' : 'Problem' }).check();
    if (note !== undefined) await item.getByRole('textbox').fill(note);
  }
  await form.getByRole('button', { name: 'Checkliste abzeichnen' }).click();
  await page.getByText('Die Checkliste ist abgezeichnet.').waitFor();
}
