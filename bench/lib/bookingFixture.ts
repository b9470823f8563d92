/**
 * The booking benchmarks' data on a PostgreSQL database of their own: Gütersloh's seed, ten units (one per
 * site, two counters, the equipment for every service) and a stop at every site on every working day of a month,
 * 09:00–17:00. The database is created from BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 * and dropped by `drop()`; with kind 'pglite' it is an embedded database in memory (`url` is then 'pglite-memory').
 */
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { seedGuetersloh } from '../../src/cli/seed.ts';
import { importCatalogue } from '../../src/server/commands/catalogueImporter.ts';
import { createStop } from '../../src/server/commands/stopCreator.ts';

export const BENCH_SITES = [
  'stadtbibliothek',
  'bahnhof-avenwedde',
  'spexarder-bauernhaus',
  'isselhorst-dorfplatz',
  'kreishaus',
  'theater-stadthalle',
  'zob-hauptbahnhof',
  'buergerhaus-blankenhagen',
  'berliner-platz-wochenmarkt',
  'rathaus-buergerbuero',
];

export interface BookingFixture {
  /** The benchmark database's connection string. */
  url: string;
  handle: DatabaseHandle;
  first: DateTime;
  stops: { id: string; date: string }[];
  drop(): Promise<void>;
}

export async function createBookingFixture(
  poolSize = 20,
  kind: 'postgres' | 'pglite' = 'postgres',
): Promise<BookingFixture> {
  let url = 'pglite-memory';
  let handle: DatabaseHandle;
  let drop: () => Promise<void>;
  if (kind === 'pglite') {
    handle = await openDatabase({ kind: 'pglite-memory' });
    drop = () => handle.close();
  } else {
    const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `mr_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const address = new URL(adminUrl);
    address.pathname = `/${name}`;
    url = address.toString();
    const server = await openDatabase({ kind: 'postgres', url, poolSize });
    handle = server;
    drop = async () => {
      await server.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  }
  try {
    await migrateToLatest(handle.db);
    await seedGuetersloh(handle.db);
    const municipality = await handle.db
      .selectFrom('municipalities')
      .select('id')
      .where('slug', '=', 'guetersloh')
      .executeTakeFirstOrThrow();
    await importCatalogue(handle.db, {
      kind: 'units',
      file: 'bench-units.json',
      format: 'json',
      municipality: 'guetersloh',
      actor: 'bench',
      text: JSON.stringify(
        BENCH_SITES.map((_, i) => ({
          id: `bench-unit-${i}`,
          name: `Bench ${i}`,
          kind: 'van',
          counters: 2,
          equipment: [
            'registry_laptop',
            'secure_network',
            'biometric_camera',
            'qr_photo_retrieval',
            'fingerprint_scanner',
            'signature_pad',
            'printer',
            'card_payment',
          ],
        })),
      ),
    });
    const first = DateTime.now().setZone('Europe/Berlin').startOf('day').plus({ days: 2 });
    const stops: { id: string; date: string }[] = [];
    for (let day = 0; day < 31; day++) {
      const date = first.plus({ days: day });
      if (date.weekday > 5) continue;
      for (const [index, siteId] of BENCH_SITES.entries()) {
        const id = await createStop(handle.db, {
          municipalityId: municipality.id,
          unitId: `bench-unit-${index}`,
          siteId,
          date: date.toISODate()!,
          startTime: '09:00',
          endTime: '17:00',
          setupMinutes: 30,
          teardownMinutes: 30,
          actor: 'bench',
        });
        stops.push({ id, date: date.toISODate()! });
      }
    }
    return { url, handle, first, stops, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}

/** Each stop's 15-minute slots, twice (two counters), in order. */
export function fifteenMinuteSlots(stops: { id: string; date: string }[]) {
  const slots: { stopId: string; startsAt: string }[] = [];
  for (const stop of stops) {
    for (let minute = 0; minute + 15 <= 480; minute += 15) {
      const startsAt = DateTime.fromISO(`${stop.date}T09:00`, { zone: 'Europe/Berlin' })
        .plus({ minutes: minute })
        .toUTC()
        .toISO()!;
      slots.push({ stopId: stop.id, startsAt }, { stopId: stop.id, startsAt });
    }
  }
  return slots;
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Overlapping active bookings on one counter: must always be 0. */
export async function overbookedPairs(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query(
    `SELECT count(*)::int AS n FROM bookings a JOIN bookings b ON a.stop_id = b.stop_id AND a.counter = b.counter AND a.id < b.id
     AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at WHERE a.status IN ('held','confirmed') AND b.status IN ('held','confirmed')`,
  );
  return Number(rows[0].n);
}
