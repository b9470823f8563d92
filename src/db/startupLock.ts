import type { DatabaseHandle } from './connection.ts';

/**
 * Key of the session advisory lock held while a process migrates and seeds a PostgreSQL database. Distinct from
 * the key `migrateToLatest` takes per migration, because the work below runs on other pool connections.
 */
export const STARTUP_LOCK_KEY = 7_366_124_000;

/**
 * Runs the first-start work (migrations, seed, first admin) while holding a PostgreSQL advisory lock on a
 * dedicated connection, so any number of processes can start together on one empty database: the first does the
 * work, the others wait and then find it done. The embedded database needs no lock: its data directory admits
 * one process only.
 */
export async function underStartupLock<T>(handle: DatabaseHandle, work: () => Promise<T>): Promise<T> {
  if (handle.kind !== 'postgres') return work();
  const client = await handle.pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]).catch((error: Error) => {
        // Ending the session releases the lock as well.
        broken = error;
      });
    }
  } catch (error) {
    broken ??= error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}
