import { createHmac } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** What @fastify/rate-limit hands a store's `incr` callback. */
interface RateLimitResult {
  current: number;
  ttl: number;
}

type IncrCallback = (error: Error | null, result?: RateLimitResult) => void;

/** The part of @fastify/rate-limit's merged route options a store's `child` reads. */
interface ChildOptions {
  routeInfo?: { method?: string | string[]; url?: string };
}

/**
 * A store for @fastify/rate-limit that counts in PostgreSQL (`rate_limit_counters`), so that a limit holds across
 * every process of a deployment behind one proxy: three processes do not allow three times the requests. One
 * statement per request (an upsert that starts a new window when the old one has passed). Keys are keyed hashes
 * of the route and the client address, so the table holds no address in clear.
 */
export function databaseRateLimitStore(db: Kysely<Database>, hashKey: string) {
  const hash = (value: string) =>
    createHmac('sha256', hashKey).update(`rate-limit:${value}`).digest('base64url');

  return class DatabaseRateLimitStore {
    readonly prefix: string;

    constructor(_globalOptions?: unknown, prefix = 'global:') {
      this.prefix = prefix;
    }

    incr(key: string, callback: IncrCallback, timeWindow = 60_000): void {
      sql<{ hits: number; ttl: number }>`
        INSERT INTO rate_limit_counters AS c (key, hits, reset_at)
        VALUES (${hash(this.prefix + key)}, 1, clock_timestamp() + make_interval(secs => ${timeWindow / 1000}))
        ON CONFLICT (key) DO UPDATE SET
          hits = CASE WHEN c.reset_at <= clock_timestamp() THEN 1 ELSE c.hits + 1 END,
          reset_at = CASE WHEN c.reset_at <= clock_timestamp() THEN EXCLUDED.reset_at ELSE c.reset_at END
        RETURNING hits, greatest(0, ceil(extract(epoch FROM c.reset_at - clock_timestamp()) * 1000))::int AS ttl
      `
        .execute(db)
        .then(({ rows }) => callback(null, { current: Number(rows[0]!.hits), ttl: Number(rows[0]!.ttl) }))
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    }

    /** A route's own limit counts apart from the global one (the same prefix in every process). */
    child(routeOptions: unknown): DatabaseRateLimitStore {
      const { routeInfo } = routeOptions as ChildOptions;
      const method = [routeInfo?.method ?? ''].flat().join(',');
      return new DatabaseRateLimitStore(undefined, `${method} ${routeInfo?.url ?? ''}:`);
    }
  };
}

/** The deployment's random hashing key (migration 007), read once when the app starts. */
export async function rateLimitHashKey(db: Kysely<Database>): Promise<string> {
  const { key } = await db
    .selectFrom('hash_keys')
    .select('key')
    .where('purpose', '=', 'abuse')
    .executeTakeFirstOrThrow();
  return key;
}

/** Deletes counters whose window has passed (the periodic clean-up). */
export async function deleteExpiredRateLimitCounters(db: Kysely<Database>, now: Date): Promise<void> {
  await db.deleteFrom('rate_limit_counters').where('reset_at', '<', now).execute();
}
