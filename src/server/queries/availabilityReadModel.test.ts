import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingStatuses } from '../../domain/bookingStatus.ts';
import { DomainError } from '../../domain/errors.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import { findAvailabilityReference } from '../../../test/support/availabilityReference.ts';
import { createTestStop, municipalityId, upcomingDate } from '../../../test/support/booking.ts';
import {
  createTestDatabase,
  openSecondProcess,
  testDatabaseKinds,
} from '../../../test/support/testDatabase.ts';
import { holdBooking } from '../commands/bookingHolder.ts';
import { openChangeFeed } from '../../db/changeFeed.ts';
import { findAvailability, findAvailabilityUntil, type AvailabilityRequest } from './availabilityQuery.ts';
import { AVAILABILITY_CHANNEL, AvailabilityMemory } from './availabilityMemory.ts';
import { rejectVisiblyFullSlot, rejectVisiblyFullSlotFromMemory } from './visiblyFullSlot.ts';

const MINUTE = 60_000;
const code = () => {
  const part = () => randomBytes(4).toString('hex').toUpperCase().slice(0, 4);
  return `${part()}-${part()}`;
};

/** One write to the bookings of the test's stops, as any command (or a person at the database) might do it. */
type Write =
  | {
      kind: 'insert';
      stop: number;
      slot: number;
      minutes: number;
      status: (typeof bookingStatuses)[number];
      counter: number;
      expiresInMinutes: number;
    }
  | { kind: 'status'; row: number; status: (typeof bookingStatuses)[number]; expiresInMinutes: number }
  | { kind: 'move'; row: number; stop: number; slot: number }
  | { kind: 'delete'; row: number };

const status = fc.constantFrom(...bookingStatuses);
const write: fc.Arbitrary<Write> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      stop: fc.nat(2),
      slot: fc.nat(11),
      minutes: fc.constantFrom(10, 15, 20, 30, 45),
      status,
      counter: fc.integer({ min: 1, max: 2 }),
      expiresInMinutes: fc.integer({ min: -30, max: 40 }),
    }),
  },
  fc.record({
    kind: fc.constant('status' as const),
    row: fc.nat(),
    status,
    expiresInMinutes: fc.integer({ min: -30, max: 40 }),
  }),
  fc.record({ kind: fc.constant('move' as const), row: fc.nat(), stop: fc.nat(2), slot: fc.nat(11) }),
  fc.record({ kind: fc.constant('delete' as const), row: fc.nat() }),
);

/** Holds and bookings crowded on a few slots of one stop: holds that run out free a full slot. */
const crowdedWrite: fc.Arbitrary<Write> = fc.record({
  kind: fc.constant('insert' as const),
  stop: fc.constant(0),
  slot: fc.nat(2),
  minutes: fc.constantFrom(15, 30),
  status: fc.constantFrom('held' as const, 'held' as const, 'confirmed' as const),
  counter: fc.integer({ min: 1, max: 2 }),
  expiresInMinutes: fc.integer({ min: 1, max: 40 }),
});

describe.each(testDatabaseKinds)('the availability read model on %s', (kind) => {
  let database: DatabaseHandle;
  let municipality: string;
  const stops: { id: string; date: string }[] = [];
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    municipality = await municipalityId(database.db);
    const dates = [upcomingDate(9, 2), upcomingDate(9, 3), upcomingDate(9, 4)];
    const sites = ['stadtbibliothek', 'bahnhof-avenwedde', 'kreishaus'];
    for (const [index, date] of dates.entries()) {
      stops.push({
        id: await createTestStop(database.db, {
          date,
          siteId: sites[index]!,
          startTime: '09:00',
          endTime: '12:00',
        }),
        date,
      });
    }
  }, 120_000);
  afterAll(async () => database?.close());

  // The three dates are the next Tuesday, Wednesday and Thursday after nine days: not always in that order.
  const earliestDate = () => stops.map((stop) => stop.date).sort()[0]!;
  const latestDate = () => stops.map((stop) => stop.date).sort()[2]!;

  const slotStart = (stop: number, slot: number) =>
    DateTime.fromISO(`${stops[stop]!.date}T09:00`, { zone: 'Europe/Berlin' })
      .plus({ minutes: slot * 15 })
      .toJSDate();

  async function apply(writes: Write[], nowMs: number) {
    const db = database.db;
    const ids: string[] = [];
    for (const step of writes) {
      // A write the constraints refuse (two rows on one lane, a lane beyond the stop's counters) is simply
      // not made, as in the application.
      try {
        if (step.kind === 'insert') {
          const startsAt = slotStart(step.stop, step.slot);
          const row = await db
            .insertInto('bookings')
            .values({
              municipality_id: municipality,
              stop_id: stops[step.stop]!.id,
              counter: step.counter,
              starts_at: startsAt,
              ends_at: new Date(startsAt.getTime() + step.minutes * MINUTE),
              duration_minutes: step.minutes,
              status: step.status,
              code: code(),
              token_hash: randomBytes(16).toString('hex'),
              hold_expires_at:
                step.status === 'held' || step.expiresInMinutes % 2 === 0
                  ? new Date(nowMs + step.expiresInMinutes * MINUTE)
                  : null,
              name: 'Eigenschaft',
              email: 'eigenschaft@example.org',
              email_key: 'eigenschaft@example.org',
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          ids.push(row.id);
        } else if (ids.length > 0) {
          const id = ids[step.row % ids.length]!;
          if (step.kind === 'status') {
            await db
              .updateTable('bookings')
              .set({
                status: step.status,
                hold_expires_at: new Date(nowMs + step.expiresInMinutes * MINUTE),
              })
              .where('id', '=', id)
              .execute();
          } else if (step.kind === 'move') {
            const row = await db
              .selectFrom('bookings')
              .select('duration_minutes')
              .where('id', '=', id)
              .executeTakeFirstOrThrow();
            const startsAt = slotStart(step.stop, step.slot);
            await db
              .updateTable('bookings')
              .set({
                stop_id: stops[step.stop]!.id,
                starts_at: startsAt,
                ends_at: new Date(startsAt.getTime() + row.duration_minutes * MINUTE),
              })
              .where('id', '=', id)
              .execute();
          } else {
            await db.deleteFrom('booking_services').where('booking_id', '=', id).execute();
            await db.deleteFrom('bookings').where('id', '=', id).execute();
            ids.splice(ids.indexOf(id), 1);
          }
        }
      } catch (error) {
        if (!/overbooking|exceeds|violates|exclusion/i.test(String(error))) throw error;
      }
    }
  }

  it('answers exactly as the computation from all bookings, for random bookings, holds and expiries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(write, { minLength: 1, maxLength: 14 }),
        fc.integer({ min: -5, max: 45 }),
        fc.constantFrom(
          [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
          [{ serviceId: 'personalausweis-beantragen', quantity: 2 }],
          [
            { serviceId: 'personalausweis-beantragen', quantity: 1 },
            { serviceId: 'wohnsitz-anmelden', quantity: 1 },
          ],
          [{ serviceId: 'briefwahl', quantity: 1 }],
          [{ serviceId: 'raumschiff-anmelden', quantity: 1 }],
        ),
        fc.constantFrom(undefined, 'bahnhof-avenwedde'),
        async (writes, laterMinutes, services, siteId) => {
          const db = database.db;
          const stopIds = stops.map((stop) => stop.id);
          await db
            .deleteFrom('booking_services')
            .where('booking_id', 'in', db.selectFrom('bookings').select('id').where('stop_id', 'in', stopIds))
            .execute();
          await db.deleteFrom('bookings').where('stop_id', 'in', stopIds).execute();
          const nowMs = Date.now();
          await apply(writes, nowMs);
          const request: AvailabilityRequest = {
            services: [...services],
            from: DateTime.fromISO(earliestDate(), { zone: 'Europe/Berlin' }).toJSDate(),
            to: DateTime.fromISO(latestDate(), { zone: 'Europe/Berlin' }).plus({ days: 1 }).toJSDate(),
            siteId,
            now: new Date(nowMs + laterMinutes * MINUTE),
            leadTimeMinutes: 30,
            maxStops: 30,
          };
          const answer = async (find: typeof findAvailability) => {
            try {
              return await find(db, municipality, request);
            } catch (error) {
              return error instanceof DomainError ? error.code : error;
            }
          };
          expect(await answer(findAvailability)).toEqual(await answer(findAvailabilityReference));
        },
      ),
      { numRuns: 50, seed: 20261207, endOnFailure: true },
    );
  }, 600_000);

  it('keeps answers in memory that equal a fresh computation, across random writes, time and a second process', async () => {
    // Two processes: on PostgreSQL a second pool and listening connection on the same database (what a
    // second server process has); PGlite runs in one process only, so there both listen on the one database.
    const other = await openSecondProcess(kind, database, 4);
    const processes = [
      { db: database.db, feed: await openChangeFeed(database, AVAILABILITY_CHANNEL) },
      {
        db: (other ?? database).db,
        feed: await openChangeFeed(other ?? database, AVAILABILITY_CHANNEL),
      },
    ].map((process) => ({ ...process, memory: new AvailabilityMemory(process.feed), computed: 0 }));
    try {
      const cached = (process: (typeof processes)[number], request: AvailabilityRequest) =>
        process.memory
          .answer(
            JSON.stringify([request.services, request.siteId ?? null]),
            request.now.getTime(),
            async (nowMs) => {
              process.computed++;
              const found = await findAvailabilityUntil(process.db, municipality, {
                ...request,
                now: new Date(nowMs),
              });
              return { value: found.stops, validUntilMs: found.validUntilMs, stopIds: found.stopIds };
            },
          )
          .catch((error: unknown) => (error instanceof DomainError ? error.code : error));
      const fresh = (request: AvailabilityRequest) =>
        findAvailabilityReference(database.db, municipality, request).catch((error: unknown) =>
          error instanceof DomainError ? error.code : error,
        );
      let changedByTime = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof({ weight: 1, arbitrary: write }, { weight: 2, arbitrary: crowdedWrite }), {
            minLength: 0,
            maxLength: 10,
          }),
          fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 4 }),
          fc.constantFrom(
            [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
            [{ serviceId: 'personalausweis-beantragen', quantity: 2 }],
            [{ serviceId: 'raumschiff-anmelden', quantity: 1 }],
          ),
          fc.constantFrom(undefined, 'bahnhof-avenwedde'),
          async (writes, laterMinutes, services, siteId) => {
            const db = database.db;
            const stopIds = stops.map((stop) => stop.id);
            const nowMs = Date.now();
            const request = (minutes: number): AvailabilityRequest => ({
              services: [...services],
              from: DateTime.fromISO(earliestDate(), { zone: 'Europe/Berlin' }).toJSDate(),
              to: DateTime.fromISO(latestDate(), { zone: 'Europe/Berlin' }).plus({ days: 1 }).toJSDate(),
              siteId,
              now: new Date(nowMs + minutes * MINUTE),
              leadTimeMinutes: 30,
              maxStops: 30,
            });
            // Both processes keep an answer from before the writes; the writes come from the first.
            for (const process of processes) await cached(process, request(0));
            await db
              .deleteFrom('booking_services')
              .where(
                'booking_id',
                'in',
                db.selectFrom('bookings').select('id').where('stop_id', 'in', stopIds),
              )
              .execute();
            await db.deleteFrom('bookings').where('stop_id', 'in', stopIds).execute();
            await apply(writes, nowMs);
            for (const process of processes) await process.memory.sync();
            // Later and later: holds run out, starts come within the lead time.
            let previous: unknown;
            for (const minutes of [0, ...laterMinutes].sort((a, b) => a - b)) {
              const expected = await fresh(request(minutes));
              if (previous !== undefined && JSON.stringify(previous) !== JSON.stringify(expected))
                changedByTime++;
              previous = expected;
              for (const process of processes) {
                expect(await cached(process, request(minutes))).toEqual(expected);
                // Asked again at the same moment: answered from memory, the same.
                const computed = process.computed;
                expect(await cached(process, request(minutes))).toEqual(expected);
                if (typeof expected !== 'string') expect(process.computed).toBe(computed);
              }
            }
          },
        ),
        { numRuns: 40, seed: 20261208, endOnFailure: true },
      );
      // The runs did reach answers that change by time alone (a kept answer had to end on time).
      expect(changedByTime).toBeGreaterThan(0);
    } finally {
      for (const process of processes) {
        process.memory.close();
        await process.feed.close();
      }
      await other?.close();
    }
  }, 600_000);

  it('forgets only the answers that looked at a stop whose occupancy changed; a stop of its own forgets all', async () => {
    const feed = await openChangeFeed(database, AVAILABILITY_CHANNEL);
    const memory = new AvailabilityMemory(feed);
    let computed = 0;
    const nowMs = Date.now();
    const request = (siteId: string | undefined): AvailabilityRequest => ({
      services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
      from: DateTime.fromISO(earliestDate(), { zone: 'Europe/Berlin' }).toJSDate(),
      to: DateTime.fromISO(latestDate(), { zone: 'Europe/Berlin' }).plus({ days: 1 }).toJSDate(),
      siteId,
      now: new Date(nowMs),
      leadTimeMinutes: 30,
      maxStops: 30,
    });
    const cached = (siteId: string | undefined) =>
      memory.answer(JSON.stringify([siteId ?? null]), nowMs, async (at) => {
        computed++;
        const found = await findAvailabilityUntil(database.db, municipality, {
          ...request(siteId),
          now: new Date(at),
        });
        return { value: found.stops, validUntilMs: found.validUntilMs, stopIds: found.stopIds };
      });
    const fresh = (siteId: string | undefined) =>
      findAvailabilityReference(database.db, municipality, request(siteId));
    let added: string | undefined;
    try {
      expect(feed.trusted).toBe(true);
      const db = database.db;
      const stopIds = stops.map((stop) => stop.id);
      await db
        .deleteFrom('booking_services')
        .where('booking_id', 'in', db.selectFrom('bookings').select('id').where('stop_id', 'in', stopIds))
        .execute();
      await db.deleteFrom('bookings').where('stop_id', 'in', stopIds).execute();
      await memory.sync();
      // One answer for the Bahnhof Avenwedde (stop 1 only), one for every site.
      await cached('bahnhof-avenwedde');
      await cached(undefined);
      expect(computed).toBe(2);

      // A booking at the Stadtbibliothek (stop 0): the Bahnhof's answer stays, the other is made anew.
      await apply(
        [
          {
            kind: 'insert',
            stop: 0,
            slot: 0,
            minutes: 15,
            status: 'confirmed',
            counter: 1,
            expiresInMinutes: 30,
          },
        ],
        nowMs,
      );
      await memory.sync();
      expect(await cached('bahnhof-avenwedde')).toEqual(await fresh('bahnhof-avenwedde'));
      expect(computed).toBe(2);
      expect(await cached(undefined)).toEqual(await fresh(undefined));
      expect(computed).toBe(3);

      // A booking at the Bahnhof: its answer is made anew.
      await apply(
        [
          {
            kind: 'insert',
            stop: 1,
            slot: 0,
            minutes: 15,
            status: 'confirmed',
            counter: 1,
            expiresInMinutes: 30,
          },
        ],
        nowMs,
      );
      await memory.sync();
      expect(await cached('bahnhof-avenwedde')).toEqual(await fresh('bahnhof-avenwedde'));
      expect(computed).toBe(4);

      // A new stop at the Bahnhof in the afternoon: no kept answer looked at it, yet it belongs in them.
      await cached(undefined);
      const before = computed;
      added = await createTestStop(database.db, {
        date: stops[1]!.date,
        siteId: 'bahnhof-avenwedde',
        startTime: '14:00',
        endTime: '16:00',
      });
      await memory.sync();
      const withNewStop = await cached('bahnhof-avenwedde');
      expect(withNewStop).toEqual(await fresh('bahnhof-avenwedde'));
      expect(withNewStop.map((found) => found.stop.id)).toContain(added);
      expect(await cached(undefined)).toEqual(await fresh(undefined));
      expect(computed).toBe(before + 2);
    } finally {
      if (added) await database.db.deleteFrom('stops').where('id', '=', added).execute();
      memory.close();
      await feed.close();
    }
  }, 120_000);

  it('refuses a visibly full slot from the occupancy kept in memory, told of changes by notification', async () => {
    const db = database.db;
    const feed = await openChangeFeed(database, AVAILABILITY_CHANNEL);
    const memory = new AvailabilityMemory(feed);
    try {
      const date = upcomingDate(12, 6);
      const stopId = await createTestStop(db, {
        date,
        siteId: 'kreishaus',
        startTime: '10:00',
        endTime: '10:15',
        counters: 1,
      });
      const startsAt = DateTime.fromISO(`${date}T10:00`, { zone: 'Europe/Berlin' }).toJSDate();
      const props = (email: string) => ({
        municipalityId: municipality,
        stopId,
        startsAt,
        services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
        name: 'Letzter Platz',
        email,
        locale: 'de' as const,
        now: new Date(),
        holdMinutes: 15,
        leadTimeMinutes: 30,
        maxActiveBookingsPerPerson: 5,
        publicBaseUrl: 'https://example.org',
      });
      const early = (email: string) =>
        rejectVisiblyFullSlotFromMemory(memory, db, props(email)).then(
          () => 'passes',
          (error: unknown) => (error as DomainError).code,
        );
      // Read while free and kept: the hold commits and the notification makes the memory read it again.
      expect(await early('erste@example.org')).toBe('passes');
      const first = await holdBooking(db, props('erste@example.org'));
      await memory.sync();
      expect(await early('zweite@example.org')).toBe('slot_full');
      expect(await early('dritte@example.org')).toBe('slot_full');
      // The person's own open hold is left to the locked decision (a repeat).
      expect(await early('erste@example.org')).toBe('passes');
      // Cancelled: free again once told.
      await db
        .updateTable('bookings')
        .set({ status: 'cancelled' })
        .where('id', '=', first.bookingId)
        .execute();
      await memory.sync();
      expect(await early('zweite@example.org')).toBe('passes');
      // Another hold, whose time then runs out: free again at once, by the clock alone.
      await holdBooking(db, props('vierte@example.org'));
      await memory.sync();
      expect(await early('zweite@example.org')).toBe('slot_full');
      const later = { ...props('zweite@example.org'), now: new Date(Date.now() + 16 * MINUTE) };
      await expect(rejectVisiblyFullSlotFromMemory(memory, db, later)).resolves.toBeUndefined();
    } finally {
      memory.close();
      await feed.close();
    }
  }, 120_000);

  it('answers a hold on a visibly full slot with slot_full before the stop is locked', async () => {
    const db = database.db;
    const date = upcomingDate(12, 5);
    const stopId = await createTestStop(db, {
      date,
      siteId: 'stadtbibliothek',
      startTime: '10:00',
      endTime: '10:15',
      counters: 1,
    });
    const startsAt = DateTime.fromISO(`${date}T10:00`, { zone: 'Europe/Berlin' }).toJSDate();
    const props = (email: string) => ({
      municipalityId: municipality,
      stopId,
      startsAt,
      services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
      name: 'Letzter Platz',
      email,
      locale: 'de' as const,
      now: new Date(),
      holdMinutes: 15,
      leadTimeMinutes: 30,
      maxActiveBookingsPerPerson: 5,
      publicBaseUrl: 'https://example.org',
    });
    // Free: the early check lets it through, the locked decision holds it.
    await expect(rejectVisiblyFullSlot(db, props('erste@example.org'))).resolves.toBeUndefined();
    const first = await holdBooking(db, props('erste@example.org'));

    // Full: refused early with the code the locked decision gives.
    const early = await rejectVisiblyFullSlot(db, props('zweite@example.org')).catch(
      (error: unknown) => error,
    );
    expect(early).toMatchObject({ code: 'slot_full', field: 'startsAt', status: 409 });
    const second = await holdBooking(db, props('zweite@example.org')).catch((error: unknown) => error);
    expect(second).toMatchObject({ code: 'slot_full', field: 'startsAt', status: 409 });

    // The person's own open hold is answered as the repeat it is, not refused.
    await expect(rejectVisiblyFullSlot(db, props('erste@example.org'))).resolves.toBeUndefined();
    expect((await holdBooking(db, props('erste@example.org'))).bookingId).toBe(first.bookingId);

    // Once the hold has expired, the slot is free again for the early check too.
    await db
      .updateTable('bookings')
      .set({ hold_expires_at: new Date(Date.now() - MINUTE) })
      .where('id', '=', first.bookingId)
      .execute();
    await expect(rejectVisiblyFullSlot(db, props('zweite@example.org'))).resolves.toBeUndefined();
    expect((await holdBooking(db, props('zweite@example.org'))).bookingId).not.toBe(first.bookingId);
  }, 120_000);
});
