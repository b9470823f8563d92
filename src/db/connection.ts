import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock, type DataDirLock } from './dataDirLock.ts';
import type { Database } from './schema.ts';

// One result-type configuration for PGlite and PostgreSQL (both go through `pg`).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// date[] like text[]: calendar days stay 'YYYY-MM-DD' strings, never shifted by the machine's time zone.
const DATE_ARRAY_OID = 1182 as Parameters<typeof pg.types.setTypeParser>[0];
const TEXT_ARRAY_OID = 1009 as Parameters<typeof pg.types.setTypeParser>[0];
pg.types.setTypeParser(DATE_ARRAY_OID, pg.types.getTypeParser(TEXT_ARRAY_OID) as (value: string) => string[]);

export type DatabaseTarget =
  | {
      kind: 'postgres';
      url: string;
      poolSize?: number;
      connectTimeoutMs?: number;
      /** Told of connections the server ended; they are replaced by themselves. */
      onConnectionError?: (error: Error) => void;
    }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite-memory'; loadDataDir?: Blob | File };

export interface DatabaseHandle {
  db: Kysely<Database>;
  pool: pg.Pool;
  kind: DatabaseTarget['kind'];
  /** Present for the embedded database; used by tests to snapshot a migrated template. */
  pglite?: PGlite;
  close(): Promise<void>;
}

async function openPglite(dataDir: string | undefined, loadDataDir?: Blob | File): Promise<PGlite> {
  const options = { extensions: { btree_gist }, ...(loadDataDir ? { loadDataDir } : {}) };
  const pglite = dataDir ? new PGlite(dataDir, options) : new PGlite(options);
  await pglite.waitReady;
  return pglite;
}

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  let lock: DataDirLock | undefined;
  let pglite: PGlite | undefined;
  let pool: pg.Pool;
  if (target.kind === 'postgres') {
    pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 10,
      // An unreachable server fails a request after this long instead of holding it forever.
      connectionTimeoutMillis: target.connectTimeoutMs ?? 10_000,
      keepAlive: true,
    });
    // A connection closed by the server (restart, failover, pg_terminate_backend, idle timeout) emits 'error'
    // on its client: idle ones through the pool, checked-out ones on the client itself. Unhandled, either event
    // ends the process. The query in flight fails on its own (the server answers 503) and the pool drops the
    // dead client and opens a new one on the next query.
    pool.on('error', (error) => target.onConnectionError?.(error));
    pool.on('connect', (client) => {
      client.on('error', (error) => target.onConnectionError?.(error));
    });
  } else {
    if (target.kind === 'pglite') lock = acquireDataDirLock(target.dataDir);
    try {
      pglite = await openPglite(
        target.kind === 'pglite' ? target.dataDir : undefined,
        target.kind === 'pglite-memory' ? target.loadDataDir : undefined,
      );
    } catch (error) {
      lock?.release();
      throw error;
    }
    pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    db,
    pool,
    kind: target.kind,
    ...(pglite ? { pglite } : {}),
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await pglite?.close();
      lock?.release();
    },
  };
}

export function databaseTargetFromConfig(config: { databaseUrl?: string | undefined; dataDir: string }) {
  return config.databaseUrl
    ? ({ kind: 'postgres', url: config.databaseUrl } as const)
    : ({ kind: 'pglite', dataDir: config.dataDir } as const);
}
