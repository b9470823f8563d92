import type { FastifyInstance } from 'fastify';
import { loadConfig, type AppConfig } from '../../src/config.ts';
import type { DatabaseHandle } from '../../src/db/connection.ts';
import { buildApp } from '../../src/server/app.ts';
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
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  const { webDir, rateLimitPerMinute, logStream, ...configOverrides } = overrides;
  const config = { ...loadConfig({ NODE_ENV: 'test' }), citizenWritesPerMinute: 100_000, ...configOverrides };
  const app = await buildApp({
    db: database.db,
    config,
    ...(webDir ? { webDir } : {}),
    ...(logStream ? { logStream } : {}),
    rateLimitPerMinute: rateLimitPerMinute ?? 10_000,
    ...(database.kind === 'postgres' ? { pool: database.pool } : {}),
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
