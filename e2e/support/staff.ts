import type { Page } from 'playwright-core';
import type { TestStaff } from '../../test/support/staffSession.ts';
import { tabToSelector } from './browser.ts';

/** Signs in on the administration's sign-in page (Verwaltung) with the mouse. */
export async function signIn(page: Page, email: string, password: string) {
  await page.getByRole('heading', { level: 1, name: 'Anmeldung für die Verwaltung' }).waitFor();
  await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
}

/** Signs in on the planning's sign-in page by keyboard only: Tab to the address, type, Tab, type, Enter. */
export async function signInByKeyboard(page: Page, user: TestStaff) {
  await page.getByRole('heading', { level: 1, name: 'Anmeldung für die Planung' }).waitFor();
  await tabToSelector(page, '#signin-email');
  await page.keyboard.type(user.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(user.password);
  await page.keyboard.press('Enter');
}
