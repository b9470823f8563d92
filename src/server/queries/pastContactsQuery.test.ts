import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connection.ts';
import { createTestStop, municipalityId, upcomingDate } from '../../../test/support/booking.ts';
import { insertVisitBooking, insertVisitTicket } from '../../../test/support/evaluationFixture.ts';
import { createTestDatabase, testDatabaseKinds } from '../../../test/support/testDatabase.ts';
import { pastContactsByDistrict } from './pastContactsQuery.ts';

describe.each(testDatabaseKinds)('the needs analysis layer of past contacts on %s', (kind) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => database?.close());

  it('counts bookings that were not cancelled and walk-ins by the district people came from, for a year', async () => {
    const db = database.db;
    const mid = await municipalityId(db);
    const [first, second] = (
      await db
        .selectFrom('districts')
        .select('id')
        .where('municipality_id', '=', mid)
        .orderBy('id')
        .limit(2)
        .execute()
    ).map((row) => row.id);
    const stopId = await createTestStop(db, { date: upcomingDate(7) });
    const startsAt = Date.parse(`${upcomingDate(7)}T08:00:00Z`);
    const booking = (status: 'finished' | 'no_show' | 'cancelled', districtId: string, minute: number) =>
      insertVisitBooking(db, mid, {
        stopId,
        status,
        origin: 'citizen',
        serviceId: 'personalausweis-beantragen',
        minutes: 10,
        startsAt: startsAt + minute * 60_000,
        districtId,
      });
    await booking('finished', first!, 0);
    await booking('no_show', first!, 10);
    await booking('cancelled', first!, 20); // not counted
    const old = await booking('finished', second!, 30);
    await db
      .updateTable('bookings')
      .set({ created_at: new Date(Date.now() - 400 * 86_400_000) })
      .where('id', '=', old)
      .execute(); // older than a year: not counted
    await insertVisitTicket(db, mid, {
      stopId,
      serviceId: 'personalausweis-beantragen',
      at: startsAt,
      wait: 1,
      handling: 5,
      districtId: second!,
    });

    expect(await pastContactsByDistrict(db, mid)).toEqual({ [first!]: 2, [second!]: 1 });
  });
});
