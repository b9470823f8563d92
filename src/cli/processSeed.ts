import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { EfileMessage } from '../domain/caseProcess.ts';
import { importProcessDefinition } from '../server/commands/processDefinitionImporter.ts';

/** The services whose cases the e-file takes over as a hand-over (Abgabe 0401) rather than as a record. */
const handOverServices = new Set(['fuehrungszeugnis']);

/**
 * Loads the shipped BPMN 2.0 models (`<service id>.bpmn` in `folder`) through the same importer a department
 * uses, for every service of the municipality that has a file and no definition yet.
 */
export async function seedProcessDefinitions(
  db: Kysely<Database>,
  municipalitySlug: string,
  folder: string,
): Promise<void> {
  if (!existsSync(folder)) return;
  const { id: municipalityId } = await db
    .selectFrom('municipalities')
    .select('id')
    .where('slug', '=', municipalitySlug)
    .executeTakeFirstOrThrow();
  const [services, defined] = await Promise.all([
    db.selectFrom('services').select('id').where('municipality_id', '=', municipalityId).execute(),
    db
      .selectFrom('process_definitions')
      .select('service_id')
      .where('municipality_id', '=', municipalityId)
      .execute(),
  ]);
  const known = new Set(services.map((service) => service.id));
  const done = new Set(defined.map((row) => row.service_id));
  for (const file of readdirSync(folder)
    .filter((name) => name.endsWith('.bpmn'))
    .sort()) {
    const serviceId = file.slice(0, -'.bpmn'.length);
    if (!known.has(serviceId) || done.has(serviceId)) continue;
    const efileMessage: EfileMessage = handOverServices.has(serviceId) ? 'hand_over' : 'record';
    await importProcessDefinition(db, {
      municipalityId,
      actor: 'system:seed',
      userId: null,
      serviceId,
      efileMessage,
      bpmnXml: readFileSync(folder + file, 'utf8'),
      scope: undefined,
    });
  }
}
