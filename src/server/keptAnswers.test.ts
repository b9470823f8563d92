import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import helmet from '@fastify/helmet';
import Fastify from 'fastify';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStop, solvedCaptcha, upcomingDate } from '../../test/support/booking.ts';
import { createTestApp, type TestApp } from '../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../test/support/testDatabase.ts';
import { securityHeadersFor } from './plugins/securityHeaders.ts';

/**
 * The availability kept in memory with its compressed forms, the security headers worked out once at start and
 * the schemas compiled on first use (bench:booking, bench:startup): what a client receives stays the same.
 */
describe.each(testDatabaseKinds)('kept answers on %s', (kind) => {
  let test: TestApp;
  let date: string;
  let stopId: string;
  beforeAll(async () => {
    test = await createTestApp(kind, { availabilityInMemory: true });
    date = upcomingDate(23, 2);
    stopId = await createTestStop(test.database.db, {
      siteId: 'stadtbibliothek',
      date,
      startTime: '09:00',
      endTime: '17:00',
    });
  });
  afterAll(async () => test?.close());

  const url = () =>
    `/api/v1/availability?services=personalausweis-beantragen:1&siteId=stadtbibliothek&from=${date}&to=${date}`;
  const get = (encoding?: string) =>
    test.app.inject({
      method: 'GET',
      url: url(),
      headers: encoding ? { 'accept-encoding': encoding } : {},
    });

  it('sends the same answer as Brotli, gzip and plain, compressed once; a change forgets the compressed bytes too', async () => {
    const plain = await get();
    const brotli = await get('br, gzip');
    const gzip = await get('gzip');
    const brotliAgain = await get('br');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(brotliDecompressSync(brotli.rawPayload).toString('utf8')).toBe(plain.body);
    expect(gunzipSync(gzip.rawPayload).toString('utf8')).toBe(plain.body);
    // The kept bytes themselves, not a second compression.
    expect(brotliAgain.rawPayload.equals(brotli.rawPayload)).toBe(true);
    for (const answer of [brotli, gzip, brotliAgain]) {
      expect(answer.headers.etag).toBe(plain.headers.etag);
      expect(answer.headers.vary).toBe('accept-encoding');
    }
    const before = plain.json() as { stops: { slots: { startsAt: string }[] }[] };
    const firstSlot = before.stops[0]!.slots[0]!.startsAt;
    expect(firstSlot).toBe(DateTime.fromISO(`${date}T09:00`, { zone: 'Europe/Berlin' }).toUTC().toISO());

    // Both counters of the first slot taken: the slot leaves the answer, in every encoding.
    for (const email of ['erste@example.org', 'zweite@example.org']) {
      const held = await test.app.inject({
        method: 'POST',
        url: '/api/v1/bookings',
        payload: {
          stopId,
          startsAt: firstSlot,
          services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
          name: 'Erika Mustermann',
          email,
          captcha: await solvedCaptcha(test.app),
        },
      });
      expect(held.statusCode).toBe(201);
    }
    const brotliAfter = await get('br');
    const gzipAfter = await get('gzip');
    const plainAfter = await get();
    expect(brotliAfter.headers.etag).not.toBe(plain.headers.etag);
    expect(plainAfter.headers.etag).toBe(brotliAfter.headers.etag);
    expect(brotliDecompressSync(brotliAfter.rawPayload).toString('utf8')).toBe(plainAfter.body);
    expect(gunzipSync(gzipAfter.rawPayload).toString('utf8')).toBe(plainAfter.body);
    const after = plainAfter.json() as typeof before;
    expect(after.stops[0]!.slots.map((slot) => slot.startsAt)).not.toContain(firstSlot);
    expect(after.stops[0]!.slots.length).toBeLessThan(before.stops[0]!.slots.length);
  });

  it('sets exactly the headers @fastify/helmet sets, on answers, problems and refusals alike', async () => {
    // The same plugin and options on an app of its own.
    const reference = Fastify();
    await reference.register(helmet, {
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"] } },
      strictTransportSecurity: false,
      crossOriginEmbedderPolicy: false,
    });
    reference.get('/', async () => 'x');
    const expected = (await reference.inject('/')).headers;
    await reference.close();
    const computed = await securityHeadersFor({
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"] } },
      strictTransportSecurity: false,
      crossOriginEmbedderPolicy: false,
    });
    expect(Object.keys(computed).length).toBeGreaterThan(5);
    for (const [name, value] of Object.entries(computed)) expect(expected[name]).toBe(value);

    const headersOfApp = await securityHeadersFor({ crossOriginEmbedderPolicy: false });
    for (const answer of [
      await get('br'),
      await test.app.inject({ method: 'GET', url: '/api/v1/nowhere' }),
    ]) {
      expect(answer.headers['content-security-policy']).toMatch(/^default-src 'self';/);
      expect(answer.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['cross-origin-opener-policy']).toBe(headersOfApp['cross-origin-opener-policy']);
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('compiles every route’s validators and serialisers when asked to at start, with the same answers', async () => {
    const eager = await createTestApp(kind, { availabilityInMemory: true, compileSchemasEagerly: true });
    try {
      for (const path of ['/api/v1/services', '/api/v1/sites', '/api/v1/districts']) {
        const lazyAnswer = await test.app.inject({ method: 'GET', url: path });
        const eagerAnswer = await eager.app.inject({ method: 'GET', url: path });
        expect(lazyAnswer.statusCode).toBe(200);
        expect(eagerAnswer.body).toBe(lazyAnswer.body);
      }
      // A query that breaks the schema is refused the same way by both.
      const bad = '/api/v1/availability?services=personalausweis-beantragen:1&from=gestern';
      const lazyRefusal = await test.app.inject({ method: 'GET', url: bad });
      const eagerRefusal = await eager.app.inject({ method: 'GET', url: bad });
      expect(lazyRefusal.statusCode).toBe(400);
      expect(eagerRefusal.json()).toEqual(lazyRefusal.json());
    } finally {
      await eager.close();
    }
  });
});
