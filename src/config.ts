import { resolve } from 'node:path';

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  nodeEnv: 'production' | 'development' | 'test';
  defaultMunicipality: string;
  logLevel: string;
  mapTileUrl: string | undefined;
  mapTileAttribution: string | undefined;
  publicBaseUrl: string;
  /** Folder of the built web app; the default build is made on first start when missing. */
  webDir: string | undefined;
  /** Behind a reverse proxy, take the client address from X-Forwarded-For (for rate limits). */
  trustProxy: boolean;
  rateLimitPerMinute: number;
}

export class ConfigError extends Error {}

function integerFromEnv(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = env.NODE_ENV === 'development' || env.NODE_ENV === 'test' ? env.NODE_ENV : 'production';
  const port = integerFromEnv(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || 'localhost';
  return {
    port,
    host,
    dataDir: resolve(env.DATA_DIR || './var'),
    databaseUrl: env.DATABASE_URL || undefined,
    nodeEnv,
    defaultMunicipality: env.DEFAULT_MUNICIPALITY || 'guetersloh',
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    mapTileUrl: env.MAP_TILE_URL || undefined,
    mapTileAttribution: env.MAP_TILE_ATTRIBUTION || undefined,
    publicBaseUrl: env.PUBLIC_BASE_URL || `http://localhost:${port}`,
    webDir: env.WEB_DIR ? resolve(env.WEB_DIR) : undefined,
    trustProxy: env.TRUST_PROXY === 'true',
    rateLimitPerMinute: integerFromEnv(env, 'RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
  };
}
