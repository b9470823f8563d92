import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChangeFeed, type ChangeFeed } from '../../db/changeFeed.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import {
  createTestDatabase,
  openSecondProcess,
  testDatabaseKinds,
} from '../../../test/support/testDatabase.ts';
import { AVAILABILITY_CHANNEL } from '../queries/availabilityMemory.ts';
import { tenancyPlugin } from './tenancy.ts';

async function tenancyApp(database: DatabaseHandle, changes: ChangeFeed | undefined) {
  const app = Fastify();
  await app.register(tenancyPlugin, {
    db: database.db,
    defaultSlug: 'guetersloh',
    defaultPublicBaseUrl: 'https://default.example',
    changes,
  });
  app.get('/who', async (request) => app.resolveMunicipality(request));
  await app.ready();
  const who = async (host: string) => {
    const response = await app.inject({ url: '/who', headers: { host } });
    return response.json() as { slug: string; publicBaseUrl: string };
  };
  return { app, who };
}

describe.each(testDatabaseKinds)('the municipality a request acts for, kept in memory, on %s', (kind) => {
  let database: DatabaseHandle;
  let other: DatabaseHandle | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    // A second server process on PostgreSQL: its own pool and listening connection on the same database.
    other = await openSecondProcess(kind, database);
  }, 120_000);
  afterAll(async () => {
    await other?.close();
    await database?.close();
  });

  it('sees a new municipality, a changed address and a removed host at once, in every process', async () => {
    const feeds = [
      await openChangeFeed(database, AVAILABILITY_CHANNEL),
      await openChangeFeed(other ?? database, AVAILABILITY_CHANNEL),
    ];
    const apps = [await tenancyApp(database, feeds[0]), await tenancyApp(other ?? database, feeds[1])];
    const syncAll = () => Promise.all(feeds.map((feed) => feed.sync()));
    try {
      expect(feeds.every((feed) => feed.trusted)).toBe(true);
      for (const { who } of apps) {
        // Asked twice: the second answer is the kept one.
        expect((await who('rathaus.example.test')).slug).toBe('guetersloh');
        expect((await who('rathaus.example.test')).slug).toBe('guetersloh');
      }

      await database.db
        .insertInto('municipalities')
        .values({
          slug: 'musterstadt',
          name: 'Musterstadt',
          hostnames: ['rathaus.example.test'],
        })
        .execute();
      await syncAll();
      for (const { who } of apps) expect((await who('rathaus.example.test')).slug).toBe('musterstadt');

      await database.db
        .updateTable('municipalities')
        .set({ public_base_url: 'https://musterstadt.example' })
        .where('slug', '=', 'musterstadt')
        .execute();
      await syncAll();
      for (const { who } of apps) {
        expect((await who('rathaus.example.test')).publicBaseUrl).toBe('https://musterstadt.example');
      }

      await database.db
        .updateTable('municipalities')
        .set({ hostnames: [] })
        .where('slug', '=', 'musterstadt')
        .execute();
      await syncAll();
      for (const { who } of apps) expect((await who('rathaus.example.test')).slug).toBe('guetersloh');
    } finally {
      for (const { app } of apps) await app.close();
      for (const feed of feeds) await feed.close();
      await database.db.deleteFrom('municipalities').where('slug', '=', 'musterstadt').execute();
    }
  });

  it('reads the table for every request without a change feed', async () => {
    const { app, who } = await tenancyApp(database, undefined);
    try {
      expect((await who('anders.example.test')).slug).toBe('guetersloh');
      await database.db
        .insertInto('municipalities')
        .values({ slug: 'anderstadt', name: 'Anderstadt', hostnames: ['anders.example.test'] })
        .execute();
      expect((await who('anders.example.test')).slug).toBe('anderstadt');
    } finally {
      await app.close();
      await database.db.deleteFrom('municipalities').where('slug', '=', 'anderstadt').execute();
    }
  });
});
