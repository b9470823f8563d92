/**
 * Evaluation benchmark: the dashboard (`getEvaluation`, through HTTP as a planner) over one year of activity at 20
 * sites, on PostgreSQL (production) and on PGlite (the embedded default).
 * Usage: npm run bench:evaluation [-- --requests 120 --database both|postgres|pglite]
 * The year of activity comes from the demo simulator (src/cli/demo/activitySimulator.ts, fixed seed): 20 sites,
 * each with a weekly six-hour stop of a two-counter unit. PostgreSQL: BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres); the benchmark creates and drops a database of its own.
 * The requests cycle through the dashboard's typical selections (the whole year, a month, a site, a unit, a
 * district, a channel, a week). The last line printed is one JSON object.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type DatabaseHandle } from '../src/db/connection.ts';
import { buildApp } from '../src/server/app.ts';
import { signInAs } from '../test/support/staffSession.ts';
import pg from 'pg';
import { percentile, round } from './lib/bookingFixture.ts';
import { fillYear, YEAR_FROM as FROM, YEAR_TO as TO } from './lib/evaluationYear.ts';

const argument = (name: string, fallback: string) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1]! : fallback;
};
const requests = Number(argument('--requests', '120'));
const which = argument('--database', 'both');

async function postgresDatabase(): Promise<{ handle: DatabaseHandle; drop(): Promise<void> }> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `mr_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 10 });
  return {
    handle,
    async drop() {
      await handle.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

async function measure(kind: 'postgres' | 'pglite') {
  const database =
    kind === 'postgres'
      ? await postgresDatabase()
      : {
          handle: await openDatabase({ kind: 'pglite-memory' }),
          async drop() {
            await this.handle.close();
          },
        };
  try {
    const started = performance.now();
    const year = await fillYear(database.handle);
    const fillSeconds = round((performance.now() - started) / 1000);
    console.log(
      `${kind}: ${year.sites} sites, ${year.stops} stops, ${year.visits} visits from ${FROM} to ${TO} (written in ${fillSeconds} s)`,
    );
    const defaults = loadConfig({ NODE_ENV: 'test' });
    const app = await buildApp({
      db: database.handle.db,
      config: { ...defaults, logLevel: 'silent' },
      rateLimitPerMinute: 10_000_000,
      ...(database.handle.kind === 'postgres' ? { pool: database.handle.pool } : {}),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const planner = await signInAs(app, 'planner');
    const selections = [
      `from=${FROM}&to=${TO}`,
      'from=2026-06-01&to=2026-06-30',
      `from=${FROM}&to=${TO}&siteId=stadtbibliothek`,
      `from=${FROM}&to=${TO}&unitId=bench-unit-2`,
      `from=${FROM}&to=${TO}&districtId=innenstadt`,
      `from=${FROM}&to=${TO}&channel=walk_in`,
      'from=2026-03-02&to=2026-03-08',
    ];
    const get = async (query: string) => {
      const response = await fetch(`${base}/api/v1/staff/evaluation?${query}`, { headers: planner.headers });
      if (response.status !== 200)
        throw new Error(`getEvaluation answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as { totals: { visits: number | null } };
    };
    const whole = await get(selections[0]!);
    console.log(`${kind}: the year's dashboard counts ${whole.totals.visits} visits`);
    for (const query of selections) await get(query); // warm-up
    const times: number[] = [];
    const wholeYear: number[] = [];
    for (let index = 0; index < requests; index++) {
      const query = selections[index % selections.length]!;
      const start = performance.now();
      await get(query);
      const ms = performance.now() - start;
      times.push(ms);
      if (index % selections.length === 0) wholeYear.push(ms);
    }
    await app.close();
    const figures = {
      stops: year.stops,
      visits: year.visits,
      requests,
      p50Ms: round(percentile(times, 50)),
      p95Ms: round(percentile(times, 95)),
      p99Ms: round(percentile(times, 99)),
      wholeYearP50Ms: round(percentile(wholeYear, 50)),
      wholeYearMaxMs: round(Math.max(...wholeYear)),
    };
    console.log(
      `${kind}: getEvaluation p50 ${figures.p50Ms} ms   p95 ${figures.p95Ms} ms   p99 ${figures.p99Ms} ms   (whole year: p50 ${figures.wholeYearP50Ms} ms, max ${figures.wholeYearMaxMs} ms; target p99 ≤ 200 ms)`,
    );
    return figures;
  } finally {
    await database.drop();
  }
}

async function main() {
  const [load1] = (await import('node:os')).loadavg();
  const result: Record<string, unknown> = { benchmark: 'evaluation', loadAverage1m: round(load1 ?? 0, 2) };
  if (which === 'both' || which === 'postgres') result.postgres = await measure('postgres');
  if (which === 'both' || which === 'pglite') result.pglite = await measure('pglite');
  const p99s = [result.postgres, result.pglite]
    .filter((entry): entry is { p99Ms: number } => entry !== undefined)
    .map((entry) => entry.p99Ms);
  result.targetP99Ms = 200;
  result.targetMet = p99s.every((p99) => p99 <= 200);
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
