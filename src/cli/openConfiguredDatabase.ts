import { loadConfig } from '../config.ts';
import { databaseTargetFromConfig, openDatabase, type DatabaseHandle } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { seedIfEmpty } from './seed.ts';
import { underStartupLock } from '../db/startupLock.ts';
import { ensureInitialAdmin } from '../server/auth/initialAdmin.ts';

/** Opens the database the environment names, brings its schema up to date and seeds the first tenant. */
export async function openConfiguredDatabase(
  options: { sampleSchedules?: boolean } = {},
): Promise<DatabaseHandle> {
  const config = loadConfig();
  const handle = await openDatabase(databaseTargetFromConfig(config));
  try {
    // Several processes may start together on one empty PostgreSQL database: one migrates and seeds at a time.
    await underStartupLock(handle, async () => {
      await migrateToLatest(handle.db);
      await seedIfEmpty(
        handle.db,
        options.sampleSchedules ? { sampleSchedules: { horizonWeeks: config.booking.horizonWeeks } } : {},
      );
      await ensureInitialAdmin(handle.db, config.defaultMunicipality, {
        email: config.staffAuth.initialAdminEmail,
        password: config.staffAuth.initialAdminPassword,
      });
    });
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
