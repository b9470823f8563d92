import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Confidence, Database } from '../db/schema.ts';

interface DepartmentSeed {
  id: string;
  nameDe: string;
  nameEn: string;
  services: string[];
  note: string | null;
  confidence: Confidence;
  sources: string[];
}

const departmentsFile = new URL('../../data/seed/guetersloh/departments.json', import.meta.url);

/**
 * Seeds the departments (Fachbereiche) that own a municipality's services and links each service to its
 * owner. Services stay released with their gates open, as they were before departments existed.
 */
export async function seedDepartments(
  db: Kysely<Database>,
  municipalitySlug: string,
  file: URL = departmentsFile,
): Promise<void> {
  const departments = JSON.parse(readFileSync(file, 'utf8')) as DepartmentSeed[];
  await db.transaction().execute(async (trx) => {
    const { id: municipalityId } = await trx
      .selectFrom('municipalities')
      .select('id')
      .where('slug', '=', municipalitySlug)
      .executeTakeFirstOrThrow();
    for (const department of departments) {
      await trx
        .insertInto('departments')
        .values({
          municipality_id: municipalityId,
          id: department.id,
          name_de: department.nameDe,
          name_en: department.nameEn,
          note: department.note,
          confidence: department.confidence,
          sources: department.sources,
        })
        .onConflict((oc) =>
          oc.columns(['municipality_id', 'id']).doUpdateSet({
            name_de: department.nameDe,
            name_en: department.nameEn,
            note: department.note,
            confidence: department.confidence,
            sources: department.sources,
          }),
        )
        .execute();
      if (department.services.length > 0) {
        await trx
          .updateTable('services')
          .set({ department_id: department.id })
          .where('municipality_id', '=', municipalityId)
          .where('id', 'in', department.services)
          .execute();
      }
    }
  });
}
