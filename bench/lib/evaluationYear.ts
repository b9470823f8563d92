/** One year of simulated activity at 20 sites for the evaluation benchmark (bench/evaluation.ts). */
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { seedGuetersloh } from '../../src/cli/seed.ts';
import { simulateActivity, type SimulationTimetableEntry } from '../../src/cli/demo/activitySimulator.ts';
import { simulationCatalogue, writeSimulatedActivity } from '../../src/cli/demo/demoActivity.ts';

export const YEAR_FROM = '2025-12-01';
export const YEAR_TO = '2026-11-30';
const SITE_COUNT = 20;

/** Gütersloh's seed, three more sites (copies of the library), four two-counter units and a year of activity. */
export async function fillYear(handle: DatabaseHandle) {
  const { db } = handle;
  await migrateToLatest(db);
  await seedGuetersloh(db);
  const { id: municipalityId } = await db
    .selectFrom('municipalities')
    .select('id')
    .where('slug', '=', 'guetersloh')
    .executeTakeFirstOrThrow();
  const existing = await db
    .selectFrom('sites')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .orderBy('id')
    .execute();
  for (let index = existing.length; index < SITE_COUNT; index++) {
    await handle.db.transaction().execute(async (trx) => {
      await sql`CREATE TEMP TABLE bench_site ON COMMIT DROP AS SELECT * FROM sites WHERE id = 'stadtbibliothek'`.execute(
        trx,
      );
      await sql`UPDATE bench_site SET id = ${`bench-site-${index}`}, name = ${`Bench-Standort ${index}`}`.execute(
        trx,
      );
      await sql`INSERT INTO sites SELECT * FROM bench_site`.execute(trx);
    });
  }
  await db
    .insertInto('units')
    .values(
      [0, 1, 2, 3].map((index) => ({
        municipality_id: municipalityId,
        id: `bench-unit-${index}`,
        name: `Bench ${index}`,
        kind: 'van' as const,
        counters: 2,
        home_site_id: null,
      })),
    )
    .execute();
  const sites = await db
    .selectFrom('sites')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .orderBy('id')
    .execute();
  // Each unit serves five sites, one per working day: every site has a weekly stop.
  const timetable: SimulationTimetableEntry[] = sites.slice(0, SITE_COUNT).map((site, index) => ({
    unitId: `bench-unit-${Math.floor(index / 5)}`,
    siteId: site.id,
    pattern: { kind: 'weekly', weekdays: [((index % 5) + 1) as 1 | 2 | 3 | 4 | 5] },
    startTime: '09:00',
    endTime: '15:00',
  }));
  const catalogue = await simulationCatalogue(db, municipalityId);
  const activity = simulateActivity({ seed: 42, from: YEAR_FROM, to: YEAR_TO, timetable, ...catalogue });
  const written = await writeSimulatedActivity(db, municipalityId, activity, { demo: false });
  await sql`ANALYZE`.execute(db);
  return { ...written, sites: sites.length, municipalityId, timetable };
}
