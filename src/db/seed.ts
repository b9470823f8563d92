import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { importCatalogue } from '../server/commands/catalogueImporter.ts';
import type { CatalogueKind } from '../server/import/catalogueSchemas.ts';

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
}

export async function seedIfEmpty(db: Kysely<Database>): Promise<boolean> {
  const any = await db.selectFrom('municipalities').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  await seedGuetersloh(db);
  return true;
}
