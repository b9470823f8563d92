import { randomBytes } from 'node:crypto';
import pg from 'pg';
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

let pgliteTemplate: Promise<Blob | File> | undefined;

async function migratedPgliteTemplate(): Promise<Blob | File> {
  pgliteTemplate ??= (async () => {
    const handle = await openDatabase({ kind: 'pglite-memory' });
    await migrateToLatest(handle.db);
    await seedGuetersloh(handle.db);
    const dump = await handle.pglite!.dumpDataDir('none');
    await handle.close();
    return dump;
  })();
  return pgliteTemplate;
}

/** A fresh, migrated database seeded with Gütersloh, private to the caller; `close()` removes it. */
export async function createTestDatabase(
  kind: TestDatabaseKind,
  options: { seed?: boolean } = {},
): Promise<DatabaseHandle> {
  const seed = options.seed ?? true;
  if (kind === 'pglite') {
    if (!seed) {
      const handle = await openDatabase({ kind: 'pglite-memory' });
      await migrateToLatest(handle.db);
      return handle;
    }
    return openDatabase({ kind: 'pglite-memory', loadDataDir: await migratedPgliteTemplate() });
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `mr_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 20 });
  await migrateToLatest(handle.db);
  if (seed) await seedGuetersloh(handle.db);
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
