import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject, type ProvidedContext } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { seedGuetersloh } from '../../src/cli/seed.ts';

export type TestDatabaseKind = 'pglite' | 'postgres';

/** The integration suite runs on PGlite always, and on PostgreSQL too when TEST_DATABASE_URL is set. */
export const testDatabaseKinds: TestDatabaseKind[] = process.env.TEST_DATABASE_URL
  ? ['pglite', 'postgres']
  : ['pglite'];

/** The PostgreSQL kind alone, for tests of what only a server database does (connections, several processes). */
export const postgresKinds: TestDatabaseKind[] = testDatabaseKinds.filter((kind) => kind === 'postgres');

/** Creates an empty database on the test server and returns its URL and a function that drops it. */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `mr_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** What the global setup (databaseTemplates.ts) prepared; nothing when a project runs without it. */
function provided<K extends 'pgliteTemplates' | 'postgresTemplates'>(key: K): ProvidedContext[K] | null {
  try {
    return inject(key) ?? null;
  } catch {
    return null;
  }
}

const pgliteTemplates: { bare?: Promise<Blob>; seeded?: Promise<Blob> } = {};

/** A PGlite data directory, migrated (and seeded): the global setup's file, else built once in this file. */
function pgliteTemplate(seed: boolean): Promise<Blob> {
  const key = seed ? 'seeded' : 'bare';
  pgliteTemplates[key] ??= (async () => {
    const file = provided('pgliteTemplates')?.[key];
    if (file) return new Blob([new Uint8Array(await readFile(file))]);
    const handle = await openDatabase({ kind: 'pglite-memory' });
    await migrateToLatest(handle.db);
    if (seed) await seedGuetersloh(handle.db);
    const dump = await handle.pglite!.dumpDataDir('none');
    await handle.close();
    return dump;
  })();
  return pgliteTemplates[key];
}

/** A fresh, migrated database seeded with Gütersloh, private to the caller; `close()` removes it. */
export async function createTestDatabase(
  kind: TestDatabaseKind,
  options: { seed?: boolean } = {},
): Promise<DatabaseHandle> {
  const seed = options.seed ?? true;
  if (kind === 'pglite') {
    return openDatabase({ kind: 'pglite-memory', loadDataDir: await pgliteTemplate(seed) });
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `mr_test_${randomBytes(6).toString('hex')}`;
  // A copy of the global setup's template database, else an empty one to migrate (and seed) here.
  const template = provided('postgresTemplates')?.[seed ? 'seeded' : 'bare'];
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 20 });
  if (!template) {
    await migrateToLatest(handle.db);
    if (seed) await seedGuetersloh(handle.db);
  }
  const close = handle.close;
  return {
    ...handle,
    async close() {
      await close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/**
 * What a second server process has on PostgreSQL: its own pool and listening connection on the same database.
 * Undefined on PGlite, which runs in one process only (there the tests use the one database for both).
 */
export async function openSecondProcess(
  kind: TestDatabaseKind,
  database: DatabaseHandle,
  poolSize = 2,
): Promise<DatabaseHandle | undefined> {
  if (kind !== 'postgres') return undefined;
  const url = (database.pool as unknown as { options: { connectionString: string } }).options
    .connectionString;
  return openDatabase({ kind: 'postgres', url, poolSize });
}
