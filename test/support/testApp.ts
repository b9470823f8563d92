import type { FastifyInstance } from 'fastify';
import { loadConfig, type AppConfig } from '../../src/config.ts';
import type { DatabaseHandle } from '../../src/db/connection.ts';
import { openChangeFeed } from '../../src/db/changeFeed.ts';
import { buildApp } from '../../src/server/app.ts';
import { AVAILABILITY_CHANNEL } from '../../src/server/queries/availabilityMemory.ts';
import { createTestDatabase, type TestDatabaseKind } from './testDatabase.ts';

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  config: AppConfig;
  close(): Promise<void>;
}

export async function createTestApp(
  kind: TestDatabaseKind,
  overrides: Partial<AppConfig> & {
    webDir?: string;
    rateLimitPerMinute?: number;
    logStream?: NodeJS.WritableStream;
    /** Keep availability in memory, forgotten on the database's notifications (as `npm start` does). */
    availabilityInMemory?: boolean;
    /** Compile every route's schemas at start instead of on first use (see buildApp). */
    compileSchemasEagerly?: boolean;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  const {
    webDir,
    rateLimitPerMinute,
    logStream,
    availabilityInMemory,
    compileSchemasEagerly,
    ...configOverrides
  } = overrides;
  const defaults = loadConfig({ NODE_ENV: 'test' });
  // Tests reuse a few addresses and clients many times: the abuse limits bite only where a test sets them.
  const config = {
    ...defaults,
    citizenWritesPerMinute: 100_000,
    abuse: { ...defaults.abuse, mailPerRecipientPerDay: 100_000, walkInTicketsPerClient: 100_000 },
    booking: {
      ...defaults.booking,
      holdLimits: { perClient: 100_000, perStopPerClient: 100_000, unconfirmedShare: 1 },
    },
    ...configOverrides,
  };
  const app = await buildApp({
    db: database.db,
    config,
    ...(webDir ? { webDir } : {}),
    ...(logStream ? { logStream } : {}),
    rateLimitPerMinute: rateLimitPerMinute ?? 10_000,
    ...(database.kind === 'postgres' ? { pool: database.pool } : {}),
    ...(compileSchemasEagerly ? { compileSchemasEagerly } : {}),
    ...(availabilityInMemory
      ? { availabilityChanges: await openChangeFeed(database, AVAILABILITY_CHANNEL) }
      : {}),
  });
  await app.ready();
  return {
    app,
    database,
    config,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
