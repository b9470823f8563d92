// Vitest global setup of the integration and browser projects: migrates (and seeds) the test databases ONCE per
// run, so that every test file copies a finished database instead of migrating and seeding its own.
// - PGlite: data directory dumps (tar) in a temporary folder; each test database loads one (`loadDataDir`).
// - PostgreSQL (integration, when TEST_DATABASE_URL is set): two template databases; each test database is
//   `CREATE DATABASE … TEMPLATE …`. Nobody connects to a template after this setup (PostgreSQL copies only
//   databases without connections).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { seedGuetersloh } from '../../src/cli/seed.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Files with PGlite data directories (tar): migrated only, and migrated and seeded with Gütersloh. */
    pgliteTemplates: { bare: string; seeded: string } | null;
    /** Template databases on the TEST_DATABASE_URL server: migrated only, and migrated and seeded. */
    postgresTemplates: { bare: string; seeded: string } | null;
  }
}

async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

async function pgliteTemplateFiles(dir: string): Promise<{ bare: string; seeded: string }> {
  const handle = await openDatabase({ kind: 'pglite-memory' });
  try {
    await migrateToLatest(handle.db);
    const bare = join(dir, 'bare.tar');
    await writeFile(bare, new Uint8Array(await (await handle.pglite!.dumpDataDir('none')).arrayBuffer()));
    await seedGuetersloh(handle.db);
    const seeded = join(dir, 'seeded.tar');
    await writeFile(seeded, new Uint8Array(await (await handle.pglite!.dumpDataDir('none')).arrayBuffer()));
    return { bare, seeded };
  } finally {
    await handle.close();
  }
}

async function createPostgresTemplates(
  adminUrl: string,
  names: { bare: string; seeded: string },
): Promise<void> {
  for (const [name, seed] of [
    [names.bare, false],
    [names.seeded, true],
  ] as const) {
    await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const handle = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 2 });
    try {
      await migrateToLatest(handle.db);
      if (seed) await seedGuetersloh(handle.db);
    } finally {
      await handle.close();
    }
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'mr-test-templates-'));
  const adminUrl = project.name === 'integration' ? process.env.TEST_DATABASE_URL : undefined;
  const prefix = `mr_tpl_${randomBytes(6).toString('hex')}`;
  const postgres = adminUrl ? { bare: `${prefix}_bare`, seeded: `${prefix}_seeded` } : null;
  const teardown = async () => {
    await rm(dir, { recursive: true, force: true });
    if (adminUrl && postgres) {
      for (const name of [postgres.bare, postgres.seeded])
        await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  };
  // PGlite and PostgreSQL side by side: the server does its part in its own processes.
  const [pglite, server] = await Promise.allSettled([
    pgliteTemplateFiles(dir),
    adminUrl && postgres ? createPostgresTemplates(adminUrl, postgres) : Promise.resolve(),
  ]);
  if (pglite.status === 'rejected' || server.status === 'rejected') {
    await teardown();
    throw pglite.status === 'rejected' ? pglite.reason : (server as PromiseRejectedResult).reason;
  }
  project.provide('pgliteTemplates', pglite.value);
  project.provide('postgresTemplates', postgres);
  return teardown;
}
