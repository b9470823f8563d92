import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChangeFeed } from '../db/changeFeed.ts';
import type { DatabaseHandle } from '../db/connection.ts';
import { createTestDatabase, openSecondProcess, testDatabaseKinds } from '../../test/support/testDatabase.ts';
import { AVAILABILITY_CHANNEL } from './queries/availabilityMemory.ts';
import { keepHashKeyInMemory, keyedHash } from './keyedHash.ts';

const expected = (key: string, value: string) =>
  createHmac('sha256', key).update(`client:${value}`).digest('base64url');

const rotate = async (database: DatabaseHandle, key: string) =>
  database.db.updateTable('hash_keys').set({ key }).where('purpose', '=', 'abuse').execute();

describe.each(testDatabaseKinds)('the keyed-hash key kept in memory, on %s', (kind) => {
  let database: DatabaseHandle;
  let other: DatabaseHandle | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(kind, { seed: false });
    // A second server process on PostgreSQL: its own pool and listening connection on the same database.
    other = await openSecondProcess(kind, database);
  }, 120_000);
  afterAll(async () => {
    await other?.close();
    await database?.close();
  });

  it('hashes with the key kept until a rotation is told, then with the new key, in every process', async () => {
    const handles = [database, other ?? database];
    const feeds = await Promise.all(handles.map((handle) => openChangeFeed(handle, AVAILABILITY_CHANNEL)));
    const stops = handles.map((handle, i) => keepHashKeyInMemory(handle.db, feeds[i]!));
    const syncAll = () => Promise.all(feeds.map((feed) => feed.sync()));
    try {
      await rotate(database, 'a'.repeat(64));
      await syncAll();
      for (const handle of handles) {
        expect(await keyedHash(handle.db, 'client', '192.0.2.1')).toBe(expected('a'.repeat(64), '192.0.2.1'));
      }
      // A rotation from the first process: both hash with the new key once they have heard of it, also
      // inside a transaction (the mail outbox hashes recipients there).
      await rotate(database, 'b'.repeat(64));
      await syncAll();
      for (const handle of handles) {
        expect(await keyedHash(handle.db, 'client', '192.0.2.1')).toBe(expected('b'.repeat(64), '192.0.2.1'));
        await handle.db.transaction().execute(async (trx) => {
          expect(await keyedHash(trx, 'client', '192.0.2.1')).toBe(expected('b'.repeat(64), '192.0.2.1'));
        });
      }

      // A rotation from the second process is seen by the first.
      await rotate(other ?? database, 'c'.repeat(64));
      await syncAll();
      for (const handle of handles) {
        expect(await keyedHash(handle.db, 'client', '192.0.2.1')).toBe(expected('c'.repeat(64), '192.0.2.1'));
      }

      // A rotation rolled back is never kept: the key read inside the transaction is not the committed one.
      await database.db
        .transaction()
        .execute(async (trx) => {
          await trx
            .updateTable('hash_keys')
            .set({ key: 'd'.repeat(64) })
            .execute();
          expect(await keyedHash(trx, 'client', '192.0.2.1')).toBe(expected('d'.repeat(64), '192.0.2.1'));
          throw new Error('roll back');
        })
        .catch(() => undefined);
      await syncAll();
      for (const handle of handles) {
        expect(await keyedHash(handle.db, 'client', '192.0.2.1')).toBe(expected('c'.repeat(64), '192.0.2.1'));
      }
    } finally {
      for (const stop of stops) stop();
      for (const feed of feeds) await feed.close();
    }
  });

  it('keeps the key while the feed is trusted: a change without notification is not seen', async () => {
    const feed = await openChangeFeed(database, AVAILABILITY_CHANNEL);
    const stop = keepHashKeyInMemory(database.db, feed);
    try {
      await rotate(database, 'e'.repeat(64));
      await feed.sync();
      expect(await keyedHash(database.db, 'client', 'x')).toBe(expected('e'.repeat(64), 'x'));
      // The trigger of migration 054 switched off for one change: the process keeps hashing with its key.
      await sql`ALTER TABLE hash_keys DISABLE TRIGGER hash_keys_notify`.execute(database.db);
      await rotate(database, 'h'.repeat(64));
      await sql`ALTER TABLE hash_keys ENABLE TRIGGER hash_keys_notify`.execute(database.db);
      await feed.sync();
      expect(await keyedHash(database.db, 'client', 'x')).toBe(expected('e'.repeat(64), 'x'));
      // Without the feed's trust (the feed closed) nothing is kept: the key is read.
      await feed.close();
      expect(await keyedHash(database.db, 'client', 'x')).toBe(expected('h'.repeat(64), 'x'));
    } finally {
      stop();
      await feed.close();
    }
  });

  it('reads the key for every hash without a change feed', async () => {
    await rotate(database, 'f'.repeat(64));
    expect(await keyedHash(database.db, 'client', 'y')).toBe(expected('f'.repeat(64), 'y'));
    await rotate(database, 'g'.repeat(64));
    expect(await keyedHash(database.db, 'client', 'y')).toBe(expected('g'.repeat(64), 'y'));
  });
});
