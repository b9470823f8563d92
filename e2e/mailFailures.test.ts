import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { municipalityId } from '../test/support/booking.ts';
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

let portal: Portal;
let admin: TestStaff;
let failedIds: string[];

beforeAll(async () => {
  portal = await startPortal();
  const { db } = portal.test.database;
  admin = await createStaff(db, 'guetersloh', 'admin');
  const municipality = await municipalityId(db);
  // Two mails the delivery gave up on (as after MAIL_MAX_ATTEMPTS refusals), one still being tried.
  const rows = await db
    .insertInto('mails')
    .values(
      [
        ['booking.confirm_request', 'failed', 'EMESSAGE 450'],
        ['waitlist.offer', 'failed', 'ETIMEDOUT'],
        ['booking.reminder', 'pending', 'ECONNREFUSED'],
      ].map(([purpose, status, error], index) => ({
        municipality_id: municipality,
        purpose: purpose!,
        to_address: `empfaenger${index}@example.org`,
        subject: `Betreff ${index}`,
        text_body: 'Text',
        attachments: JSON.stringify([]),
        status: status as 'failed' | 'pending',
        attempts: status === 'failed' ? 8 : 2,
        last_error: error!,
        failed_at: status === 'failed' ? new Date(Date.now() - index * 60_000) : null,
        next_attempt_at: status === 'pending' ? new Date(Date.now() + 3_600_000) : null,
      })),
    )
    .returning(['id', 'status'])
    .execute();
  failedIds = rows.filter((row) => row.status === 'failed').map((row) => row.id);
});

afterAll(async () => {
  await portal?.close();
});

describe('undelivered e-mails (Nicht zugestellte E-Mails)', () => {
  it('an admin sees the failed mails without personal data and sends one again by keyboard; axe-core reports zero violations', async () => {
    const watched = await portal.openGermanPage('/planung');
    const { page } = watched;
    await signInByKeyboard(page, admin);
    await page.getByRole('heading', { level: 1, name: 'Szenarien der Bedarfsanalyse' }).waitFor();
    await tabToText(page, 'Nicht zugestellte E-Mails');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Nicht zugestellte E-Mails' }).waitFor();
    const table = page.getByRole('table', { name: 'Nicht zugestellte E-Mails, zuletzt gescheiterte zuerst' });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    // What the mail was for, in words (not the internal purpose key).
    expect(await table.locator('tbody tr td:nth-child(2)').allTextContents()).toEqual([
      'Bitte um Bestätigung eines Termins',
      'Angebot aus der Warteliste',
    ]);
    expect(await table.locator('tbody tr td:nth-child(4)').allTextContents()).toEqual([
      'EMESSAGE 450',
      'ETIMEDOUT',
    ]);
    expect(await page.locator('.mail-failures-status').textContent()).toBe(
      '2 E-Mails wurden nicht zugestellt.',
    );
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).not.toMatch(/empfaenger|Betreff|booking\.reminder/);
    await expectNoAxeViolations(page, 'undelivered e-mails');

    await tabToSelector(page, `button[aria-label="E-Mail ${failedIds[0]} erneut senden"]`);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('.mail-failures-status').textContent())
      .toBe(`Die E-Mail ${failedIds[0]} wird erneut gesendet.`);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('mail-failures-status');
    const retried = await portal.test.database.db
      .selectFrom('mails')
      .select(['status', 'attempts'])
      .where('id', '=', failedIds[0]!)
      .executeTakeFirstOrThrow();
    expect(retried).toEqual({ status: 'pending', attempts: 0 });
    await expectNoAxeViolations(page, 'undelivered e-mails after sending one again');
    expectQuietBrowser(watched);
    await page.close();
  });
});
