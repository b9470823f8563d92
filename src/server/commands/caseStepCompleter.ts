import type { Kysely } from 'kysely';
import type { CaseStatus, Database } from '../../db/schema.ts';
import type { StaffRole } from '../../db/staffSchema.ts';
import { advanceCase } from '../../domain/caseProcess.ts';
import { recordAudit } from '../audit.ts';
import { enterCaseStep, recordCaseEvent, stepChannel, stepsOf, type Trx } from '../cases/caseWorkflow.ts';
import { retryOnTransientConflict } from '../dbErrors.ts';
import { notFound } from '../problem.ts';

export interface StepCompletion {
  municipalityId: string;
  caseId: string;
  stepKey: string;
  /** The ticked checklist items (their texts). */
  checklist: readonly string[];
  /** `staff:<id>`. */
  actor: string;
  /** The staff account completing it; null for the system. */
  userId: string | null;
  role: StaffRole;
  /** The departments the caller acts for; undefined: all. A case outside answers 404. */
  departmentScope: string[] | undefined;
  at: Date;
}

/**
 * Completes the case's current step inside the caller's transaction: locks the case, asks the domain once
 * (`advanceCase`: the current step, its checklist fully ticked, the status allowing it), completes the step's
 * open task, writes 'step_completed' (and 'task_completed'), then enters the next step — a task in the owning
 * department's inbox, the queued hand-off — or closes the case after the last step.
 */
export async function completeStepInTransaction(
  trx: Trx,
  props: StepCompletion,
): Promise<{ status: CaseStatus; currentStepKey: string | null }> {
  const row = await trx
    .selectFrom('cases')
    .innerJoin('process_definitions', 'process_definitions.id', 'cases.process_definition_id')
    .select([
      'cases.id',
      'cases.status',
      'cases.current_step_key',
      'cases.department_id',
      'process_definitions.steps',
      'process_definitions.efile_message',
    ])
    .where('cases.municipality_id', '=', props.municipalityId)
    .where('cases.id', '=', props.caseId)
    .forUpdate('cases')
    .executeTakeFirst();
  if (!row || (props.departmentScope && !props.departmentScope.includes(row.department_id ?? '')))
    throw notFound('case', 'caseId', props.caseId);
  const steps = stepsOf(row.steps);
  const advance = advanceCase(
    row.status,
    steps,
    row.current_step_key,
    props.stepKey,
    props.checklist,
    props.role,
  );
  const step = steps.find((candidate) => candidate.key === props.stepKey);
  const status = advance.closed ? advance.status : advance.entry.status;
  const currentStepKey = advance.closed ? null : advance.entry.step.key;
  await trx
    .updateTable('cases')
    .set({
      status,
      current_step_key: currentStepKey,
      updated_at: props.at,
      ...(advance.closed ? { closed_at: props.at } : {}),
    })
    .where('id', '=', row.id)
    .execute();
  const completedTask = await trx
    .updateTable('tasks')
    .set({ status: 'done', completed_at: props.at, completed_by: props.userId, updated_at: props.at })
    .where('case_id', '=', row.id)
    .where('step_key', '=', props.stepKey)
    .where('status', 'in', ['open', 'in_progress'])
    .returning('id')
    .executeTakeFirst();
  const channel = stepChannel(step!);
  const of = { municipalityId: props.municipalityId, caseId: row.id, actor: props.actor, at: props.at };
  if (completedTask)
    await recordCaseEvent(trx, {
      ...of,
      kind: 'task_completed',
      stepKey: props.stepKey,
      channel,
      data: { taskId: completedTask.id },
    });
  await recordCaseEvent(trx, {
    ...of,
    kind: 'step_completed',
    stepKey: props.stepKey,
    channel,
    data: { checklistItems: props.checklist.length },
  });
  if (advance.closed) {
    await recordCaseEvent(trx, { ...of, kind: 'closed', channel });
  } else {
    await enterCaseStep(
      trx,
      {
        municipalityId: props.municipalityId,
        caseId: row.id,
        departmentId: row.department_id,
        efileMessage: row.efile_message,
      },
      advance.entry,
      { actor: props.actor, at: props.at },
    );
  }
  return { status, currentStepKey };
}

/**
 * Staff complete a case's current step with its ticked checklist (route `completeCaseStep`): one transaction
 * with the audit row; a wrong step, an incomplete checklist or another municipality's case changes nothing.
 */
export async function completeCaseStep(
  db: Kysely<Database>,
  props: StepCompletion,
): Promise<{ status: CaseStatus; currentStepKey: string | null }> {
  return retryOnTransientConflict(() =>
    db.transaction().execute(async (trx) => {
      const result = await completeStepInTransaction(trx, props);
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: props.actor,
        action: 'case.step_completed',
        subjectType: 'case',
        subjectId: props.caseId,
        details: { stepKey: props.stepKey, status: result.status, nextStepKey: result.currentStepKey },
      });
      return result;
    }),
  );
}
