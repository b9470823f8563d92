import { simpleParser, type ParsedMail } from 'mailparser';
import type { Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailDelivery, sendPendingMails } from '../src/server/mail/mailSender.ts';
import { createStaff } from '../test/support/staffSession.ts';
import {
  expectNoAxeViolations,
  expectQuietBrowser,
  forgetLanguage,
  startPortal,
  tabToSelector,
  type Portal,
  type WatchedPage,
} from './support/browser.ts';
import ar from '../src/web/i18n/ar.json';
import de from '../src/web/i18n/de.json';
import en from '../src/web/i18n/en.json';
import tr from '../src/web/i18n/tr.json';
import uk from '../src/web/i18n/uk.json';
import staffDe from '../src/web/planning/i18n/de.json';
import staffEn from '../src/web/planning/i18n/en.json';
import { signIn } from './support/staff.ts';

let portal: Portal;
let smtp: SMTPServer;
const received: ParsedMail[] = [];

beforeAll(async () => {
  // A real mail server in the test process: the mails go out by SMTP, as in production.
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        received.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as { port: number }).port;
  // A small proof of work: the browser solves it in a moment.
  portal = await startPortal({ captchaMaxNumber: 1000, smtpUrl: `smtp://127.0.0.1:${port}` });
});

afterAll(async () => {
  await portal?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(resolve) : resolve()));
});

const toAddress = (mail: ParsedMail) =>
  (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((to) =>
    to.value.map((v) => v.address),
  );

/** Sends the queued mails by SMTP and returns the newest one to `email` that matches. */
async function mailTo(email: string, match: (mail: ParsedMail) => boolean): Promise<ParsedMail> {
  const delivery = createMailDelivery(
    portal.test.config.smtpUrl,
    'Mobiles Rathaus <rathaus@guetersloh.example>',
  );
  let found: ParsedMail | undefined;
  await expect
    .poll(
      async () => {
        await sendPendingMails(portal.test.database.db, delivery);
        found = [...received].reverse().find((mail) => toAddress(mail).includes(email) && match(mail));
        return Boolean(found);
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  return found!;
}

/** The link in the mail whose path matches, moved to the test server's address. */
async function linkTo(email: string, path: RegExp): Promise<string> {
  const mail = await mailTo(email, (m) => path.test(m.text ?? ''));
  const link = (mail.text ?? '').match(/https?:\/\/[^\s]+/g)!.find((url) => path.test(url))!;
  const url = new URL(link);
  return `${portal.baseUrl}${url.pathname}${url.hash}`;
}

async function confirmByLink(page: Page, url: string, button: string, done: string) {
  await page.goto(url);
  await page.getByRole('button', { name: button }).click();
  await page.getByRole('heading', { name: done }).waitFor({ timeout: 15_000 });
}

const languages = [
  { code: 'de', button: 'Deutsch', m: de },
  { code: 'en', button: 'English', m: en },
  { code: 'tr', button: 'Türkçe', m: tr },
  { code: 'uk', button: 'Українська', m: uk },
  { code: 'ar', button: 'العربية', m: ar },
] as const;

describe('citizen participation', () => {
  const citizen = 'vorschlag@example.org';
  const supporter = 'unterstuetzer@example.org';
  const reason = 'Viele ältere Menschen wohnen hier und der Bus fährt selten.';
  let watched: WatchedPage;
  let page: Page;
  let staff: WatchedPage;
  let staffPage: Page;
  let suggestionId = '';
  let placeName = '';

  it('a citizen suggests a stop and confirms it by the link in the mail; not public yet', async () => {
    // 1. A citizen suggests a stop at a place from the list.
    watched = await portal.openGermanPage('/vorschlaege/neu');
    page = watched.page;
    await page.getByRole('heading', { level: 1, name: 'Einen Halt vorschlagen' }).waitFor();
    await expectNoAxeViolations(page, 'suggest a stop (empty)');
    await page.getByRole('button', { name: 'Vorschlag senden' }).click();
    await page.locator('.error-summary').first().waitFor();
    await expectNoAxeViolations(page, 'suggest a stop (errors)');
    await page.getByLabel('Ort aus der Liste').selectOption({ index: 1 });
    placeName = (await page.locator('#suggestion-site option:checked').textContent()) ?? '';
    await page.getByLabel('Warum hier?').fill(reason);
    await page.getByLabel('E-Mail-Adresse').fill(citizen);
    await page.getByRole('button', { name: 'Vorschlag senden' }).click();
    await page
      .getByRole('heading', { name: 'Bitte prüfen Sie Ihr E-Mail-Postfach' })
      .waitFor({ timeout: 30_000 });
    const confirmSuggestion = await linkTo(citizen, /\/vorschlaege\/[0-9a-f-]+\/bestaetigen#/);
    suggestionId = /\/vorschlaege\/([0-9a-f-]+)\/bestaetigen/.exec(confirmSuggestion)![1]!;
    await confirmByLink(page, confirmSuggestion, 'Vorschlag bestätigen', 'Vorschlag bestätigt');
    await expectNoAxeViolations(page, 'suggestion confirmed');
    // Not public before a moderator decided.
    const before = await portal.test.app.inject({
      method: 'GET',
      url: `/api/v1/suggestions/${suggestionId}`,
      headers: { host: new URL(portal.baseUrl).host },
    });
    expect(before.statusCode).toBe(404);
  });

  it('a planner publishes it from the moderation queue, by keyboard; the writer gets the decision by mail; audited', async () => {
    // 2. A planner moderates it in the queue, by keyboard from the navigation.
    const moderator = await createStaff(portal.test.database.db, 'guetersloh', 'planner');
    staff = await portal.openGermanPage('/verwaltung');
    staffPage = staff.page;
    await signIn(staffPage, moderator.email, moderator.password);
    await staffPage.getByRole('heading', { level: 1, name: 'Verwaltung' }).waitFor();
    await staffPage
      .getByRole('navigation', { name: 'Verwaltung' })
      .getByRole('link', { name: 'Moderation' })
      .click();
    await staffPage.getByRole('heading', { level: 1, name: 'Moderation' }).waitFor();
    const decideSuggestion = staffPage.locator(`tr[data-suggestion-id="${suggestionId}"] button`);
    await decideSuggestion.waitFor();
    await expectNoAxeViolations(staffPage, 'moderation queue');
    await tabToSelector(staffPage, `tr[data-suggestion-id="${suggestionId}"] button`, 80);
    await staffPage.keyboard.press('Enter');
    await expect.poll(() => staffPage.evaluate(() => document.activeElement?.id)).toBe('moderation-decide');
    await expectNoAxeViolations(staffPage, 'moderation decision form');
    // Rejecting wants a reason that names the broken rule; publishing takes "fits the rules".
    expect(await staffPage.getByLabel('Entscheidung', { exact: true }).inputValue()).toBe('publish');
    expect(await staffPage.getByLabel('Grund', { exact: true }).inputValue()).toBe('fits_rules');
    await staffPage.getByRole('button', { name: 'Entscheidung speichern' }).click();
    await staffPage.getByRole('status').filter({ hasText: 'Veröffentlicht:' }).waitFor();
    const decided = await mailTo(citizen, (mail) => mail.subject === 'Ihr Vorschlag: veröffentlicht');
    expect(decided.text).toContain('Grund: Der Beitrag entspricht den Regeln.');
    const audit = await portal.test.database.db
      .selectFrom('audit_events')
      .select(['action', 'subject_id'])
      .where('action', '=', 'moderation.decided')
      .execute();
    expect(audit.map((row) => row.subject_id)).toContain(suggestionId);
  });

  it('another citizen supports it; it counts only after the link in the mail', async () => {
    // 3. Another citizen supports it: counted only after the link in the mail (double opt-in).
    await page.goto(`${portal.baseUrl}/vorschlaege/${suggestionId}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByText(reason).waitFor();
    await expectNoAxeViolations(page, 'suggestion page');
    const supportForm = page.locator('form[aria-labelledby="support-heading"]');
    await supportForm.getByLabel('E-Mail-Adresse').fill(supporter);
    await supportForm.getByRole('button', { name: 'Unterstützen' }).click();
    await page.getByText('Bitte bestätigen Sie Ihre Unterstützung mit dem Link in der E-Mail.').waitFor({
      timeout: 30_000,
    });
    const listed = async () =>
      (
        await portal.test.app.inject({
          method: 'GET',
          url: `/api/v1/suggestions/${suggestionId}`,
          headers: { host: new URL(portal.baseUrl).host },
        })
      ).json<{ supports: number }>().supports;
    expect(await listed()).toBe(0);
    const confirmSupport = await linkTo(supporter, /\/unterstuetzung\/[0-9a-f-]+\/bestaetigen#/);
    await confirmByLink(page, confirmSupport, 'Unterstützung bestätigen', 'Unterstützung bestätigt');
    expect(await listed()).toBe(1);
  });

  it('the first citizen comments; a first comment waits for the moderator', async () => {
    // 4. The first citizen comments on the suggestion: a first comment waits for the moderator.
    await page.goto(`${portal.baseUrl}/vorschlaege/${suggestionId}`);
    await page.getByText('1 Unterstützung').first().waitFor();
    const commentForm = page.locator('section[aria-labelledby="comments-heading"] form');
    await commentForm.getByLabel('Ihr Kommentar').fill('Eine Bank zum Warten wäre auch schön.');
    await commentForm.getByLabel('E-Mail-Adresse').fill(citizen);
    await commentForm.getByRole('button', { name: 'Kommentar senden' }).click();
    await page.getByText('Bitte bestätigen Sie Ihren Kommentar mit dem Link in der E-Mail.').waitFor({
      timeout: 30_000,
    });
    const confirmComment = await linkTo(citizen, /\/kommentar\/[0-9a-f-]+\/bestaetigen#/);
    await confirmByLink(page, confirmComment, 'Kommentar bestätigen', 'Kommentar bestätigt');
  });

  it('the moderator publishes the comment and answers it officially', async () => {
    // 5. The moderator publishes the comment and answers it officially.
    await staffPage.reload();
    await staffPage.getByRole('heading', { level: 1, name: 'Moderation' }).waitFor();
    const commentRow = staffPage.locator('tr[data-comment-id]');
    await commentRow.first().waitFor();
    await commentRow.first().getByRole('button').click();
    await staffPage.getByRole('button', { name: 'Entscheidung speichern' }).click();
    await staffPage.getByRole('status').filter({ hasText: 'Veröffentlicht:' }).waitFor();
    await mailTo(citizen, (mail) => mail.subject === 'Ihr Kommentar: veröffentlicht');
    await staffPage.getByRole('button', { name: /^Antworten auf „Eine Bank/ }).click();
    await expect.poll(() => staffPage.evaluate(() => document.activeElement?.id)).toBe('moderation-answer');
    await staffPage.getByRole('button', { name: 'Antwort veröffentlichen' }).click();
    await expect
      .poll(() => staffPage.locator('.error-summary').first().textContent())
      .toContain('Schreiben Sie eine Antwort.');
    await expectNoAxeViolations(staffPage, 'official answer with an error');
    await staffPage.getByLabel('Ihre Antwort').fill('Wir prüfen eine Bank am Halt.');
    await staffPage.getByRole('button', { name: 'Antwort veröffentlichen' }).click();
    await staffPage.getByRole('status').filter({ hasText: 'ist veröffentlicht' }).waitFor();
  });

  it('the official answer is marked; a citizen reports the comment with a reason; the queue shows the reason', async () => {
    // 6. The citizen page marks the official answer; the other citizen reports the comment with a reason.
    await page.goto(`${portal.baseUrl}/vorschlaege/${suggestionId}`);
    const official = page.locator('.comment--official');
    await official.waitFor();
    expect(await official.textContent()).toContain('Antwort der Stadt');
    expect(await official.textContent()).toContain('Wir prüfen eine Bank am Halt.');
    await page.getByRole('button', { name: 'Melden' }).click();
    await page.getByLabel('Warum melden Sie diesen Kommentar?').selectOption('off_topic');
    await expectNoAxeViolations(page, 'report form');
    await page.getByRole('button', { name: 'Meldung senden' }).click();
    await page.getByRole('status').filter({ hasText: 'Gemeldet. Danke.' }).waitFor();
    await staffPage.reload();
    const reportedRow = staffPage.locator('tr[data-comment-id]').filter({ hasText: 'Eine Bank' });
    await expect.poll(() => reportedRow.textContent()).toContain('Kein Bezug zum Mobilen Rathaus');
    await expectNoAxeViolations(staffPage, 'moderation queue with a report');
  });

  it('the planner sees support and coverage and answers: not planned because', async () => {
    // 7. The planner's list: support, coverage and why, and the answer "not planned because …".
    await staffPage.goto(`${portal.baseUrl}/verwaltung/vorschlaege`);
    await staffPage.getByRole('heading', { level: 1, name: 'Vorschläge für Halte' }).waitFor();
    const row = staffPage.locator(`tr[data-suggestion-id="${suggestionId}"]`);
    await row.waitFor();
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain(placeName);
    expect(rowText).toMatch(/abgedeckt/);
    expect(rowText).toMatch(/Fußweg-Radius|keinen Einsatz/);
    await expectNoAxeViolations(staffPage, 'planner suggestions');
    await row.getByRole('button').click();
    await staffPage.getByLabel('Antwort', { exact: true }).selectOption('not_planned');
    await staffPage.getByRole('button', { name: 'Antwort speichern' }).click();
    await expect
      .poll(() => staffPage.locator('.error-summary').first().textContent())
      .toContain('Schreiben Sie, warum der Halt nicht geplant ist.');
    await expectNoAxeViolations(staffPage, 'planner answer with an error');
    await staffPage
      .getByLabel('Begründung: nicht geplant, weil …')
      .fill('Der Platz ist zu klein für den Bus.');
    await staffPage.getByRole('button', { name: 'Antwort speichern' }).click();
    await staffPage.getByRole('status').filter({ hasText: 'Nicht geplant' }).waitFor();
    await page.goto(`${portal.baseUrl}/vorschlaege/${suggestionId}`);
    await page.getByText('Der Platz ist zu klein für den Bus.').waitFor();
  });

  it('the staff pages in English pass axe', async () => {
    // 8. The staff pages in English, axe at zero.
    await staffPage.getByRole('button', { name: staffDe.app.languageLabel }).click();
    await expect.poll(() => staffPage.evaluate(() => document.documentElement.lang)).toBe('en');
    await staffPage.getByRole('heading', { level: 1, name: staffEn.suggestionAnswers.heading }).waitFor();
    await expectNoAxeViolations(staffPage, 'planner suggestions (en)');
    await staffPage.goto(`${portal.baseUrl}/verwaltung/moderation`);
    await staffPage.getByRole('heading', { level: 1, name: staffEn.moderation.heading }).waitFor();
    await staffPage.locator('tr[data-published-comment-id]').first().waitFor();
    await expectNoAxeViolations(staffPage, 'moderation queue (en)');
    expectQuietBrowser(staff);
  });

  it('every new citizen page in every language passes axe', async () => {
    // 9. Every new citizen page in every language, axe at zero.
    for (const { code, button, m } of languages) {
      await forgetLanguage(page, portal.baseUrl);
      await page.goto(`${portal.baseUrl}/vorschlaege`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      if (code !== 'de') {
        await page.getByRole('button', { name: button }).click();
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(code);
      }
      const pages = [
        { path: '/vorschlaege', heading: m.participation.listTitle },
        { path: '/vorschlaege/neu', heading: m.participation.newTitle },
        { path: `/vorschlaege/${suggestionId}`, heading: null },
        { path: '/projekt', heading: m.project.title },
      ];
      for (const { path, heading } of pages) {
        await page.goto(`${portal.baseUrl}${path}`);
        const h1 = page.getByRole('heading', { level: 1 });
        if (heading) await expect.poll(() => h1.textContent(), { timeout: 15_000 }).toBe(heading);
        else await h1.waitFor();
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(code);
        if (path === `/vorschlaege/${suggestionId}`)
          await page.getByText(m.participation.official, { exact: false }).first().waitFor();
        await expectNoAxeViolations(page, `${path} (${code})`);
      }
    }
    expectQuietBrowser(watched);
  }, 300_000);
});
