import { createHmac } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { ChangeFeed } from '../db/changeFeed.ts';
import type { Database } from '../db/schema.ts';

/** The payload migration 054 notifies when `hash_keys` changes (a rotation). */
export const HASH_KEYS_CHANGED = 'hash-keys';

type Executor = Kysely<Database> | Transaction<Database>;

interface KeptKey {
  feed: ChangeFeed;
  key: string | undefined;
  /** Counts the notifications that forgot the key: a read that saw one meanwhile is not kept. */
  epoch: number;
}

/**
 * Keys kept per database. A transaction and the `Kysely` it was started from share their dialect adapter
 * (one per `Kysely` instance), so the adapter tells which database's key a transaction sees; two databases
 * in one process (tests) never share one.
 */
const keptKeys = new WeakMap<object, KeptKey>();

const databaseOf = (db: Executor): object | undefined =>
  (db as unknown as { getExecutor?: () => { adapter?: object } }).getExecutor?.().adapter;

/**
 * Keeps the deployment's hash key in this process's memory while `feed` is trusted, and forgets it on every
 * notification of a change to `hash_keys` (migration 054) from any process and whenever the feed is lost: a
 * rotation is seen as soon as its notification arrives, as everything else kept in memory. Without this (no
 * feed), every keyed hash reads the key. Returns the function that stops keeping it.
 */
export function keepHashKeyInMemory(db: Kysely<Database>, feed: ChangeFeed): () => void {
  const database = databaseOf(db);
  if (!database) return () => undefined;
  const kept: KeptKey = { feed, key: undefined, epoch: 0 };
  const forget = () => {
    kept.key = undefined;
    kept.epoch++;
  };
  const unsubscribe = feed.subscribe((payload) => {
    if (payload === HASH_KEYS_CHANGED || payload === '*') forget();
  }, forget);
  keptKeys.set(database, kept);
  return () => {
    unsubscribe();
    if (keptKeys.get(database) === kept) keptKeys.delete(database);
  };
}

async function readHashKey(db: Executor): Promise<string> {
  const { key } = await db
    .selectFrom('hash_keys')
    .select('key')
    .where('purpose', '=', 'abuse')
    .executeTakeFirstOrThrow();
  return key;
}

/** The deployment's hashing key: the kept one, or read (and kept when it may be). */
export async function hashKey(db: Executor): Promise<string> {
  const database = databaseOf(db);
  const kept = database ? keptKeys.get(database) : undefined;
  if (!kept || !kept.feed.trusted) return readHashKey(db);
  if (kept.key !== undefined) return kept.key;
  const epoch = kept.epoch;
  const key = await readHashKey(db);
  // Only a committed key is kept: one read inside a transaction may be that transaction's own change.
  if (!db.isTransaction && kept.feed.trusted && kept.epoch === epoch) kept.key = key;
  return key;
}

/**
 * A keyed hash (HMAC-SHA-256) for counting by client address or mail recipient without keeping either in
 * clear, and for signing short-lived download links. The key is random and lives in the database (`hash_keys`,
 * migration 007), so every process of a deployment hashes alike and the hash cannot be reversed by hashing
 * guessed addresses. With `keepHashKeyInMemory` it is read once per process until it changes.
 */
export async function keyedHash(
  db: Executor,
  kind: 'client' | 'recipient' | 'calendar-link',
  value: string,
): Promise<string> {
  const key = await hashKey(db);
  return createHmac('sha256', key).update(`${kind}:${value}`).digest('base64url');
}
