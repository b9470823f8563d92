import { createServer } from 'node:net';
import { sql } from 'kysely';
import { runInWorker } from '../../planning/runInWorker.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../test/support/testDatabase.ts';

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\.)*"';
const SAMPLE = new RegExp(
  `^(${NAME})(\\{(?:${LABEL}(?:,${LABEL})*)?\\})? ((?:[Nn][Aa][Nn])|[+-]Inf|[-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)$`,
);
const HELP = new RegExp(`^# HELP ${NAME} .*$`);
const TYPE = new RegExp(`^# TYPE ${NAME} (counter|gauge|histogram|summary|untyped)$`);

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format strictly: every line is a HELP, a TYPE or a sample. */
function parseExposition(text: string): Sample[] {
  expect(text.endsWith('\n')).toBe(true);
  const samples: Sample[] = [];
  for (const line of text.split('\n').filter((each) => each !== '')) {
    if (line.startsWith('# HELP ')) {
      expect(line).toMatch(HELP);
      continue;
    }
    if (line.startsWith('# TYPE ')) {
      expect(line).toMatch(TYPE);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

function find(samples: Sample[], name: string, labels: Record<string, string>): Sample | undefined {
  return samples.find(
    (sample) =>
      sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe.each(testDatabaseKinds)('/metrics (%s)', (kind) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp(kind);
  });
  afterAll(async () => test?.close());

  const scrape = async () => {
    const response = await test.app.inject({ url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseExposition(response.body);
  };

  it('counts requests by route pattern, never by the address asked for', async () => {
    const before = await scrape();
    const countOf = (samples: Sample[]) =>
      find(samples, 'mr_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/v1/services/:serviceId',
        status_code: '404',
      })?.value ?? 0;
    const missing = await test.app.inject({ url: '/api/v1/services/kein-dienst-xyz' });
    expect(missing.statusCode).toBe(404);
    const response = await test.app.inject({ url: '/metrics' });
    const after = parseExposition(response.body);
    expect(countOf(after)).toBe(countOf(before) + 1);
    expect(response.body).not.toContain('kein-dienst-xyz');
    const buckets = after.filter(
      (sample) =>
        sample.name === 'mr_http_request_duration_seconds_bucket' &&
        sample.labels.route === '/api/v1/services/:serviceId',
    );
    expect(buckets.find((bucket) => bucket.labels.le === '+Inf')?.value).toBe(countOf(after));
  });

  it('reports the job queue, the database pool, bookings by outcome and the process', async () => {
    await sql`INSERT INTO jobs (kind, run_at) VALUES ('metrics-test', now() - interval '90 seconds'),
      ('metrics-test', now() - interval '30 seconds'), ('metrics-test', now() + interval '1 hour')`.execute(
      test.database.db,
    );
    const rejected = (samples: Sample[]) =>
      find(samples, 'mr_bookings_total', { operation: 'hold', outcome: 'rejected' })?.value ?? 0;
    const before = await scrape();
    const hold = await test.app.inject({ method: 'POST', url: '/api/v1/bookings', payload: {} });
    expect(hold.statusCode).toBe(400);
    const samples = await scrape();
    expect(find(samples, 'mr_jobs', { kind: 'metrics-test', state: 'due' })?.value).toBe(2);
    expect(find(samples, 'mr_jobs', { kind: 'metrics-test', state: 'scheduled' })?.value).toBe(1);
    expect(
      find(samples, 'mr_jobs_oldest_due_seconds', { kind: 'metrics-test' })?.value,
    ).toBeGreaterThanOrEqual(89);
    const pool = (state: string) => find(samples, 'mr_db_pool_connections', { state })?.value;
    if (kind === 'pglite') expect(pool('total')).toBe(1);
    else {
      expect(pool('total')).toBeGreaterThanOrEqual(1);
      expect(pool('idle')).toBeLessThanOrEqual(pool('total')!);
      expect(pool('waiting')).toBe(0);
    }
    expect(rejected(samples)).toBe(rejected(before) + 1);
    expect(find(samples, 'process_resident_memory_bytes', {})?.value).toBeGreaterThan(0);
  });
});

describe('solver metrics', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp('pglite');
  });
  afterAll(async () => test?.close());

  it('times every planning job in a worker thread by kind and outcome, and the thread start', async () => {
    const scrape = async () => parseExposition((await test.app.inject({ url: '/metrics' })).body);
    const solved = (samples: Sample[]) =>
      find(samples, 'mr_solver_duration_seconds_count', { kind: 'pmedian', outcome: 'ok' })?.value ?? 0;
    const refused = (samples: Sample[]) =>
      find(samples, 'mr_solver_duration_seconds_count', { kind: 'pmedian', outcome: 'input' })?.value ?? 0;
    const starts = (samples: Sample[]) =>
      find(samples, 'mr_solver_worker_start_seconds_count', {})?.value ?? 0;
    const before = await scrape();
    const instance = {
      demandCount: 4,
      siteCount: 3,
      weights: Float64Array.from([1, 1, 1, 1]),
      distance: Float64Array.from([0, 5, 9, 5, 0, 9, 9, 9, 0, 9, 9, 1]),
    };
    expect((await runInWorker({ kind: 'pmedian', instance, p: 2 })).ok).toBe(true);
    expect(await runInWorker({ kind: 'pmedian', instance, p: 7 })).toMatchObject({
      ok: false,
      reason: 'input',
    });
    const after = await scrape();
    expect(solved(after)).toBe(solved(before) + 1);
    expect(refused(after)).toBe(refused(before) + 1);
    expect(starts(after)).toBe(starts(before) + 2);
  });
});

describe('access to /metrics', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it('needs the Bearer token when one is set', async () => {
    const test = await createTestApp('pglite', { metrics: { token: 'metrics-token-1234', port: undefined } });
    apps.push(test);
    const without = await test.app.inject({ url: '/metrics' });
    expect(without.statusCode).toBe(401);
    expect(without.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(without.headers['content-type']).toMatch(/^application\/problem\+json/);
    const wrong = await test.app.inject({
      url: '/metrics',
      headers: { authorization: 'Bearer metrics-token-9999' },
    });
    expect(wrong.statusCode).toBe(401);
    const right = await test.app.inject({
      url: '/metrics',
      headers: { authorization: 'Bearer metrics-token-1234' },
    });
    expect(right.statusCode).toBe(200);
    expect(parseExposition(right.body).length).toBeGreaterThan(10);
  });

  it('is off in production without a token or a port, and on its own port when one is set', async () => {
    const closed = await createTestApp('pglite', {
      nodeEnv: 'production',
      metrics: { token: undefined, port: undefined },
    });
    apps.push(closed);
    const off = await closed.app.inject({ url: '/metrics' });
    expect(off.statusCode).toBe(404);
    expect(off.headers['content-type']).toMatch(/^application\/problem\+json/);

    const port = await freePort();
    const separate = await createTestApp('pglite', {
      nodeEnv: 'production',
      host: '127.0.0.1',
      metrics: { token: undefined, port },
    });
    apps.push(separate);
    await separate.app.listen({ port: 0, host: '127.0.0.1' });
    expect((await separate.app.inject({ url: '/metrics' })).statusCode).toBe(404);
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    expect(
      parseExposition(await response.text()).some(
        (sample) => sample.name === 'mr_jobs_oldest_due_seconds' || sample.name === 'mr_db_pool_connections',
      ),
    ).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  });
});
