import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, signInAs, type StaffSignIn, type TestStaff } from '../test/support/staffSession.ts';
import {
  expectNoAxeViolations,
  expectQuietBrowser,
  forgetLanguage,
  startPortal,
  tabToSelector,
  type Portal,
} from './support/browser.ts';

let portal: Portal;
let admin: StaffSignIn;
let clerk: TestStaff;

beforeAll(async () => {
  portal = await startPortal();
  admin = await signInAs(portal.test.app, 'admin');
  clerk = await createStaff(portal.test.database.db, 'guetersloh', 'clerk');
});

afterAll(async () => {
  await portal?.close();
});

/** The admin sends the link through the API; the path and fragment of the link in the mail. */
async function sendResetLink(userId: string): Promise<string> {
  const sent = await portal.test.app.inject({
    method: 'POST',
    url: `/api/v1/staff/users/${userId}/password-reset`,
    headers: admin.headers,
  });
  expect(sent.statusCode).toBe(202);
  const mail = await portal.test.database.db
    .selectFrom('mails')
    .select('text_body')
    .where('purpose', '=', 'staff_password_reset')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const link = /https?:\/\/\S+(\/planung\/passwort-neu#\S+)/.exec(mail.text_body)!;
  return link[1]!;
}

/**
 * The link's page in German.
 */
async function openLink(path: string) {
  const watched = await portal.openPage();
  await forgetLanguage(watched.page, portal.baseUrl);
  await watched.page.goto(`${portal.baseUrl}${path}`);
  await watched.page.getByRole('heading', { level: 1 }).waitFor();
  return watched;
}

const signIn = (email: string, password: string) =>
  fetch(`${portal.baseUrl}/api/v1/staff/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

describe('setting a new password with a reset link (Neues Passwort festlegen)', () => {
  it('a clerk sets a new password by keyboard, with the error summary; the link then works no more; axe-core reports zero violations', async () => {
    const path = await sendResetLink(clerk.id);
    const watched = await openLink(path);
    const { page } = watched;
    await page.getByRole('heading', { level: 1, name: 'Neues Passwort festlegen' }).waitFor();
    // The secret leaves the address bar at once.
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('');
    await expectNoAxeViolations(page, 'the new-password page');

    // Too short and not repeated: the summary lists both, linked to the fields, and takes the focus.
    await tabToSelector(page, '#reset-password');
    await page.keyboard.type('kurz');
    await page.keyboard.press('Enter');
    const summary = page.locator('.error-summary');
    await summary.getByText('Das neue Passwort braucht mindestens 12 Zeichen.').waitFor();
    await summary.getByText('Die beiden Passwörter stimmen nicht überein.').waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary')))
      .toBe(true);
    await expect.poll(() => page.locator('#reset-password').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'the new-password page with errors');
    await tabToSelector(page, '#reset-password');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Mein-neues-Passwort-2026');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Mein-neues-Passwort-2026');
    await page.keyboard.press('Enter');
    await page.getByText('Ihr neues Passwort ist gespeichert.', { exact: false }).waitFor();
    await expectNoAxeViolations(page, 'the new-password page after saving');
    expectQuietBrowser(watched);

    expect((await signIn(clerk.email, clerk.password)).status).toBe(401);
    expect((await signIn(clerk.email, 'Mein-neues-Passwort-2026')).status).toBe(200);

    // The same link a second time: it is used up.
    const again = await openLink(path);
    await tabToSelector(again.page, '#reset-password');
    await again.page.keyboard.type('Noch-ein-Passwort-2026');
    await again.page.keyboard.press('Tab');
    await again.page.keyboard.type('Noch-ein-Passwort-2026');
    await again.page.keyboard.press('Enter');
    await again.page.getByRole('alert').getByText('Dieser Link gilt nicht mehr', { exact: false }).waitFor();
    await expectNoAxeViolations(again.page, 'the new-password page with a used link');
    expectQuietBrowser(again);
  });

  it('explains an incomplete link, in English too', async () => {
    const watched = await portal.openGermanPage('/planung/passwort-neu');
    const { page } = watched;
    await page.getByText('Dieser Link ist unvollständig.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Set a new password' }).waitFor();
    await page.getByText('This link is incomplete.', { exact: false }).waitFor();
    await expectNoAxeViolations(page, 'the new-password page without a token');
    expectQuietBrowser(watched);
  });
});
