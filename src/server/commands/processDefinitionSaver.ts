import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { processStepProblems, type EfileMessage, type ProcessStep } from '../../domain/caseProcess.ts';
import { DomainError } from '../../domain/errors.ts';
import { lockServiceForDefinition, writeDefinitionVersion } from './processDefinitionVersions.ts';

export interface ProcessDefinitionSaveProps {
  municipalityId: string;
  actor: string;
  userId: string;
  serviceId: string;
  name: string | null;
  efileMessage: EfileMessage;
  steps: ProcessStep[];
  /** The departments the caller may act for; undefined for all (admins, planners). */
  scope: string[] | undefined;
}

/**
 * Saves a process definition from the simple form (a service without a BPMN model) as the service's next
 * version. The steps follow the same rules as an import (caseProcess.ts); every problem is named in
 * `details.issues`, the first one in `field`.
 */
export async function saveProcessDefinition(
  db: Kysely<Database>,
  props: ProcessDefinitionSaveProps,
): Promise<{ id: string; version: number }> {
  const steps = props.steps.map((step) => ({
    ...step,
    name: step.name.trim(),
    checklist: step.checklist.map((item) => item.trim()).filter((item) => item.length > 0),
  }));
  const problems = processStepProblems(steps);
  if (problems.length > 0) {
    throw new DomainError('invalid_process_steps', {
      field: problems[0]!.field,
      message: `process steps: ${problems.map((problem) => problem.code).join(', ')}`,
      details: { issues: problems },
    });
  }
  return db.transaction().execute(async (trx) => {
    const service = await lockServiceForDefinition(trx, props);
    return writeDefinitionVersion(trx, {
      municipalityId: props.municipalityId,
      serviceId: service.id,
      name: props.name?.trim() || service.nameDe,
      source: 'form',
      steps,
      efileMessage: props.efileMessage,
      bpmnXml: null,
      userId: props.userId,
      actor: props.actor,
    });
  });
}
