import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection.ts';
import { listMigrations, migrateToLatest } from '../db/migrate.ts';
import { seedIfEmpty } from './seed.ts';
import { underStartupLock } from '../db/startupLock.ts';
import { createEmptyPostgresDatabase, postgresKinds } from '../../test/support/testDatabase.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

function startChild(databaseUrl: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/startupChild.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      ADMIN_EMAIL: 'it-admin@guetersloh.example',
      ADMIN_INITIAL_PASSWORD: 'a-long-initial-password',
    },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, output })),
  );
}

describe('first start on the embedded database', () => {
  it('needs no lock and seeds once however often it runs', async () => {
    const handle = await openDatabase({ kind: 'pglite-memory' });
    try {
      const first = await underStartupLock(handle, async () => {
        await migrateToLatest(handle.db);
        return seedIfEmpty(handle.db);
      });
      const second = await underStartupLock(handle, async () => {
        expect(await migrateToLatest(handle.db)).toEqual([]);
        return seedIfEmpty(handle.db);
      });
      expect([first, second]).toEqual([true, false]);
      const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM municipalities`.execute(
        handle.db,
      );
      expect(count.rows[0]!.n).toBe(1);
    } finally {
      await handle.close();
    }
  });
});

describe.each(postgresKinds)('three processes starting together on one empty %s database', () => {
  it('all start, and the schema, the seed and the first admin exist once', async () => {
    const database = await createEmptyPostgresDatabase();
    try {
      const results = await Promise.all([1, 2, 3].map(() => startChild(database.url)));
      for (const result of results) {
        expect(result.output).toContain('"ok":true');
        expect(result.code).toBe(0);
      }
      const handle = await openDatabase({ kind: 'postgres', url: database.url });
      try {
        const count = async (table: string) =>
          (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(handle.db))
            .rows[0]!.n;
        expect(await count('schema_migrations')).toBe(listMigrations().length);
        expect(await count('municipalities')).toBe(1);
        expect(await count('sites')).toBe(17);
        expect(await count('schedules')).toBe(5);
        expect(await count('staff_users')).toBe(1);
      } finally {
        await handle.close();
      }
    } finally {
      await database.drop();
    }
  }, 300_000);
});
