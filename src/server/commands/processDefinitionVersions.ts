import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { EfileMessage, ProcessStep } from '../../domain/caseProcess.ts';
import { DomainError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import { notFound } from '../problem.ts';

/** A service the caller may define processes for, locked so two versions are never numbered alike. */
export async function lockServiceForDefinition(
  trx: Transaction<Database>,
  props: { municipalityId: string; serviceId: string; scope: string[] | undefined },
): Promise<{ id: string; nameDe: string }> {
  const service = await trx
    .selectFrom('services')
    .select(['id', 'name_de', 'department_id'])
    .where('municipality_id', '=', props.municipalityId)
    .where('id', '=', props.serviceId)
    .forUpdate()
    .executeTakeFirst();
  if (!service) throw notFound('service', 'serviceId', props.serviceId);
  if (props.scope && (!service.department_id || !props.scope.includes(service.department_id))) {
    throw new DomainError('department_scope', {
      field: 'serviceId',
      message: 'This service belongs to another department: only its own department may define its process.',
    });
  }
  return { id: service.id, nameDe: service.name_de };
}

export interface NewDefinitionVersion {
  municipalityId: string;
  serviceId: string;
  name: string;
  source: 'bpmn' | 'form' | 'seed';
  steps: ProcessStep[];
  efileMessage: EfileMessage;
  bpmnXml: string | null;
  userId: string | null;
  actor: string;
}

/**
 * Writes the next version of a service's definition and retires the one in force, in the caller's
 * transaction (which holds the service's row lock), with the audit event. Returns the new id and version.
 */
export async function writeDefinitionVersion(
  trx: Transaction<Database>,
  props: NewDefinitionVersion,
): Promise<{ id: string; version: number }> {
  const latest = await trx
    .selectFrom('process_definitions')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('municipality_id', '=', props.municipalityId)
    .where('service_id', '=', props.serviceId)
    .executeTakeFirst();
  const version = Number(latest?.version ?? 0) + 1;
  const previous = await trx
    .updateTable('process_definitions')
    .set({ active: false })
    .where('municipality_id', '=', props.municipalityId)
    .where('service_id', '=', props.serviceId)
    .where('active', '=', true)
    .returning(['id', 'version'])
    .executeTakeFirst();
  const { id } = await trx
    .insertInto('process_definitions')
    .values({
      municipality_id: props.municipalityId,
      service_id: props.serviceId,
      version,
      name: props.name.slice(0, 200),
      source: props.source,
      steps: JSON.stringify(props.steps),
      efile_message: props.efileMessage,
      bpmn_xml: props.bpmnXml,
      created_by: props.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(trx, {
    municipalityId: props.municipalityId,
    actor: props.actor,
    action: props.source === 'bpmn' ? 'process_definition.imported' : 'process_definition.saved',
    subjectType: 'process_definition',
    subjectId: id,
    details: {
      serviceId: props.serviceId,
      version,
      source: props.source,
      efileMessage: props.efileMessage,
      stepKeys: props.steps.map((step) => step.key),
      replacedVersion: previous?.version ?? null,
    },
  });
  return { id, version };
}
