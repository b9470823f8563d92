/**
 * Document upload benchmark on PostgreSQL (tracker issue 11): 200 concurrent uploads of 2 MB each through the
 * HTTP route `addCaseDocument` (POST /api/v1/staff/cases/:caseId/documents, the raw file as the body) of the app
 * listening on a port, signed in as a clerk with a session cookie: body parsing, session and CSRF check, the
 * content check, SHA-256, AES-256-GCM and one transaction with the document, its timeline event and the audit
 * event. Then the same number of uploads straight through the `storeDocument` command (no HTTP, no case event),
 * for comparison. Prints throughput (MB/s, uploads/s) and the p50/p99 latency of an upload measured from the
 * moment all were started, then reads a sample back; the last line printed is one JSON object.
 * Usage: npm run bench:documents [-- --uploads 200 --megabytes 2 --pool 20]
 * Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres); it creates and
 * drops a database of its own.
 */
import { randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { loadavg } from 'node:os';
import pg from 'pg';
import { seedGuetersloh } from '../src/cli/seed.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { checkDocumentContent } from '../src/domain/documentContent.ts';
import { buildApp } from '../src/server/app.ts';
import { createCase } from '../src/server/commands/caseCreator.ts';
import { readDocument } from '../src/server/commands/documentReader.ts';
import { storeDocument } from '../src/server/commands/documentStorer.ts';
import { encryptDocument, sha256 } from '../src/server/documents/documentCrypto.ts';
import { documentKeyring } from '../src/server/documents/documentKeys.ts';
import { paddedJpeg } from '../test/support/documentSamples.ts';
import { signInAs } from '../test/support/staffSession.ts';

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};
const uploads = argument('--uploads', 200);
const megabytes = argument('--megabytes', 2);
const poolSize = argument('--pool', 20);
const MB = 1024 * 1024;
const SERVICE = 'personalausweis-beantragen';
/** The uploads go to this many open cases, in turn. */
const CASES = 50;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/** Latency figures of one phase: every upload timed from the common start. */
function summary(latencies: number[], seconds: number, totalMB: number) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    seconds: round(seconds, 2),
    mbPerSecond: round(totalMB / seconds),
    uploadsPerSecond: round(latencies.length / seconds),
    p50Ms: Math.round(percentile(sorted, 50)),
    p99Ms: Math.round(percentile(sorted, 99)),
    maxMs: Math.round(sorted[sorted.length - 1]!),
  };
}

async function main() {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `mr_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // The product gives up waiting for a pool connection after 10 s (src/db/connection.ts); 200 uploads of 2 MB queue
  // longer than that on a busy machine, so the bench waits as long as it takes and reports the latency instead.
  const handle = await openDatabase({
    kind: 'postgres',
    url: url.toString(),
    poolSize,
    connectTimeoutMs: 300_000,
  });
  const agent = new Agent({ keepAlive: true, maxSockets: uploads });
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    const progress = (step: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${step}`);
    progress('migrating and seeding');
    await migrateToLatest(handle.db);
    await seedGuetersloh(handle.db);
    const municipality = await handle.db
      .selectFrom('municipalities')
      .select('id')
      .where('slug', '=', 'guetersloh')
      .executeTakeFirstOrThrow();
    const defaults = loadConfig({
      NODE_ENV: 'test',
      DOCUMENT_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      DOCUMENT_MAX_BYTES: String(Math.max(10 * MB, megabytes * MB + MB)),
    });
    // One load generator on one address: the per-client rate limit is lifted to measure throughput.
    const config = { ...defaults, logLevel: process.env.BENCH_LOG_LEVEL ?? 'silent' };
    app = await buildApp({ db: handle.db, config, rateLimitPerMinute: 10_000_000, pool: handle.pool });
    if (process.env.BENCH_TRACE) {
      const t0 = performance.now();
      for (const hook of [
        'onRequest',
        'preParsing',
        'preValidation',
        'preHandler',
        'onSend',
        'onResponse',
      ] as const)
        app.addHook(hook, async (request: { id: string }) => {
          console.error(`${Math.round(performance.now() - t0)} ${hook} ${request.id}`);
        });
    }
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    // A clerk at the stop, signed in once: its session cookie and CSRF token go with every upload.
    const clerk = await signInAs(app, 'clerk');
    const cases: string[] = [];
    for (let index = 0; index < CASES; index++) {
      const opened = await createCase(handle.db, {
        municipalityId: municipality.id,
        actor: `staff:${clerk.user.id}`,
        userId: clerk.user.id,
        departmentScope: undefined,
        serviceId: SERVICE,
        channel: 'stop',
        citizen: { name: `Bench Person ${index}` },
        now: new Date(),
      });
      cases.push(opened.id);
    }

    progress('files and warm-up');
    // Distinct files (random filler, so nothing compresses or deduplicates), made before the clock starts.
    const files = Array.from({ length: uploads }, () =>
      paddedJpeg(megabytes * MB, (chunk) => randomBytes(chunk.length).copy(chunk)),
    );
    const totalMB = files.reduce((sum, file) => sum + file.length, 0) / MB;

    const post = (bytes: Buffer, index: number, prefix: string) =>
      new Promise<void>((resolve, reject) => {
        const query = new URLSearchParams({
          fileName: `scan-${index}.jpg`,
          clientUploadId: `${prefix}-${index}`,
        });
        const req = httpRequest(
          {
            agent,
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: `/api/v1/staff/cases/${cases[index % CASES]}/documents?${query}`,
            headers: {
              ...clerk.headers,
              'content-type': 'image/jpeg',
              'content-length': String(bytes.length),
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => {
              if (response.statusCode === 201) resolve();
              else
                reject(
                  new Error(
                    `upload ${index} answered ${response.statusCode}: ${Buffer.concat(chunks).toString()}`,
                  ),
                );
            });
            response.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(bytes);
      });
    const command = (bytes: Buffer, index: number, prefix: string) =>
      storeDocument(handle.db, config, {
        municipalityId: municipality.id,
        ownerKind: 'case',
        ownerId: cases[index % CASES]!,
        serviceId: SERVICE,
        fileName: `scan-${index}.jpg`,
        declaredMediaType: 'image/jpeg',
        bytes,
        capturedBy: clerk.user.id,
        clientUploadId: `${prefix}-${index}`,
      });
    const phase = async (
      upload: (bytes: Buffer, index: number, prefix: string) => Promise<unknown>,
      prefix: string,
    ) => {
      const started = performance.now();
      const latencies = await Promise.all(
        files.map(async (file, index) => {
          await upload(file, index, prefix);
          return performance.now() - started;
        }),
      );
      return summary(latencies, (performance.now() - started) / 1000, totalMB);
    };

    // The CPU part of one upload alone: content check, hash and encryption.
    const keyring = documentKeyring(config);
    const cpuStarted = performance.now();
    for (let i = 0; i < 10; i++) {
      checkDocumentContent({ fileName: 'x.jpg', bytes: files[0]!, maxBytes: config.documents.maxBytes });
      await sha256(files[0]!);
      await encryptDocument(keyring, { municipalityId: municipality.id, documentId: 'warm-up' }, files[0]!);
    }
    const cpuMsPerUpload = (performance.now() - cpuStarted) / 10;
    // Warm-up through both ways: connections open, plans cached.
    await Promise.all(files.slice(0, 5).map((file, index) => post(file, index, 'warm-up-http')));
    await Promise.all(files.slice(0, 5).map((file, index) => command(file, index, 'warm-up-command')));

    const loadBefore = loadavg();
    progress('uploading through HTTP');
    const http = await phase(post, 'http');
    const loadBetween = loadavg();
    progress('uploading through the command');
    const direct = await phase(command, 'command');
    const loadAfter = loadavg();

    const count = async (pattern: string) =>
      Number(
        (
          await handle.db
            .selectFrom('documents')
            .select(({ fn }) => fn.countAll<number>().as('count'))
            .where('client_upload_id', 'like', pattern)
            .executeTakeFirstOrThrow()
        ).count,
      );
    const events = await handle.db
      .selectFrom('case_events')
      .select(({ fn }) => fn.countAll<number>().as('count'))
      .where('kind', '=', 'document_added')
      .executeTakeFirstOrThrow();
    const sample = await handle.db
      .selectFrom('documents')
      .select('id')
      .where('client_upload_id', '=', 'http-7')
      .executeTakeFirstOrThrow();
    const readStarted = performance.now();
    const read = await readDocument(handle.db, config, {
      municipalityId: municipality.id,
      documentId: sample.id,
      actor: 'system',
      purpose: 'bench',
    });
    const readMs = performance.now() - readStarted;
    if (!read.bytes.equals(files[7]!)) throw new Error('the document read back differs from the upload');
    const size = Number(
      (await handle.pool.query<{ bytes: string }>(`SELECT pg_total_relation_size('documents') AS bytes`))
        .rows[0]!.bytes,
    );

    const result = {
      bench: 'documents',
      route: 'addCaseDocument',
      uploads,
      megabytesEach: megabytes,
      poolSize,
      totalMB: round(totalMB),
      storedRowsHttp: await count('http-%'),
      documentAddedEvents: Number(events.count),
      ...http,
      command: { storedRows: await count('command-%'), ...direct },
      cpuMsPerUpload: round(cpuMsPerUpload),
      readMs: Math.round(readMs),
      tableMB: round(size / MB),
      loadAverageBefore: loadBefore.map((value) => round(value, 2)),
      loadAverageBetween: loadBetween.map((value) => round(value, 2)),
      loadAverageAfter: loadAfter.map((value) => round(value, 2)),
    };
    const loads = (values: number[]) => values.map((v) => v.toFixed(2)).join(' ');
    console.log(
      `${uploads} concurrent uploads of ${megabytes} MB on PostgreSQL (pool ${poolSize}), ${CASES} open cases`,
    );
    console.log(
      `HTTP addCaseDocument  ${http.mbPerSecond} MB/s   ${http.uploadsPerSecond} uploads/s   p50 ${http.p50Ms} ms   p99 ${http.p99Ms} ms   max ${http.maxMs} ms   (${result.totalMB} MB in ${http.seconds} s)`,
    );
    console.log(
      `storeDocument only    ${direct.mbPerSecond} MB/s   ${direct.uploadsPerSecond} uploads/s   p50 ${direct.p50Ms} ms   p99 ${direct.p99Ms} ms   max ${direct.maxMs} ms   (${result.totalMB} MB in ${direct.seconds} s)`,
    );
    console.log(
      `CPU          ${result.cpuMsPerUpload} ms per upload for check + SHA-256 + AES-GCM; one read back ${result.readMs} ms`,
    );
    console.log(
      `stored       ${result.storedRowsHttp} rows through HTTP (${result.documentAddedEvents} on the timelines), ${result.command.storedRows} through the command; table ${result.tableMB} MB`,
    );
    console.log(`load average ${loads(loadBefore)} -> ${loads(loadBetween)} -> ${loads(loadAfter)}`);
    console.log(JSON.stringify(result));
  } finally {
    agent.destroy();
    await app?.close();
    await handle.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
