import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { EfileMessage } from '../../domain/caseProcess.ts';
import { DomainError } from '../../domain/errors.ts';
import { readBpmnProcess } from '../processes/bpmnProcessReader.ts';
import { lockServiceForDefinition, writeDefinitionVersion } from './processDefinitionVersions.ts';

export interface ProcessDefinitionImportProps {
  municipalityId: string;
  actor: string;
  /** The staff account (created_by); null for the seed. */
  userId: string | null;
  serviceId: string;
  efileMessage: EfileMessage;
  /** The BPMN 2.0 file's text, kept with the definition as sent. */
  bpmnXml: string;
  /** The departments the caller may act for; undefined for all (admins, planners). */
  scope: string[] | undefined;
  /** 'seed' marks definitions shipped with the product. */
  source?: 'bpmn' | 'seed';
}

/**
 * Imports a process definition from a BPMN 2.0 file as the service's next version: reads the file (every
 * problem in `details.issues`, field `bpmnXml`), then, in one transaction, locks the service, retires the
 * version in force, writes the new one and the audit event. A bad file or an unknown service changes nothing.
 */
export async function importProcessDefinition(
  db: Kysely<Database>,
  props: ProcessDefinitionImportProps,
): Promise<{ id: string; version: number }> {
  const read = await readBpmnProcess(props.bpmnXml);
  if (!read.ok) {
    throw new DomainError('bpmn_invalid', {
      field: 'bpmnXml',
      message: `BPMN file: ${read.issues.map((issue) => issue.code).join(', ')}`,
      details: { issues: read.issues },
    });
  }
  return db.transaction().execute(async (trx) => {
    const service = await lockServiceForDefinition(trx, props);
    return writeDefinitionVersion(trx, {
      municipalityId: props.municipalityId,
      serviceId: service.id,
      name: read.name ?? service.nameDe,
      source: props.source ?? 'bpmn',
      steps: read.steps,
      efileMessage: props.efileMessage,
      bpmnXml: props.bpmnXml,
      userId: props.userId,
      actor: props.actor,
    });
  });
}
