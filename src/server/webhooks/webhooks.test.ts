import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type StaffSignIn } from '../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../test/support/testDatabase.ts';
import { importCatalogue } from '../commands/catalogueImporter.ts';
import { jobHandlers } from '../jobs/jobHandlers.ts';
import { runDueJobs } from '../jobs/jobRunner.ts';
import { emitCaseEvent } from './caseEvents.ts';
import { verifyWebhook } from './verifyWebhook.ts';

const WEBHOOKS = '/api/v1/staff/webhooks';
const DELIVERIES = '/api/v1/staff/webhooks/deliveries';
const CREATED = 'de.mobiles-rathaus.case.created';
const STEP = 'de.mobiles-rathaus.case.step-completed';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A specialist procedure's endpoint on 127.0.0.1: answers with the status `answer` picks, keeps every request. */
async function receiver(answer: (request: Received, index: number) => number) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      response.statusCode = answer(entry, received.length - 1);
      // A body a receiver might send back (with personal data, say): never kept or logged.
      response.end('{"citizen":"Erika Mustermann"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/cases`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(testDatabaseKinds)('webhooks to specialist procedures on %s', (kind) => {
  let test: TestApp;
  let admin: StaffSignIn;
  let municipalityId: string;
  let departmentId: string;
  let serviceId: string;
  let otherDepartmentId: string;
  const servers: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    test = await createTestApp(kind, {
      webhooks: {
        ...(await import('../../config.ts')).loadConfig({ NODE_ENV: 'test' }).webhooks,
        maxAttempts: 3,
        baseDelayMs: 60_000,
        timeoutMs: 5_000,
      },
    });
    admin = await signInAs(test.app, 'admin');
    municipalityId = admin.user.municipalityId;
    const services = await test.database.db
      .selectFrom('services')
      .select(['id', 'department_id'])
      .where('municipality_id', '=', municipalityId)
      .where('department_id', 'is not', null)
      .orderBy('id')
      .execute();
    serviceId = services[0]!.id;
    departmentId = services[0]!.department_id!;
    otherDepartmentId = services.find((service) => service.department_id !== departmentId)!.department_id!;
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  afterAll(async () => test?.close());

  const db = () => test.database.db;
  const handlers = () => jobHandlers(db(), test.config);
  const inject = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    who: StaffSignIn,
    payload?: object,
  ) => test.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });

  async function createHook(url: string, extra: Record<string, unknown> = {}, who = admin) {
    const response = await inject('POST', WEBHOOKS, who, { url, eventTypes: [CREATED, STEP], ...extra });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ webhook: { id: string }; secret: string }>();
  }

  async function emit(type: typeof CREATED | typeof STEP, caseId: string) {
    return db()
      .transaction()
      .execute((trx) =>
        emitCaseEvent(trx, {
          municipalityId,
          departmentId,
          serviceId,
          type,
          caseId,
          data: { caseNumber: `2026-${caseId.slice(0, 4)}`, status: 'open', step: 'intake' },
        }),
      );
  }

  /** Runs the due webhook jobs at `now` until none is left (the test's own clock: no sleeping). */
  async function runJobs(now: Date) {
    while ((await runDueJobs(db(), handlers(), now, undefined, { only: ['webhook.deliver'] })) > 0);
  }

  it('delivers signed CloudEvents that the verifier accepts, and refuses a replay as a duplicate', async () => {
    const endpoint = await receiver(() => 204);
    servers.push(endpoint);
    const { webhook, secret } = await createHook(endpoint.url, {
      departmentId,
      description: 'Fachverfahren',
    });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    // The secret is shown once: the list never carries it, and it is stored encrypted.
    const listed = await inject('GET', WEBHOOKS, admin);
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain(secret.slice(6));
    const stored = await db()
      .selectFrom('webhooks')
      .select('secret_encrypted')
      .where('id', '=', webhook.id)
      .executeTakeFirstOrThrow();
    expect(stored.secret_encrypted).not.toContain(secret.slice(6));
    const audit = await db()
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('subject_id', '=', webhook.id)
      .execute();
    expect(audit.map((event) => event.action)).toEqual(['webhook.created']);
    expect(JSON.stringify(audit)).not.toContain(secret.slice(6));

    const caseId = crypto.randomUUID();
    const emitted = await emit(CREATED, caseId);
    expect(emitted.deliveries).toBeGreaterThanOrEqual(1);
    await runJobs(new Date());
    const mine = endpoint.received;
    expect(mine).toHaveLength(1);
    const [request] = mine;
    expect(request!.headers['content-type']).toMatch(/^application\/cloudevents\+json/);
    expect(request!.headers['webhook-id']).toBe(emitted.eventId);
    expect(request!.headers['webhook-signature']).toMatch(/^v1,/);

    const seen = new Set<string>();
    const verified = verifyWebhook(secret, request!.headers, request!.body, {
      toleranceSeconds: 300,
      seen: (id) => seen.has(id),
    });
    expect(verified.ok).toBe(true);
    if (!verified.ok) return;
    seen.add(verified.id);
    expect(verified.event).toEqual({
      specversion: '1.0',
      id: emitted.eventId,
      source: 'urn:mobiles-rathaus:guetersloh',
      type: CREATED,
      subject: caseId,
      time: expect.any(String),
      datacontenttype: 'application/json',
      data: {
        caseId,
        serviceId,
        departmentId,
        caseNumber: `2026-${caseId.slice(0, 4)}`,
        status: 'open',
        step: 'intake',
      },
    });
    // The replay: same headers, same body. Refused as a duplicate.
    expect(verifyWebhook(secret, request!.headers, request!.body, { seen: (id) => seen.has(id) })).toEqual({
      ok: false,
      reason: 'duplicate',
    });
    // A tampered body or another secret fails the signature; an old timestamp falls out of the window.
    expect(verifyWebhook(secret, request!.headers, request!.body.replace('open', 'done')).ok).toBe(false);
    expect(
      verifyWebhook('whsec_' + Buffer.alloc(32, 7).toString('base64'), request!.headers, request!.body),
    ).toEqual({ ok: false, reason: 'bad_signature' });
    expect(
      verifyWebhook(secret, request!.headers, request!.body, { now: new Date(Date.now() + 3_600_000) }),
    ).toEqual({ ok: false, reason: 'timestamp_out_of_window' });

    const deliveries = await inject('GET', `${DELIVERIES}?webhookId=${webhook.id}`, admin);
    expect(deliveries.json().items).toEqual([
      expect.objectContaining({ eventId: emitted.eventId, caseId, status: 'delivered', attempts: 1 }),
    ]);
    expect(deliveries.body).not.toContain('Mustermann');
  });

  it('retries a failing receiver with growing, jittered waits and delivers on the third attempt', async () => {
    const endpoint = await receiver((_, index) => (index < 2 ? 503 : 200));
    servers.push(endpoint);
    const { webhook, secret } = await createHook(endpoint.url, { serviceId });
    const emitted = await emit(STEP, crypto.randomUUID());
    const delivery = () =>
      db()
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('webhook_id', '=', webhook.id)
        .where('event_id', '=', emitted.eventId)
        .executeTakeFirstOrThrow();

    const start = new Date();
    await runJobs(start);
    let row = await delivery();
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: 'http_status: 503' });
    const firstWait = new Date(row.next_attempt_at!).getTime() - start.getTime();
    expect(firstWait).toBeGreaterThanOrEqual(60_000);
    expect(firstWait).toBeLessThanOrEqual(72_000);

    // Not due before its time: nothing is sent.
    await runJobs(new Date(start.getTime() + 30_000));
    expect(endpoint.received).toHaveLength(1);

    const second = new Date(row.next_attempt_at!.getTime());
    await runJobs(second);
    row = await delivery();
    expect(row).toMatchObject({ status: 'pending', attempts: 2 });
    const secondWait = new Date(row.next_attempt_at!).getTime() - second.getTime();
    expect(secondWait).toBeGreaterThanOrEqual(120_000);
    expect(secondWait).toBeLessThanOrEqual(144_000);

    await runJobs(new Date(row.next_attempt_at!.getTime()));
    row = await delivery();
    expect(row).toMatchObject({ status: 'delivered', attempts: 3, last_error: null, last_status_code: 200 });
    expect(endpoint.received).toHaveLength(3);
    // Every attempt carries the same id (so the receiver can deduplicate) and its own valid signature.
    const ids = endpoint.received.map((request) => request.headers['webhook-id']);
    expect(new Set(ids)).toEqual(new Set([emitted.eventId]));
    const last = endpoint.received[2]!;
    expect(verifyWebhook(secret, last.headers, last.body, { now: row.delivered_at! }).ok).toBe(true);
  });

  it('marks a delivery dead after the last attempt, lists it as a dead letter, and redelivers it', async () => {
    let healthy = false;
    const endpoint = await receiver(() => (healthy ? 200 : 500));
    servers.push(endpoint);
    const { webhook } = await createHook(endpoint.url, { departmentId, serviceId });
    const emitted = await emit(CREATED, crypto.randomUUID());
    let now = new Date();
    for (let attempt = 0; attempt < 3; attempt++) {
      await runJobs(now);
      now = new Date(now.getTime() + 6 * 3_600_000);
    }
    const dead = await inject('GET', `${DELIVERIES}?status=dead&webhookId=${webhook.id}`, admin);
    expect(dead.statusCode).toBe(200);
    const letter = dead
      .json<{
        items: { id: string; eventId: string; status: string; attempts: number; lastError: string }[];
      }>()
      .items.find((item) => item.eventId === emitted.eventId);
    expect(letter).toMatchObject({ status: 'dead', attempts: 3, lastError: 'http_status: 500' });
    expect(endpoint.received).toHaveLength(3);
    const list = await inject('GET', WEBHOOKS, admin);
    expect(list.json().items.find((item: { id: string }) => item.id === webhook.id)).toMatchObject({
      deadDeliveries: 1,
    });

    // Redelivering a delivered one is refused; the dead one goes out again with the same event id.
    healthy = true;
    const redelivered = await inject('POST', `${DELIVERIES}/${letter!.id}/redeliver`, admin);
    expect(redelivered.statusCode, redelivered.body).toBe(200);
    expect(redelivered.json()).toMatchObject({ status: 'pending', attempts: 0 });
    await runJobs(new Date(now.getTime() + 1000));
    const after = await inject('GET', `${DELIVERIES}?webhookId=${webhook.id}`, admin);
    expect(after.json().items[0]).toMatchObject({
      status: 'delivered',
      attempts: 1,
      eventId: emitted.eventId,
    });
    expect(endpoint.received.at(-1)!.headers['webhook-id']).toBe(emitted.eventId);
    const again = await inject('POST', `${DELIVERIES}/${letter!.id}/redeliver`, admin);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'delivery_not_dead', field: 'deliveryId' });
    const audit = await db()
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', letter!.id)
      .execute();
    expect(audit.map((event) => event.action)).toEqual(['webhook_delivery.redelivered']);
  });

  it('sends nothing to a deactivated webhook or for other departments, services and event types', async () => {
    const endpoint = await receiver(() => 200);
    servers.push(endpoint);
    const { webhook } = await createHook(endpoint.url, {
      departmentId: otherDepartmentId,
      eventTypes: [STEP],
    });
    await emit(STEP, crypto.randomUUID());
    await runJobs(new Date());
    expect(endpoint.received).toHaveLength(0);
    const rows = await db()
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('webhook_id', '=', webhook.id)
      .execute();
    expect(rows).toEqual([]);

    const mine = await createHook(endpoint.url, { departmentId, eventTypes: [STEP] });
    const off = await inject('PATCH', `${WEBHOOKS}/${mine.webhook.id}`, admin, { active: false });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ active: false });
    await emit(STEP, crypto.randomUUID());
    await runJobs(new Date());
    expect(endpoint.received).toHaveLength(0);
    const audit = await db()
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('subject_id', '=', mine.webhook.id)
      .orderBy('id')
      .execute();
    expect(audit.map((event) => event.action)).toEqual(['webhook.created', 'webhook.updated']);

    const removed = await inject('DELETE', `${WEBHOOKS}/${mine.webhook.id}`, admin);
    expect(removed.statusCode).toBe(204);
    expect(
      (await inject('GET', WEBHOOKS, admin)).json().items.map((item: { id: string }) => item.id),
    ).not.toContain(mine.webhook.id);
  });

  it('follows no redirect, and an attempt whose worker died is taken up again when its lease runs out', async () => {
    const elsewhere = await receiver(() => 200);
    servers.push(elsewhere);
    const redirecting = await receiver(() => 307);
    servers.push(redirecting);
    const { webhook } = await createHook(redirecting.url, { departmentId, eventTypes: [CREATED] });
    const emitted = await emit(CREATED, crypto.randomUUID());
    const delivery = () =>
      db()
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('webhook_id', '=', webhook.id)
        .where('event_id', '=', emitted.eventId)
        .executeTakeFirstOrThrow();
    const start = new Date();
    await runJobs(start);
    expect(redirecting.received).toHaveLength(1);
    expect(elsewhere.received).toHaveLength(0);
    expect(await delivery()).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'redirect_not_followed: 307',
    });

    // A worker took the next attempt (the lease is set) and died before sending: the job finds the lease,
    // queues the attempt for when it runs out, and then it goes out.
    const leaseUntil = new Date(start.getTime() + 3_600_000);
    await db()
      .updateTable('webhook_deliveries')
      .set({ next_attempt_at: leaseUntil })
      .where('id', '=', (await delivery()).id)
      .execute();
    await runJobs(new Date(start.getTime() + 1_800_000));
    expect(redirecting.received).toHaveLength(1);
    const leaseJob = await db()
      .selectFrom('jobs')
      .select(['status', 'run_at'])
      .where('unique_key', '=', `webhook.deliver:${(await delivery()).id}:${leaseUntil.getTime()}`)
      .executeTakeFirstOrThrow();
    expect(leaseJob.status).toBe('pending');
    expect(new Date(leaseJob.run_at).getTime()).toBe(leaseUntil.getTime());
    await runJobs(leaseUntil);
    expect(redirecting.received).toHaveLength(2);
    expect(await delivery()).toMatchObject({ status: 'pending', attempts: 2 });
    expect(elsewhere.received).toHaveLength(0);
  });

  it('refuses case event data that would carry personal details', async () => {
    await expect(
      db()
        .transaction()
        .execute((trx) =>
          emitCaseEvent(trx, {
            municipalityId,
            departmentId,
            serviceId,
            type: CREATED,
            caseId: crypto.randomUUID(),
            data: { caseNumber: '1', name: 'Erika Mustermann' },
          }),
        ),
    ).rejects.toThrow(/must not carry "name"/);
  });

  it('refuses bad input with problem+json naming the field', async () => {
    const problemOf = async (payload: object, who = admin) => {
      const response = await inject('POST', WEBHOOKS, who, payload);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      return { status: response.statusCode, ...response.json<{ code: string; field?: string }>() };
    };
    expect(
      await problemOf({ url: 'https://fv.example/hook', eventTypes: ['de.mobiles-rathaus.case.deleted'] }),
    ).toMatchObject({
      status: 422,
      code: 'unknown_event_type',
      field: 'eventTypes[0]',
    });
    expect(await problemOf({ url: 'ftp://fv.example/hook', eventTypes: [CREATED] })).toMatchObject({
      status: 422,
      code: 'invalid_webhook_url',
      field: 'url',
    });
    expect(await problemOf({ url: 'https://user:pw@fv.example/hook', eventTypes: [CREATED] })).toMatchObject({
      code: 'invalid_webhook_url',
      field: 'url',
    });
    expect(await problemOf({ url: 'http://fv.example/hook', eventTypes: [CREATED] })).toMatchObject({
      code: 'invalid_webhook_url',
      field: 'url',
    });

    // Another municipality's department is unknown here.
    await importCatalogue(db(), {
      kind: 'municipality',
      file: 'hookstadt.json',
      format: 'json',
      text: JSON.stringify({ slug: 'hookstadt', name: 'Hookstadt', hostnames: ['hookstadt.example'] }),
      municipality: 'hookstadt',
      actor: 'test',
    });
    const other = await db()
      .selectFrom('municipalities')
      .select('id')
      .where('slug', '=', 'hookstadt')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('departments')
      .values({
        municipality_id: other.id,
        id: 'nur-in-hookstadt',
        name_de: 'Hook',
        name_en: 'Hook',
        sources: [],
        confidence: 'high',
      })
      .execute();
    expect(
      await problemOf({
        url: 'https://fv.example/hook',
        eventTypes: [CREATED],
        departmentId: 'nur-in-hookstadt',
      }),
    ).toMatchObject({ status: 422, code: 'unknown_department', field: 'departmentId' });

    // A department lead registers only for an own department, and sees only its webhooks.
    const lead = await signInAs(test.app, 'department');
    await db()
      .insertInto('staff_user_departments')
      .values({ municipality_id: municipalityId, user_id: lead.user.id, department_id: departmentId })
      .execute();
    expect(await problemOf({ url: 'https://fv.example/hook', eventTypes: [CREATED] }, lead)).toMatchObject({
      status: 403,
      code: 'department_scope',
      field: 'departmentId',
    });
    expect(
      await problemOf(
        { url: 'https://fv.example/hook', eventTypes: [CREATED], departmentId: otherDepartmentId },
        lead,
      ),
    ).toMatchObject({ status: 403, code: 'department_scope', field: 'departmentId' });
    const own = await createHook('https://fv.example/hook', { departmentId }, lead);
    const foreign = await createHook('https://fv.example/other', { departmentId: otherDepartmentId });
    const seen = (await inject('GET', WEBHOOKS, lead)).json<{
      items: { id: string; departmentId: string }[];
    }>().items;
    expect(seen.map((item) => item.id)).toContain(own.webhook.id);
    expect(seen.every((item) => item.departmentId === departmentId)).toBe(true);
    const patchForeign = await inject('PATCH', `${WEBHOOKS}/${foreign.webhook.id}`, lead, { active: false });
    expect(patchForeign.statusCode).toBe(404);
    expect(patchForeign.json()).toMatchObject({ code: 'not_found', field: 'webhookId' });
    expect((await inject('DELETE', `${WEBHOOKS}/${foreign.webhook.id}`, lead)).statusCode).toBe(404);
  });

  it('in production mode refuses a plain http address, even to localhost', async () => {
    const production = await createTestApp(kind, {
      webhooks: { ...test.config.webhooks, allowHttpLocalhost: false },
    });
    try {
      const who = await signInAs(production.app, 'admin');
      const response = await production.app.inject({
        method: 'POST',
        url: WEBHOOKS,
        headers: who.headers,
        payload: { url: 'http://127.0.0.1:9/hook', eventTypes: [CREATED] },
      });
      expect(response.statusCode).toBe(422);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ code: 'invalid_webhook_url', field: 'url' });
      expect(await production.database.db.selectFrom('webhooks').select('id').execute()).toEqual([]);
    } finally {
      await production.close();
    }
  });
});
