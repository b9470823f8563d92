import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { importCatalogue } from '../server/commands/catalogueImporter.ts';
import type { CatalogueKind } from '../server/import/catalogueSchemas.ts';
import { createSchedule } from '../server/commands/scheduleCreator.ts';
import type { ScheduleRule } from '../domain/recurrence.ts';
import { localDateOf } from '../domain/time.ts';
import { seedDepartments } from './departmentSeed.ts';
import { seedProcessDefinitions } from './processSeed.ts';

export const seedDir = fileURLToPath(new URL('../../data/seed/guetersloh/', import.meta.url));

const seedFiles: [CatalogueKind, string][] = [
  ['municipality', 'municipality.json'],
  ['equipment', 'equipment.json'],
  ['districts', 'districts.json'],
  ['sites', 'sites.json'],
  ['services', 'services.json'],
  ['units', 'units.json'],
];

/** Seeds Gütersloh, the first tenant, through the same importer a city uses for its own files. */
export async function seedGuetersloh(db: Kysely<Database>): Promise<void> {
  for (const [kind, file] of seedFiles) {
    await importCatalogue(db, {
      kind,
      file: `data/seed/guetersloh/${file}`,
      text: readFileSync(seedDir + file, 'utf8'),
      format: 'json',
      municipality: 'guetersloh',
      actor: 'system:seed',
    });
  }
  await seedDepartments(db, 'guetersloh');
  await seedProcessDefinitions(db, 'guetersloh', `${seedDir}processes/`);
}

interface SampleSchedule {
  unitId: string;
  siteId: string;
  pattern: ScheduleRule['pattern'];
  startTime: string;
  endTime: string;
}

/**
 * A sample timetable so a fresh `npm start` shows stops to book. Only the embedded demo gets it: the test
 * database and a city's own import start without one.
 */
export async function seedSampleSchedules(db: Kysely<Database>, horizonWeeks: number): Promise<void> {
  const { id: municipalityId } = await db
    .selectFrom('municipalities')
    .select('id')
    .where('slug', '=', 'guetersloh')
    .executeTakeFirstOrThrow();
  const samples = JSON.parse(readFileSync(seedDir + 'sample-schedules.json', 'utf8')) as SampleSchedule[];
  const today = localDateOf(Date.now());
  for (const sample of samples) {
    await createSchedule(db, {
      municipalityId,
      unitId: sample.unitId,
      siteId: sample.siteId,
      rule: {
        pattern: sample.pattern,
        startTime: sample.startTime,
        endTime: sample.endTime,
        validFrom: today,
      },
      setupMinutes: 30,
      teardownMinutes: 30,
      horizonWeeks,
      today,
      actor: 'system:seed',
      source: 'sample',
    });
  }
}

export async function seedIfEmpty(
  db: Kysely<Database>,
  options: { sampleSchedules?: { horizonWeeks: number } } = {},
): Promise<boolean> {
  const any = await db.selectFrom('municipalities').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  await seedGuetersloh(db);
  if (options.sampleSchedules) await seedSampleSchedules(db, options.sampleSchedules.horizonWeeks);
  return true;
}
