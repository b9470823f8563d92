import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/connection.ts';
import { createEmptyPostgresDatabase, postgresKinds } from '../../test/support/testDatabase.ts';
import { buildApp } from './app.ts';
import { isDatabaseUnavailable } from './dbErrors.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('recognising an unreachable database', () => {
  it('tells connection loss from faults in a request', () => {
    for (const error of [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('connection failure'), { code: '08006' }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new AggregateError([Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })]),
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(true);
    }
    for (const error of [
      Object.assign(new Error('duplicate key'), { code: '23505' }),
      Object.assign(new Error('invalid input syntax'), { code: '22P02' }),
      new Error('no handler for job kind x'),
      undefined,
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
  });
});

describe('while the database cannot be reached', () => {
  it('answers 503 problem+json with Retry-After, stays alive, and the job runner backs off', async () => {
    const port = await freePort();
    // Nothing listens on this port: every connection attempt is refused.
    const handle = await openDatabase({
      kind: 'postgres',
      url: `postgres://postgres@127.0.0.1:${port}/none`,
    });
    const logStream = new PassThrough();
    const lines: Record<string, unknown>[] = [];
    logStream.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    });
    const config = { ...loadConfig({ NODE_ENV: 'test' }), logLevel: 'info', jobPollMs: 50 };
    const app = await buildApp({ db: handle.db, config, logStream, runJobs: true });
    try {
      for (const url of ['/api/v1/services', '/api/v1/stops', '/ready']) {
        const response = await app.inject({ method: 'GET', url });
        expect(response.statusCode).toBe(503);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.headers['retry-after']).toBe('5');
        expect(response.json().status).toBe(503);
      }
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      // Each lane waits twice as long after each failure, up to the cap (60 s by default; the 5th retry is 1.6 s).
      const retries = () =>
        lines
          .filter(
            (line) => line.msg === 'database unavailable: job lane backs off' && line.lane === 'mail.send',
          )
          .map((line) => line.retryInMs);
      await vi.waitFor(() => expect(retries().length).toBeGreaterThanOrEqual(4), {
        timeout: 30_000,
        interval: 100,
      });
      expect(retries().slice(0, 4)).toEqual([100, 200, 400, 800]);
      expect(lines.some((line) => line.level === 50)).toBe(false);
    } finally {
      await app.close();
      await handle.close();
    }
  });
});

describe.each(postgresKinds)('connections ended by %s (pg_terminate_backend)', () => {
  const webDir = mkdtempSync(join(tmpdir(), 'mr-conn-web-'));
  afterAll(() => rmSync(webDir, { recursive: true, force: true }));

  it('the server process survives, answers 503 or succeeds meanwhile, and recovers by itself', async () => {
    const database = await createEmptyPostgresDatabase();
    const databaseName = new URL(database.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: database.url,
        WEB_DIR: webDir,
        JOB_POLL_MS: '100',
        SEED_SAMPLE_SCHEDULES: 'false',
      },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    let exitCode: number | null | undefined;
    const exited = new Promise<void>((resolve) =>
      child.on('exit', (code) => {
        exitCode = code;
        resolve();
      }),
    );
    const base = `http://127.0.0.1:${port}`;
    const terminateAll = async () =>
      (
        await admin.query(
          'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [databaseName],
        )
      ).rows[0].n as number;
    try {
      await vi.waitFor(
        async () => {
          expect(exitCode).toBeUndefined();
          expect((await fetch(`${base}/ready`)).status).toBe(200);
        },
        { timeout: 240_000, interval: 200 },
      );

      // Requests run in a loop while every backend of the database is ended, three times.
      const statuses: number[] = [];
      const problems: string[] = [];
      let loading = true;
      const worker = async () => {
        const urls = ['/api/v1/services', '/api/v1/districts', '/api/v1/stops', '/ready'];
        for (let i = 0; loading; i++) {
          const response = await fetch(base + urls[i % urls.length]);
          statuses.push(response.status);
          if (response.status !== 200) {
            const type = response.headers.get('content-type') ?? '';
            if (response.status !== 503 || !type.startsWith('application/problem+json')) {
              problems.push(`${response.status} ${type}`);
            }
            if (!response.headers.get('retry-after')) problems.push(`${response.status} without Retry-After`);
            await response.arrayBuffer();
          } else {
            await response.arrayBuffer();
          }
        }
      };
      const workers = [worker(), worker(), worker(), worker()];
      let terminated = 0;
      for (let round = 0; round < 3; round++) {
        await vi.waitFor(() => expect(statuses.length).toBeGreaterThan(20 * (round + 1)), {
          timeout: 30_000,
          interval: 20,
        });
        terminated += await terminateAll();
      }
      await vi.waitFor(() => expect(statuses.length).toBeGreaterThan(80), { timeout: 30_000, interval: 20 });
      loading = false;
      await Promise.all(workers);
      expect(terminated).toBeGreaterThan(0);
      expect(problems).toEqual([]);
      expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);

      // Ended while idle, with only the job runner connected.
      await vi.waitFor(
        async () => {
          const backends = await admin.query(
            'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
            [databaseName],
          );
          expect(backends.rows[0].n).toBeGreaterThan(0);
        },
        { timeout: 30_000, interval: 50 },
      );
      expect(await terminateAll()).toBeGreaterThan(0);

      // The same process serves again: the pool, /ready and the job runner recover by themselves.
      await vi.waitFor(async () => expect((await fetch(`${base}/ready`)).status).toBe(200), {
        timeout: 30_000,
        interval: 100,
      });
      expect((await fetch(`${base}/api/v1/services`)).status).toBe(200);
      const { rows } = await admin.query('SELECT 1'); // the admin connection is to another database
      expect(rows).toHaveLength(1);
      const check = new pg.Client({ connectionString: database.url });
      await check.connect();
      try {
        const municipality = (await check.query('SELECT id FROM municipalities LIMIT 1')).rows[0]
          .id as string;
        const mail = await check.query(
          `INSERT INTO mails (municipality_id, purpose, to_address, subject, text_body)
           VALUES ($1, 'test.after-recovery', 'someone@example.org', 'Test', 'Test') RETURNING id`,
          [municipality],
        );
        const job = await check.query(
          `INSERT INTO jobs (kind, payload) VALUES ('test.unknown-kind', '{}') RETURNING id`,
        );
        await vi.waitFor(
          async () => {
            const sent = await check.query('SELECT status FROM mails WHERE id = $1', [mail.rows[0].id]);
            expect(sent.rows[0].status).toBe('sent');
            const ran = await check.query('SELECT attempts, last_error FROM jobs WHERE id = $1', [
              job.rows[0].id,
            ]);
            expect(ran.rows[0].attempts).toBeGreaterThanOrEqual(1);
            expect(ran.rows[0].last_error).toContain('no handler for job kind');
          },
          { timeout: 30_000, interval: 100 },
        );
      } finally {
        await check.end();
      }
      expect(exitCode).toBeUndefined();
      expect(output).not.toContain("Unhandled 'error' event");
      expect(output).not.toMatch(/"level":50/);
    } finally {
      child.kill('SIGTERM');
      await exited;
      await admin.end();
      await database.drop();
    }
  }, 300_000);
});
