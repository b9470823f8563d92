import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { jobHandlers } from '../src/server/jobs/jobHandlers.ts';
import { runDueJobs } from '../src/server/jobs/jobRunner.ts';
import { emitCaseEvent } from '../src/server/webhooks/caseEvents.ts';
import { verifyWebhook } from '../src/server/webhooks/verifyWebhook.ts';
import { municipalityId } from '../test/support/booking.ts';
import { createStaff } from '../test/support/staffSession.ts';
import {
  expectNoAxeViolations,
  expectQuietBrowser,
  startPortal,
  tabToSelector,
  tabToText,
  type Portal,
} from './support/browser.ts';
import { signIn } from './support/staff.ts';

let portal: Portal;
let healthy = false;
const received: { headers: IncomingMessage['headers']; body: string }[] = [];
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
    response.statusCode = healthy ? 204 : 500;
    response.end();
  });
});
let hookUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/fachverfahren/ereignisse`;
  // One attempt: the first failure is a dead letter at once.
  portal = await startPortal({
    webhooks: { ...loadConfig({ NODE_ENV: 'test' }).webhooks, maxAttempts: 1 },
  });
});

afterAll(async () => {
  await portal?.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('webhooks for specialist procedures', () => {
  it('an admin sets up a webhook by keyboard, sees the secret once, sends a dead letter again and deactivates it; axe-core reports zero violations in German and English', async () => {
    const db = portal.test.database.db;
    const admin = await createStaff(db, 'guetersloh', 'admin');
    const watched = await portal.openGermanPage('/verwaltung');
    const { page } = watched;
    await signIn(page, admin.email, admin.password);
    await page.getByRole('heading', { level: 1, name: 'Verwaltung' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Verwaltung' })
      .getByRole('link', { name: 'Webhooks für Fachverfahren' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks für Fachverfahren' }).waitFor();
    await page.getByText('Noch ist kein Webhook eingerichtet.').first().waitFor();
    await expectNoAxeViolations(page, 'webhooks page, empty');

    // By keyboard: send the empty form; the error summary names the address and the events.
    await tabToText(page, 'Webhook einrichten', 80);
    await page.keyboard.press('Enter');
    const summary = page.getByRole('alert');
    await summary.waitFor();
    await expect.poll(() => summary.textContent()).toContain('Geben Sie die Adresse des Fachverfahrens ein.');
    expect(await summary.textContent()).toContain('Wählen Sie mindestens ein Ereignis.');
    await expectNoAxeViolations(page, 'webhooks page with an error summary');

    // A plain http address elsewhere than localhost is refused before it is sent.
    await page.getByLabel('Adresse des Fachverfahrens', { exact: true }).focus();
    await page.keyboard.type('ftp://fachverfahren.example/');
    await tabToSelector(page, '#webhook-event-created');
    await page.keyboard.press('Space');
    await tabToText(page, 'Webhook einrichten');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Die Adresse muss mit https:// beginnen.');

    await page.getByLabel('Adresse des Fachverfahrens', { exact: true }).fill(hookUrl);
    await page.getByLabel('Beschreibung (freiwillig)', { exact: true }).focus();
    await page.keyboard.type('Fachverfahren Meldewesen');
    await tabToText(page, 'Webhook einrichten');
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: `Der Webhook für „${hookUrl}“ ist eingerichtet.` })
      .waitFor();
    const secretRegion = page.getByRole('region', { name: 'Geheimer Schlüssel des neuen Webhooks' });
    const secret = (await secretRegion.locator('code').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    const table = page.getByRole('table', { name: '1 Webhook' });
    await table
      .getByRole('row', { name: new RegExp(hookUrl) })
      .getByText('Vorgang angelegt')
      .waitFor();
    await expectNoAxeViolations(page, 'webhooks page with the new secret');

    // A case event; the receiver fails, so with one attempt the delivery is dead.
    const mid = await municipalityId(db);
    const caseId = crypto.randomUUID();
    await db.transaction().execute((trx) =>
      emitCaseEvent(trx, {
        municipalityId: mid,
        departmentId: null,
        serviceId: null,
        type: 'de.mobiles-rathaus.case.created',
        caseId,
        data: { caseNumber: '2026-000042', status: 'open' },
      }),
    );
    const handlers = jobHandlers(db, portal.test.config);
    await runDueJobs(db, handlers, new Date(), undefined, { only: ['webhook.deliver'] });
    expect(received).toHaveLength(1);

    // After a reload the secret is gone for good; the dead letter is listed. In English.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Webhooks für Fachverfahren' }).waitFor();
    expect(await page.getByText(secret).count()).toBe(0);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks for specialist procedures' }).waitFor();
    const dead = page.getByRole('table', { name: '1 failed delivery' });
    await dead.getByText(`Case ${caseId}`).waitFor();
    await dead.getByText('http_status: 500').waitFor();
    await expectNoAxeViolations(page, 'webhooks page in English with a dead letter');

    healthy = true;
    await tabToSelector(page, 'section[aria-labelledby="webhooks-dead"] table button', 120);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: '“Case created” is being sent again.' }).waitFor();
    await page.getByText('No failed deliveries.').waitFor();
    await runDueJobs(db, handlers, new Date(), undefined, { only: ['webhook.deliver'] });
    expect(received).toHaveLength(2);
    const last = received[1]!;
    const verified = verifyWebhook(secret, last.headers, last.body);
    expect(verified).toMatchObject({
      ok: true,
      event: { subject: caseId, type: 'de.mobiles-rathaus.case.created' },
    });

    // Deactivate: asked first, then done.
    await page.getByRole('button', { name: `Deactivate “${hookUrl}”` }).click();
    await page.getByRole('group', { name: `Deactivate “${hookUrl}”?` }).waitFor();
    await expectNoAxeViolations(page, 'webhooks page asking before deactivating');
    await page.getByRole('button', { name: 'Yes, deactivate' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `“${hookUrl}” is deactivated.` })
      .waitFor();
    await page.getByRole('table', { name: '1 webhook' }).getByText('Deactivated').waitFor();
    await expectNoAxeViolations(page, 'webhooks page with a deactivated webhook');
    expectQuietBrowser(watched);
  });
});
