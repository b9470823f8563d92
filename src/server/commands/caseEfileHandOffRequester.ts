import type { Kysely } from 'kysely';
import { queueEfileHandOff, stepsOf } from '../cases/caseWorkflow.ts';
import type { Database } from '../../db/schema.ts';
import { transitionCase, type CaseStatus } from '../../domain/caseProcess.ts';
import { DomainError } from '../../domain/errors.ts';
import { isUuid } from '../../domain/xdomea.ts';
import { recordAudit, staffActor } from '../audit.ts';

export interface HandOffCaseToEfileProps {
  municipalityId: string;
  caseId: string;
  userId: string;
  /** A department lead's departments; undefined: every department (admins). */
  departments: readonly string[] | undefined;
  now: Date;
}

/**
 * `handOffCaseToEfile` (tracker issue 11, item 4): queues the hand-off of a case to the e-file with the
 * message its process names: 'record' (FVDaten.SGOErstellen, then its documents with SGOAblegen) or
 * 'hand_over' (Abgabe.Abgabe). The case moves to 'handing_off' (the domain's status machine refuses cases
 * closed, cancelled or already in hand-off) and the job writes the message. Staff hand a case off again this
 * way after the DMS refused it or the writing failed.
 */
export async function handOffCaseToEfile(
  db: Kysely<Database>,
  props: HandOffCaseToEfileProps,
): Promise<{ handOffId: string; message: 'record' | 'hand_over' }> {
  if (!isUuid(props.caseId)) throw new DomainError('not_found', { field: 'caseId' });
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('cases as c')
      .innerJoin('process_definitions as p', 'p.id', 'c.process_definition_id')
      .select(['c.id', 'c.status', 'c.department_id', 'c.current_step_key', 'p.efile_message', 'p.steps'])
      .where('c.municipality_id', '=', props.municipalityId)
      .where('c.id', '=', props.caseId)
      .forUpdate('c')
      .executeTakeFirst();
    if (!found) throw new DomainError('not_found', { field: 'caseId' });
    if (
      props.departments &&
      (found.department_id === null || !props.departments.includes(found.department_id))
    ) {
      throw new DomainError('department_scope', { field: 'caseId' });
    }
    // Only a case at its process's hand-off step goes to the e-file (again, after a refusal or a failure).
    const handOffStep = stepsOf(found.steps).find((step) => step.handOff);
    if (!handOffStep || found.current_step_key !== handOffStep.key) {
      throw new DomainError('step_not_current', {
        field: 'caseId',
        message: 'the case is not at the hand-off step of its process',
      });
    }
    const status = transitionCase(found.status as CaseStatus, 'queue_hand_off');
    await trx
      .updateTable('cases')
      .set({ status, updated_at: props.now })
      .where('id', '=', found.id)
      .execute();
    // The hand-off row, its job and the 'hand_off_queued' event: written where reaching the step writes them.
    const handOffId = await queueEfileHandOff(
      trx,
      {
        municipalityId: props.municipalityId,
        caseId: found.id,
        departmentId: found.department_id,
        efileMessage: found.efile_message,
      },
      { actor: staffActor(props.userId), at: props.now },
    );
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: staffActor(props.userId),
      action: 'case.hand_off_queued',
      subjectType: 'case',
      subjectId: found.id,
      details: { handOffId, message: found.efile_message },
    });
    return { handOffId, message: found.efile_message };
  });
}
