import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import type { DatabaseHandle } from '../db/connection.ts';
import { createTestDatabase, testDatabaseKinds } from '../../test/support/testDatabase.ts';
import { buildApp } from './app.ts';
import { deleteExpiredRateLimitCounters } from './rateLimitStore.ts';
import { resendLinksPerQuarterHour } from './routes/public/bookingLinkRoutes.ts';

/**
 * Two app instances on one database stand for two processes behind one proxy: with the counters in the
 * database, the limit holds for the deployment, not per process. Each instance keeps nothing of its own.
 */
describe.each(testDatabaseKinds)('rate limits shared through the database (%s)', (kind) => {
  let database: DatabaseHandle;
  const apps: FastifyInstance[] = [];
  const config = { ...loadConfig({ NODE_ENV: 'test' }), rateLimitStore: 'database' as const };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    for (let i = 0; i < 2; i += 1) {
      const app = await buildApp({
        db: database.db,
        config,
        rateLimitPerMinute: 6,
        ...(database.kind === 'postgres' ? { pool: database.pool } : {}),
      });
      await app.ready();
      apps.push(app);
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database?.close();
  });

  const get = (app: FastifyInstance, remoteAddress: string) =>
    app.inject({ method: 'GET', url: '/api/v1/municipality', remoteAddress });

  it('counts the requests of one client across both processes and refuses the seventh with 429 problem+json', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await get(apps[i % 2]!, '203.0.113.7')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    const refused = await get(apps[0]!, '203.0.113.7');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another client still gets through, on either process.
    expect((await get(apps[1]!, '203.0.113.8')).statusCode).toBe(200);
  });

  it('keeps no client address in clear and cleans counters whose window has passed', async () => {
    await get(apps[0]!, '203.0.113.9');
    const rows = await database.db.selectFrom('rate_limit_counters').select(['key', 'hits']).execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.key).not.toContain('203.0.113');
    await deleteExpiredRateLimitCounters(database.db, new Date(Date.now() + 61_000));
    expect(await database.db.selectFrom('rate_limit_counters').select('key').execute()).toEqual([]);
  });

  it("a route's own limit counts apart and holds across processes too (resend my links)", async () => {
    const resend = (app: FastifyInstance) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/bookings/resend-links',
        remoteAddress: '198.51.100.77',
        payload: { code: 'ABCD-EFGH', email: 'niemand@example.org' },
      });
    const statuses: number[] = [];
    for (let i = 0; i <= resendLinksPerQuarterHour; i += 1)
      statuses.push((await resend(apps[i % 2]!)).statusCode);
    expect(statuses).toEqual([...Array<number>(resendLinksPerQuarterHour).fill(202), 429]);
  });
});
