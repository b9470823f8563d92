import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStop, solvedCaptcha, upcomingDate } from '../../test/support/booking.ts';
import { signInAs, type StaffSignIn } from '../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../test/support/testDatabase.ts';
import { findNulCharacter, isCanonicalUuid, needsSmtpUtf8 } from './inputGuards.ts';

const expectProblem = (
  response: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  status: number,
  fields: Record<string, unknown>,
) => {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject(fields);
};

describe('input guards as pure functions', () => {
  it('finds NUL characters in strings and keys at any depth, and names the path', () => {
    expect(findNulCharacter({ name: 'Anna' })).toBeUndefined();
    expect(findNulCharacter({ name: 'An\u0000na' })).toBe('name');
    expect(findNulCharacter({ services: [{ serviceId: 'ok' }, { serviceId: 'x\u0000' }] })).toBe(
      'services.1.serviceId',
    );
    expect(findNulCharacter({ 'a\u0000': 1 })).toBe('a\u0000');
    // A streamed body (a demand layer CSV) is left to its importer, not walked: a request's stream refers to
    // its socket and back, which walked without end.
    const stream = new PassThrough();
    expect(findNulCharacter({ body: Object.assign(stream, { self: stream }) })).toBeUndefined();
    expect(findNulCharacter([1, true, null, 'fine'])).toBeUndefined();
    // A raw file body (a document upload) is bytes, stored as such: not walked byte by byte.
    expect(findNulCharacter(Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00]))).toBeUndefined();
  });

  it('accepts only canonical UUIDs', () => {
    const id = '4f0c2a5e-8d3b-4c1a-9e2f-1a2b3c4d5e6f';
    expect(isCanonicalUuid(id)).toBe(true);
    expect(isCanonicalUuid(id.toUpperCase())).toBe(true);
    for (const bad of [`urn:uuid:${id}`, `{${id}}`, id.replaceAll('-', ''), `${id} `, `${id}0`]) {
      expect(isCanonicalUuid(bad), bad).toBe(false);
    }
  });

  it('knows which addresses need SMTPUTF8: a non-ASCII local part, not an international domain', () => {
    expect(needsSmtpUtf8('jörg@müller.de')).toBe(true);
    expect(needsSmtpUtf8('joerg@müller.de')).toBe(false);
    expect(needsSmtpUtf8('joerg@example.org')).toBe(false);
  });
});

describe.each(testDatabaseKinds)('input the database refuses is a 4xx problem on %s', (kind) => {
  let test: TestApp;
  let planner: StaffSignIn;
  let admin: StaffSignIn;
  const log: string[] = [];
  beforeAll(async () => {
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => log.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    test = await createTestApp(kind, { captchaMaxNumber: 50, logLevel: 'info', logStream });
    planner = await signInAs(test.app, 'planner');
    admin = await signInAs(test.app, 'admin');
  });
  afterAll(async () => test?.close());

  it('refuses a NUL character in every part of a request with 400 naming the field, and logs no stack', async () => {
    const stopId = await createTestStop(test.database.db, { date: upcomingDate(10) });
    const startsAt = DateTime.fromISO(`${upcomingDate(10)}T09:30`, { zone: 'Europe/Berlin' })
      .toUTC()
      .toISO();
    const booking = await test.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      payload: {
        stopId,
        startsAt,
        services: [{ serviceId: 'reisepass-beantragen', quantity: 1 }],
        name: 'Anna\u0000Berg',
        email: 'anna@example.org',
        captcha: await solvedCaptcha(test.app),
      },
    });
    expectProblem(booking, 400, { field: 'name', type: expect.stringContaining('invalid-character') });

    const signIn = await test.app.inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      payload: { email: 'a\u0000@guetersloh.example', password: 'whatever it is' },
    });
    expectProblem(signIn, 400, { field: 'email' });

    expectProblem(await test.app.inject({ method: 'GET', url: '/api/v1/services?q=%00' }), 400, {
      field: 'q',
    });
    expectProblem(await test.app.inject({ method: 'GET', url: '/api/v1/sites/a%00b' }), 400, {
      field: 'siteId',
    });
    const audit = await test.app.inject({
      method: 'GET',
      url: '/api/v1/staff/audit?action=staff.%00&subjectType=x',
      headers: admin.headers,
    });
    expectProblem(audit, 400, { field: 'action' });
    const cancel = await test.app.inject({
      method: 'POST',
      url: `/api/v1/staff/stops/${stopId}/cancel`,
      headers: planner.headers,
      payload: { reason: 'Fahrzeug\u0000defekt' },
    });
    expectProblem(cancel, 400, { field: 'reason' });

    expect(log.some((line) => line.includes('"stack"') || line.includes('request failed'))).toBe(false);
    expect(log.filter((line) => line.includes('"status":500'))).toEqual([]);
  });

  it('refuses urn:uuid: ids with 400 on every kind of id, never 500', async () => {
    const id = crypto.randomUUID();
    const urn = `urn:uuid:${id}`;
    const requests = [
      { method: 'GET', url: `/api/v1/stops/${urn}` },
      { method: 'GET', url: `/api/v1/staff/station/stops/${urn}/figures`, headers: admin.headers },
      { method: 'POST', url: `/api/v1/staff/stops/${urn}/cancel`, headers: planner.headers, payload: {} },
      {
        method: 'PATCH',
        url: `/api/v1/staff/stops/${urn}`,
        headers: planner.headers,
        payload: { counters: 1 },
      },
      {
        method: 'PATCH',
        url: `/api/v1/staff/users/${urn}`,
        headers: admin.headers,
        payload: { role: 'clerk' },
      },
      {
        method: 'POST',
        url: '/api/v1/bookings',
        payload: {
          stopId: urn,
          startsAt: new Date().toISOString(),
          services: [],
          name: 'Ab',
          email: 'a@b.de',
          captcha: 'x'.repeat(20),
        },
      },
    ] as const;
    for (const request of requests) {
      const response = await test.app.inject(request);
      expect(response.statusCode, `${request.method} ${request.url}`).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    // The canonical form of the same id is simply not found.
    const found = await test.app.inject({ method: 'GET', url: `/api/v1/stops/${id}` });
    expect(found.statusCode).toBe(404);
  });

  it('refuses stops dated in the past, created or moved, with 422 naming the date', async () => {
    const yesterday = DateTime.now().setZone('Europe/Berlin').minus({ days: 1 }).toISODate()!;
    const created = await test.app.inject({
      method: 'POST',
      url: '/api/v1/staff/stops',
      headers: planner.headers,
      payload: {
        unitId: 'rathausmobil',
        siteId: 'stadtbibliothek',
        date: yesterday,
        startTime: '09:00',
        endTime: '12:00',
      },
    });
    expectProblem(created, 422, { field: 'date', type: expect.stringContaining('stop-in-past') });

    const date = upcomingDate(30);
    const stopId = await createTestStop(test.database.db, { date, siteId: 'kreishaus' });
    const moved = await test.app.inject({
      method: 'PATCH',
      url: `/api/v1/staff/stops/${stopId}`,
      headers: planner.headers,
      payload: { date: yesterday },
    });
    expectProblem(moved, 422, { field: 'date' });
    const stillThere = await test.database.db
      .selectFrom('stops')
      .select('local_date')
      .where('id', '=', stopId)
      .executeTakeFirstOrThrow();
    expect(String(stillThere.local_date)).toBe(date);
  });
});

describe('request heads over the limit', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp('pglite');
    await test.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => test?.close());

  const rawRequest = (head: string) =>
    new Promise<string>((resolve, reject) => {
      const { port } = test.app.server.address() as { port: number };
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
      socket.on('close', () => resolve(answer));
      socket.on('error', (error) => (answer ? resolve(answer) : reject(error)));
      socket.write(head);
    });

  it('answers a request line over the limit with 431 problem+json', async () => {
    const answer = await rawRequest(
      `GET /api/v1/services?q=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    expect(body).toMatchObject({ status: 431, title: 'Request Header Fields Too Large' });
  });

  it('answers headers over the limit with 431 problem+json', async () => {
    const answer = await rawRequest(
      `GET /health HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'y'.repeat(20_000)}\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
  });

  it('answers an unreadable request with 400 problem+json', async () => {
    const answer = await rawRequest('NOT A REQUEST\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
  });
});

describe('international e-mail addresses when the mail server has no SMTPUTF8', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp('pglite', {
      captchaMaxNumber: 50,
      smtpUrl: 'smtp://127.0.0.1:9',
      smtpUtf8: false,
    });
  });
  afterAll(async () => test?.close());

  const join = async (email: string) =>
    test.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      payload: {
        stopId: crypto.randomUUID(),
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        services: [{ serviceId: 'reisepass-beantragen', quantity: 1 }],
        name: 'Jörg Müller',
        email,
        captcha: await solvedCaptcha(test.app),
      },
    });

  it('refuses a non-ASCII local part with a 422 that explains why, and takes an international domain', async () => {
    const refused = await join('jörg@müller.de');
    expectProblem(refused, 422, { field: 'email', type: expect.stringContaining('email-needs-smtputf8') });
    expect(refused.json().detail).toMatch(/SMTPUTF8/);
    // The domain alone is no problem: it goes out as punycode. (The stop does not exist: 404, not 422.)
    const domainOnly = await join('joerg@müller.de');
    expect(domainOnly.statusCode).toBe(404);
  });
});
