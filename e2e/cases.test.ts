import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocumentKeys } from '../src/config.ts';
import { readEfileConfirmations } from '../src/server/commands/efileConfirmationsReader.ts';
import { samplePdf } from '../test/support/documentSamples.ts';
import { jobHandlers } from '../src/server/jobs/jobHandlers.ts';
import { runDueJobs } from '../src/server/jobs/jobRunner.ts';
import { refusedFvConfirmation } from '../test/support/xdomeaConfirmations.ts';
import { createTestStop, solvedCaptcha, tokenFromLatestMail, upcomingDate } from '../test/support/booking.ts';
import { createStaff, signInAs, type TestStaff } from '../test/support/staffSession.ts';
import {
  expectNoAxeViolations,
  expectQuietBrowser,
  startPortal,
  tabToText,
  type Portal,
} from './support/browser.ts';

let portal: Portal;
let lead: TestStaff;
let booking: { bookingId: string; token: string };
let caseId: string;
let caseNumber: string;

let efileDir: string;

beforeAll(async () => {
  efileDir = await mkdtemp(join(tmpdir(), 'mr-e2e-efile-'));
  portal = await startPortal({
    efile: { transferDir: join(efileDir, 'outbox'), inboxDir: join(efileDir, 'inbox'), resendAfterHours: 24 },
    documents: {
      maxBytes: 10 * 1024 * 1024,
      defaultRetentionDays: 180,
      keys: parseDocumentKeys(`e2e:${randomBytes(32).toString('base64')}`),
    },
  });
  const { app, database } = portal.test;
  const db = database.db;
  // The default process (a service without a model): the shipped BPMN model of the ID card is retired here.
  await db
    .updateTable('process_definitions')
    .set({ active: false })
    .where('service_id', '=', 'personalausweis-beantragen')
    .execute();
  const date = upcomingDate(8);
  const stopId = await createTestStop(db, { date });
  const email = 'fall-e2e@example.org';
  const held = await app.inject({
    method: 'POST',
    url: '/api/v1/bookings',
    payload: {
      stopId,
      startsAt: new Date(`${date}T08:00:00Z`).toISOString(),
      services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
      name: 'Erika Fallbeispiel',
      email,
      captcha: await solvedCaptcha(app),
    },
  });
  expect(held.statusCode, held.body).toBe(201);
  const { bookingId } = held.json<{ bookingId: string }>();
  const { token } = await tokenFromLatestMail(db, email, 'booking.confirm_request');
  await app.inject({ method: 'POST', url: `/api/v1/bookings/${bookingId}/confirm`, payload: { token } });
  booking = { bookingId, token };
  const row = await db
    .selectFrom('cases')
    .select(['id', 'number'])
    .where('booking_id', '=', bookingId)
    .executeTakeFirstOrThrow();
  caseId = row.id;
  caseNumber = row.number;
  // The clerk completes the stop step: the next step lands in the Bürgerbüro's inbox.
  const clerk = await signInAs(app, 'clerk');
  const done = await app.inject({
    method: 'POST',
    url: `/api/v1/staff/cases/${caseId}/step-completions`,
    headers: clerk.headers,
    payload: { stepKey: 'stop', checklist: ['Identität geprüft', 'Unterlagen vollständig'] },
  });
  expect(done.statusCode, done.body).toBe(200);
  lead = await createStaff(db, 'guetersloh', 'department');
  await db
    .insertInto('staff_user_departments')
    .values({ municipality_id: lead.municipalityId, user_id: lead.id, department_id: 'buergerbuero' })
    .execute();
});

afterAll(async () => {
  await portal?.close();
  if (efileDir) await rm(efileDir, { recursive: true, force: true });
});

describe('cases and tasks in the browser', () => {
  it('a department lead works a task from the inbox by keyboard and reads the case timeline; axe-core reports zero violations in German and English', async () => {
    const watched = await portal.openGermanPage('/verwaltung/aufgaben');
    const { page } = watched;
    await page.getByRole('heading', { level: 1, name: 'Anmeldung für die Verwaltung' }).waitFor();
    await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(lead.email);
    await page.getByLabel('Passwort', { exact: true }).fill(lead.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aufgaben' }).waitFor();
    await page.getByRole('link', { name: caseNumber }).waitFor();
    expect(await page.getByRole('table').textContent()).toContain('0 Tage');
    await expectNoAxeViolations(page, 'task inbox');

    // By keyboard: take the task over, open it, submit without ticking (error summary), tick, complete.
    await tabToText(page, `${caseNumber} mir zuweisen`, 60);
    await page.keyboard.press('Enter');
    await page.getByText(`Aufgabe zu ${caseNumber} ist Ihnen zugewiesen.`).waitFor();
    await tabToText(page, `${caseNumber} bearbeiten`, 60);
    await page.keyboard.press('Enter');
    await page
      .getByRole('heading', { level: 2, name: `${caseNumber}: Im Fachbereich abschließen` })
      .waitFor();
    await tabToText(page, 'Aufgabe abschließen', 10);
    await page.keyboard.press('Enter');
    const summary = page.getByRole('alert');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Haken Sie „Antrag geprüft“ ab.');
    await expectNoAxeViolations(page, 'task with an error summary');
    await page.getByLabel('Antrag geprüft').focus();
    await page.keyboard.press('Space');
    await tabToText(page, 'Aufgabe abschließen', 10);
    await page.keyboard.press('Enter');
    await page.getByText(`Aufgabe „Im Fachbereich abschließen“ zu ${caseNumber} abgeschlossen.`).waitFor();

    // The case: the purpose first, then its timeline with the queued hand-off.
    await page.goto(`${portal.baseUrl}/verwaltung/vorgaenge/${caseId}`);
    await page.getByLabel('Zweck des Zugriffs').waitFor();
    await expectNoAxeViolations(page, 'case purpose');
    await page.getByRole('button', { name: 'Vorgang öffnen' }).click();
    await page.getByRole('heading', { level: 2, name: 'Verlauf' }).waitFor();
    const timeline = await page.getByRole('region', { name: 'Verlauf' }).textContent();
    for (const text of [
      'Vorgang eröffnet',
      'Termin gebucht',
      'Aufgabe erledigt',
      'Übergabe an die E-Akte eingereiht',
    ])
      expect(timeline).toContain(text);
    expect(await page.getByRole('region', { name: 'Übergaben an die E-Akte' }).textContent()).toContain(
      'eingereiht',
    );
    await expectNoAxeViolations(page, 'case timeline');

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Timeline' }).waitFor();
    expect(await page.getByRole('region', { name: 'Timeline' }).textContent()).toContain(
      'Hand-off to the e-file queued',
    );
    await expectNoAxeViolations(page, 'case timeline in English');
    await page.goto(`${portal.baseUrl}/verwaltung/aufgaben`);
    await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
    await expectNoAxeViolations(page, 'task inbox in English');
    expectQuietBrowser(watched);
  }, 180_000);

  it('the citizen sees where the matter stands on the booking page, without staff names; axe-core reports zero violations', async () => {
    const watched = await portal.openGermanPage(`/termin/${booking.bookingId}#${booking.token}`);
    const { page } = watched;
    const section = page.getByRole('region', { name: 'Stand Ihres Anliegens' });
    await section.waitFor();
    const text = (await section.textContent()) ?? '';
    expect(text).toContain(`Vorgangsnummer: ${caseNumber}`);
    expect(text).toContain('Vor Ort bearbeiten – erledigt');
    expect(text).not.toContain(lead.name);
    await expectNoAxeViolations(page, 'booking page with the case status');
    expectQuietBrowser(watched);
  }, 120_000);
  it('an admin sees the hand-off the DMS refused and hands the case off again by keyboard; axe-core reports zero violations in German and English', async () => {
    const { database, config } = portal.test;
    const db = database.db;
    // The job writes the record's message (0604); the DMS refuses it.
    await runDueJobs(db, jobHandlers(db, config), new Date(), undefined, { only: ['efile.write'] });
    const handOff = await db
      .selectFrom('efile_hand_offs')
      .select(['id', 'status'])
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(handOff.status).toBe('written');
    await mkdir(config.efile.inboxDir, { recursive: true });
    await writeFile(
      join(config.efile.inboxDir, `${handOff.id}_FVDaten.ImportBestaetigen.0630.xml`),
      refusedFvConfirmation(handOff.id),
    );
    expect(await readEfileConfirmations(db, config, new Date())).toMatchObject({ rejected: 1 });

    const admin = await createStaff(db, 'guetersloh', 'admin');
    await portal.context.clearCookies(); // the lead of the first test signs out
    const watched = await portal.openGermanPage('/verwaltung/e-akte');
    const { page } = watched;
    await page.getByRole('heading', { level: 1, name: 'Anmeldung für die Verwaltung' }).waitFor();
    await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(admin.email);
    await page.getByLabel('Passwort', { exact: true }).fill(admin.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Übergaben an die E-Akte' }).waitFor();
    await page.getByRole('link', { name: caseNumber }).waitFor();
    const row = await page.getByRole('row', { name: new RegExp(caseNumber) }).textContent();
    expect(row).toContain('abgelehnt');
    expect(row).toContain('Aktenplaneinheit fehlt');
    await expectNoAxeViolations(page, 'e-file hand-offs');
    await page.getByLabel('Bestätigt', { exact: true }).check();
    await page.getByText('0 Übergaben.').waitFor();
    await page.getByLabel('Nicht bestätigt').check();
    await page.getByRole('link', { name: caseNumber }).click();

    await page.getByRole('button', { name: 'Vorgang öffnen' }).click();
    await page.getByRole('heading', { level: 2, name: 'Verlauf' }).waitFor();
    expect(await page.getByRole('region', { name: 'Verlauf' }).textContent()).toContain(
      'Übergabe fehlgeschlagen',
    );
    // A signed form for the case: first without a file (error summary), then with one.
    await tabToText(page, 'Dokument speichern', 80);
    await page.keyboard.press('Enter');
    const summary = page.getByRole('alert');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Wählen Sie eine Datei aus.');
    await expectNoAxeViolations(page, 'document form with an error summary');
    await page.getByLabel('Dokument hinzufügen').setInputFiles({
      name: 'formular.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(samplePdf('Unterschrift')),
    });
    await tabToText(page, 'Dokument speichern', 20);
    await page.keyboard.press('Enter');
    await page.getByText('Das Dokument ist gespeichert.').waitFor();
    await page.getByRole('link', { name: 'formular.pdf' }).waitFor();
    await tabToText(page, 'An die E-Akte übergeben', 80);
    await page.keyboard.press('Enter');
    await page.getByText('Die Übergabe an die E-Akte ist eingereiht.').waitFor();
    await expectNoAxeViolations(page, 'case handed off again');
    expect(
      await db.selectFrom('efile_hand_offs').select('status').where('case_id', '=', caseId).execute(),
    ).toEqual(expect.arrayContaining([{ status: 'rejected' }, { status: 'queued' }]));

    await page.goto(`${portal.baseUrl}/verwaltung/e-akte`);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hand-offs to the e-file' }).waitFor();
    await page.getByRole('link', { name: caseNumber }).first().waitFor();
    await expectNoAxeViolations(page, 'e-file hand-offs in English');
    expectQuietBrowser(watched);
  }, 180_000);
});
