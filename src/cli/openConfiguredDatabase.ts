import { loadConfig } from '../config.ts';
import { databaseTargetFromConfig, openDatabase, type DatabaseHandle } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { seedIfEmpty } from './seed.ts';
import { seedDemoActivity } from './demo/demoActivity.ts';
import { underStartupLock } from '../db/startupLock.ts';
import { ensureInitialAdmin } from '../server/auth/initialAdmin.ts';

/**
 * Demo data goes only into a database that was just created, embedded (PGlite on disk, as `npm start` makes it), in
 * development: never into PostgreSQL, production or a test run, and never into a database that has data.
 */
export function getsDemoActivity(situation: {
  fresh: boolean;
  wanted: boolean;
  database: DatabaseHandle['kind'];
  nodeEnv: string;
}): boolean {
  return (
    situation.fresh &&
    situation.wanted &&
    situation.database === 'pglite' &&
    situation.nodeEnv === 'development'
  );
}

/** Opens the database the environment names, brings its schema up to date and seeds the first tenant. */
export async function openConfiguredDatabase(
  options: {
    sampleSchedules?: boolean;
    /** Simulated activity and demo cases; only a fresh embedded database gets them, never PostgreSQL. */
    demoActivity?: boolean;
  } = {},
): Promise<DatabaseHandle> {
  const config = loadConfig();
  const handle = await openDatabase(databaseTargetFromConfig(config));
  try {
    // Several processes may start together on one empty PostgreSQL database: one migrates and seeds at a time.
    await underStartupLock(handle, async () => {
      await migrateToLatest(handle.db);
      const fresh = await seedIfEmpty(
        handle.db,
        options.sampleSchedules ? { sampleSchedules: { horizonWeeks: config.booking.horizonWeeks } } : {},
      );
      await ensureInitialAdmin(handle.db, config.defaultMunicipality, {
        email: config.staffAuth.initialAdminEmail,
        password: config.staffAuth.initialAdminPassword,
      });
      if (
        getsDemoActivity({
          fresh,
          wanted: options.demoActivity ?? false,
          database: handle.kind,
          nodeEnv: config.nodeEnv,
        })
      ) {
        await seedDemoActivity(handle.db, { municipalitySlug: config.defaultMunicipality, config });
      }
    });
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
