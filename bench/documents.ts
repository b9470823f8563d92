/**
 * Document upload benchmark on PostgreSQL (tracker issue 11): 200 concurrent uploads of 2 MB each through the
 * `storeDocument` command (content check, SHA-256, AES-256-GCM, one transaction with the audit event), the
 * layer the routes `addCaseDocument` will call; HTTP parsing of the upload comes on top once the route exists.
 * Prints throughput (MB/s, uploads/s) and the p50/p99 latency of an upload measured from the moment all were
 * started, then reads a sample back; the last line printed is one JSON object.
 * Usage: npm run bench:documents [-- --uploads 200 --megabytes 2 --pool 20]
 * Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres); it creates and
 * drops a database of its own.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import pg from 'pg';
import { seedGuetersloh } from '../src/cli/seed.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { checkDocumentContent } from '../src/domain/documentContent.ts';
import { readDocument } from '../src/server/commands/documentReader.ts';
import { storeDocument } from '../src/server/commands/documentStorer.ts';
import { createStaffUser } from '../src/server/commands/staffUserCreate.ts';
import { encryptDocument, sha256 } from '../src/server/documents/documentCrypto.ts';
import { documentKeyring } from '../src/server/documents/documentKeys.ts';
import { paddedJpeg } from '../test/support/documentSamples.ts';

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};
const uploads = argument('--uploads', 200);
const megabytes = argument('--megabytes', 2);
const poolSize = argument('--pool', 20);
const MB = 1024 * 1024;
const SERVICE = 'personalausweis-beantragen';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

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
  try {
    await migrateToLatest(handle.db);
    await seedGuetersloh(handle.db);
    const municipality = await handle.db
      .selectFrom('municipalities')
      .select('id')
      .where('slug', '=', 'guetersloh')
      .executeTakeFirstOrThrow();
    const clerk = await createStaffUser(handle.db, {
      municipalityId: municipality.id,
      actor: 'bench',
      email: 'clerk@bench.example',
      name: 'Bench Clerk',
      role: 'clerk',
      password: randomBytes(16).toString('hex'),
      mustChangePassword: false,
    });
    const config = loadConfig({
      NODE_ENV: 'test',
      DOCUMENT_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      DOCUMENT_MAX_BYTES: String(Math.max(10 * MB, megabytes * MB + MB)),
    });

    // Distinct files (random filler, so nothing compresses or deduplicates), made before the clock starts.
    const files = Array.from({ length: uploads }, () =>
      paddedJpeg(megabytes * MB, (chunk) => randomBytes(chunk.length).copy(chunk)),
    );
    const totalMB = files.reduce((sum, file) => sum + file.length, 0) / MB;
    const upload = (bytes: Buffer, index: number, prefix = 'bench') =>
      storeDocument(handle.db, config, {
        municipalityId: municipality.id,
        ownerKind: 'case',
        ownerId: `bench-case-${index % 50}`,
        serviceId: SERVICE,
        fileName: `scan-${index}.jpg`,
        declaredMediaType: 'image/jpeg',
        bytes,
        capturedBy: clerk.id,
        clientUploadId: `${prefix}-${index}`,
      });

    // The CPU part of one upload alone: content check, hash and encryption.
    const keyring = documentKeyring(config);
    const cpuStarted = performance.now();
    for (let i = 0; i < 10; i++) {
      checkDocumentContent({ fileName: 'x.jpg', bytes: files[0]!, maxBytes: config.documents.maxBytes });
      await sha256(files[0]!);
      await encryptDocument(keyring, { municipalityId: municipality.id, documentId: 'warm-up' }, files[0]!);
    }
    const cpuMsPerUpload = (performance.now() - cpuStarted) / 10;
    // Warm-up: connections open, plans cached.
    await Promise.all(files.slice(0, 5).map((file, index) => upload(file, index, 'warm-up')));

    const loadBefore = loadavg();
    const started = performance.now();
    const latencies = await Promise.all(
      files.map(async (file, index) => {
        await upload(file, index);
        return performance.now() - started;
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const loadAfter = loadavg();
    latencies.sort((a, b) => a - b);

    const stored = await handle.db
      .selectFrom('documents')
      .select(({ fn }) => fn.countAll<number>().as('count'))
      .where('client_upload_id', 'like', 'bench-%')
      .executeTakeFirstOrThrow();
    const sample = await handle.db
      .selectFrom('documents')
      .select('id')
      .where('client_upload_id', '=', 'bench-7')
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
      uploads,
      megabytesEach: megabytes,
      poolSize,
      storedRows: Number(stored.count),
      totalMB: round(totalMB),
      seconds: round(seconds, 2),
      mbPerSecond: round(totalMB / seconds),
      uploadsPerSecond: round(uploads / seconds),
      p50Ms: Math.round(percentile(latencies, 50)),
      p99Ms: Math.round(percentile(latencies, 99)),
      maxMs: Math.round(latencies[latencies.length - 1]!),
      cpuMsPerUpload: round(cpuMsPerUpload),
      readMs: Math.round(readMs),
      tableMB: round(size / MB),
      loadAverageBefore: loadBefore.map((value) => round(value, 2)),
      loadAverageAfter: loadAfter.map((value) => round(value, 2)),
    };
    console.log(
      `${uploads} concurrent uploads of ${megabytes} MB through storeDocument on PostgreSQL (pool ${poolSize})`,
    );
    console.log(
      `throughput   ${result.mbPerSecond} MB/s   ${result.uploadsPerSecond} uploads/s   (${result.totalMB} MB in ${result.seconds} s)`,
    );
    console.log(
      `latency      p50 ${result.p50Ms} ms   p99 ${result.p99Ms} ms   max ${result.maxMs} ms (from the common start)`,
    );
    console.log(
      `CPU          ${result.cpuMsPerUpload} ms per upload for check + SHA-256 + AES-GCM; one read back ${result.readMs} ms`,
    );
    console.log(`stored       ${result.storedRows} rows, table ${result.tableMB} MB`);
    console.log(
      `load average ${loadBefore.map((v) => v.toFixed(2)).join(' ')} -> ${loadAfter.map((v) => v.toFixed(2)).join(' ')}`,
    );
    console.log(JSON.stringify(result));
  } finally {
    await handle.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
