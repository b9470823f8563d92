import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../config.ts';
import { DataDirLockedError } from '../db/dataDirLock.ts';
import { openChangeFeed } from '../db/changeFeed.ts';
import { buildApp } from '../server/app.ts';
import { AVAILABILITY_CHANNEL } from '../server/queries/availabilityMemory.ts';
import { openConfiguredDatabase } from './openConfiguredDatabase.ts';

const startedAt = performance.now();
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const defaultWebDir = fileURLToPath(new URL('../../dist/web/', import.meta.url));

function buildWebIfMissing(webDir: string): void {
  if (webDir !== defaultWebDir || existsSync(webDir + 'index.html')) return;
  console.log('No build of the web app found: building it once (vite build)…');
  execFileSync(process.execPath, [projectRoot + 'node_modules/vite/bin/vite.js', 'build'], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
}

async function start(): Promise<void> {
  const config = loadConfig();
  if (config.nodeEnv === 'production' && !config.smtpUrl) {
    throw new ConfigError(
      'NODE_ENV=production needs SMTP_URL: citizens must receive their confirmation mails.',
    );
  }
  const webDir = config.webDir ?? defaultWebDir;
  buildWebIfMissing(webDir);
  const handle = await openConfiguredDatabase({
    sampleSchedules: config.seedSampleSchedules,
    demoActivity: config.seedDemoActivity,
  });
  const app = await buildApp({
    db: handle.db,
    config,
    webDir,
    runJobs: true,
    ...(handle.kind === 'postgres' ? { pool: handle.pool } : {}),
    availabilityChanges: await openChangeFeed(handle, AVAILABILITY_CHANNEL),
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const forced = setTimeout(() => process.exit(1), 10_000);
    forced.unref();
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  const address = await app.listen({ port: config.port, host: config.host });
  const readyMs = Math.round(performance.now() - startedAt);
  app.log.info(
    { readyMs, database: handle.kind, rssMb: Math.round(process.memoryUsage().rss / 1e6), address },
    `Mobiles Rathaus ready on ${address.replace('127.0.0.1', 'localhost')}`,
  );
}

start().catch((error: unknown) => {
  if (error instanceof DataDirLockedError || error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});
