/**
 * Compiled start (`node dist/server/start.js`, what `npm start` runs) to ready, on the embedded database
 * (PGlite: first start with initdb, migrations and seed, then a warm start) and on PostgreSQL (a fresh
 * database, then a warm start); the server's RSS after it has served the portal's API; and how fast a solver
 * worker thread starts, compiled and (for comparison) from TypeScript through tsx.
 * Usage: npm run bench:startup. PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres;
 * a temporary database is created and dropped). The last line printed is one JSON object.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { runInWorker } from '../src/planning/runInWorker.ts';
// @ts-expect-error: a plain JavaScript build script without type declarations
import { buildServer } from '../scripts/build-server.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const serverDir = join(root, 'dist/server');
const port = 3900 + Math.floor(Math.random() * 90);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function startOnce(env: Record<string, string>) {
  const began = performance.now();
  const child = spawn(process.execPath, [join(serverDir, 'start.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  while (!output.includes('"readyMs"')) {
    if (child.exitCode !== null) throw new Error(`the server stopped:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const wallMs = Math.round(performance.now() - began);
  const cpuMs = cpuMsOf(child.pid!);
  const ready = JSON.parse(output.split('\n').find((line) => line.includes('"readyMs"'))!);
  for (const path of ['/api/v1/services', '/api/v1/sites', '/api/v1/districts', '/api/v1/stops', '/']) {
    for (let i = 0; i < 20; i++) await (await fetch(`http://127.0.0.1:${port}${path}`)).arrayBuffer();
  }
  const rssMb = Number(readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)![1]) / 1024;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
  return { wallMs, cpuMs, readyMs: ready.readyMs as number, rssMb: Math.round(rssMb) };
}

/** CPU time (user + system) a process has used: independent of how busy the machine is, unlike wall time. */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * A solver worker: time to `online` (the thread runs), to `ready` (the bundle is loaded and answers: a job with
 * a wrong `p` comes back as an input error) and to the answer of a tiny job (which loads HiGHS).
 */
async function workerStart(entry: string) {
  const began = performance.now();
  const worker = new Worker(entry);
  let onlineMs = 0;
  worker.on('online', () => (onlineMs = performance.now() - began));
  const replies: ((message: { type: string; error?: { message: string } }) => void)[] = [];
  worker.on('message', (message: { type: string; error?: { message: string } }) => {
    if (message.type !== 'progress') replies.shift()?.(message);
  });
  const ask = (job: unknown) =>
    new Promise<{ type: string; error?: { message: string } }>((resolve, reject) => {
      replies.push(resolve);
      worker.once('error', reject);
      worker.postMessage({ type: 'run', job });
    });
  const refused = await ask({ ...tinyJob, p: 7 });
  if (refused.type !== 'error') throw new Error('the worker accepted p = 7 for 3 sites');
  const readyMs = performance.now() - began;
  const solved = await ask(tinyJob);
  if (solved.type !== 'result') throw new Error(`the worker failed: ${solved.error?.message}`);
  const answerMs = performance.now() - began;
  await worker.terminate();
  return { onlineMs, readyMs, answerMs };
}

/** A tiny p-median job solved exactly: the answer includes loading HiGHS in the thread. */
const tinyJob = {
  kind: 'pmedian',
  p: 2,
  options: { method: 'exact' },
  instance: {
    demandCount: 4,
    siteCount: 3,
    weights: Float64Array.from([1, 1, 1, 1]),
    distance: Float64Array.from([0, 5, 9, 5, 0, 9, 9, 9, 0, 9, 9, 1]),
  },
} as const;

function report(label: string, run: { wallMs: number; cpuMs: number; readyMs: number; rssMb: number }) {
  console.log(
    `${label.padEnd(34)} ready after ${run.wallMs} ms (process's own count ${run.readyMs} ms, CPU ${run.cpuMs} ms), RSS ${run.rssMb} MB`,
  );
}

await buildServer({ quiet: true });
const webDir = existsSync(join(root, 'dist/web/index.html')) ? join(root, 'dist/web') : undefined;
const emptyWeb = mkdtempSync(join(tmpdir(), 'mr-startup-web-'));
writeFileSync(join(emptyWeb, 'index.html'), '<!doctype html><title>Mobiles Rathaus</title>');
const webEnv = { WEB_DIR: webDir ?? emptyWeb };
const result: Record<string, number | null> = {};

const dataDir = mkdtempSync(join(tmpdir(), 'mr-startup-'));
try {
  const first = await startOnce({ DATA_DIR: dataDir, ...webEnv });
  report('PGlite, first start (new directory):', first);
  const warm = [];
  for (let i = 0; i < 3; i++) warm.push(await startOnce({ DATA_DIR: dataDir, ...webEnv }));
  const pgliteWarm = warm.sort((a, b) => a.wallMs - b.wallMs)[1]!;
  report('PGlite, warm start (median of 3):', pgliteWarm);
  Object.assign(result, {
    pgliteFirstStartMs: first.wallMs,
    pgliteWarmStartMs: pgliteWarm.wallMs,
    pgliteWarmStartCpuMs: pgliteWarm.cpuMs,
    pgliteRssMb: Math.max(first.rssMb, ...warm.map((run) => run.rssMb)),
  });
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = new pg.Client({ connectionString: adminUrl });
const databaseName = `mr_bench_startup_${process.pid}`;
try {
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  const first = await startOnce({ DATABASE_URL: url.href, ...webEnv });
  report('PostgreSQL, first start (empty):', first);
  const warm = [];
  for (let i = 0; i < 3; i++) warm.push(await startOnce({ DATABASE_URL: url.href, ...webEnv }));
  const postgresWarm = warm.sort((a, b) => a.wallMs - b.wallMs)[1]!;
  report('PostgreSQL, warm start (median of 3):', postgresWarm);
  Object.assign(result, {
    postgresFirstStartMs: first.wallMs,
    postgresWarmStartMs: postgresWarm.wallMs,
    postgresWarmStartCpuMs: postgresWarm.cpuMs,
    postgresRssMb: Math.max(first.rssMb, ...warm.map((run) => run.rssMb)),
  });
  await admin.query(`DROP DATABASE ${databaseName}`);
} catch (error) {
  console.log(`PostgreSQL skipped: ${error instanceof Error ? error.message : String(error)}`);
  Object.assign(result, {
    postgresFirstStartMs: null,
    postgresWarmStartMs: null,
    postgresWarmStartCpuMs: null,
    postgresRssMb: null,
  });
} finally {
  await admin.end().catch(() => undefined);
}
rmSync(emptyWeb, { recursive: true, force: true });

const compiled = [];
for (let i = 0; i < 5; i++) compiled.push(await workerStart(join(serverDir, 'solverWorker.js')));
const tsxStarts = [];
for (let i = 0; i < 3; i++) {
  const began = performance.now();
  const outcome = await runInWorker(tinyJob as never);
  if (!outcome.ok) throw new Error(`the TypeScript worker failed: ${outcome.message}`);
  tsxStarts.push(performance.now() - began);
}
const workerOnline = Math.round(median(compiled.map((run) => run.onlineMs)));
const workerReady = Math.round(median(compiled.map((run) => run.readyMs)));
const workerAnswer = Math.round(median(compiled.map((run) => run.answerMs)));
const workerTsx = Math.round(median(tsxStarts));
console.log(
  `solver worker (compiled, median of 5): running after ${workerOnline} ms, ready (answers) after ${workerReady} ms, ` +
    `first solution (HiGHS loaded) after ${workerAnswer} ms; from TypeScript through tsx: solution after ${workerTsx} ms`,
);
console.log(
  JSON.stringify({
    ...result,
    workerOnlineMs: workerOnline,
    workerStartMs: workerReady,
    workerFirstAnswerMs: workerAnswer,
    workerTsxAnswerMs: workerTsx,
  }),
);
