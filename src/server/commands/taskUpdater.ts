import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { StaffRole, StaffTables } from '../../db/staffSchema.ts';
import { DomainError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import { retryOnTransientConflict } from '../dbErrors.ts';
import { notFound } from '../problem.ts';
import { completeStepInTransaction } from './caseStepCompleter.ts';

export interface TaskChange {
  /** A staff user of the task's department, or null to put the task back into the department's inbox. */
  assigneeId?: string | null;
  /** 'in_progress' starts the task; 'done' completes it and with it the case's step. */
  status?: 'in_progress' | 'done';
  /** The ticked checklist items of the step, when completing. */
  checklist?: readonly string[];
}

export interface TaskUpdaterProps {
  municipalityId: string;
  taskId: string;
  actor: string;
  userId: string;
  role: StaffRole;
  /** The caller's departments; undefined: all (admin). A task outside answers 404. */
  departmentScope: string[] | undefined;
  change: TaskChange;
  now: Date;
}

/**
 * A department works a task of its inbox: assigns it to one of its staff, starts it, completes it. Completing
 * the task completes its step with the checklist (caseStepCompleter), which starts the case's next step. One
 * transaction with the audit row; a task of another department or municipality answers 404.
 */
export async function updateTask(db: Kysely<Database>, props: TaskUpdaterProps): Promise<void> {
  await retryOnTransientConflict(() =>
    db.transaction().execute(async (trx) => {
      const task = await trx
        .selectFrom('tasks')
        .selectAll()
        .where('municipality_id', '=', props.municipalityId)
        .where('id', '=', props.taskId)
        .forUpdate()
        .executeTakeFirst();
      if (!task || (props.departmentScope && !props.departmentScope.includes(task.department_id ?? '')))
        throw notFound('task', 'taskId', props.taskId);
      const { change } = props;
      const closed = task.status === 'done' || task.status === 'cancelled';
      if (closed && (change.assigneeId !== undefined || change.status !== undefined))
        throw new DomainError('illegal_transition', { field: 'status', message: `task is ${task.status}` });
      if (change.assigneeId) {
        const member = await trx
          .withTables<StaffTables>()
          .selectFrom('staff_user_departments')
          .innerJoin('staff_users', (join) =>
            join
              .onRef('staff_users.id', '=', 'staff_user_departments.user_id')
              .onRef('staff_users.municipality_id', '=', 'staff_user_departments.municipality_id'),
          )
          .select('staff_users.id')
          .where('staff_user_departments.municipality_id', '=', props.municipalityId)
          .where('staff_user_departments.user_id', '=', change.assigneeId)
          .where('staff_user_departments.department_id', '=', task.department_id ?? '')
          .where('staff_users.active', '=', true)
          .executeTakeFirst();
        if (!member)
          throw new DomainError('assignee_not_in_department', {
            field: 'assigneeId',
            message: 'the assignee is not an active member of the task’s department',
          });
      }
      const assigneeId = change.assigneeId === undefined ? task.assignee_id : change.assigneeId;
      if (change.status === 'in_progress' || change.assigneeId !== undefined) {
        await trx
          .updateTable('tasks')
          .set({
            assignee_id: assigneeId,
            ...(change.status === 'in_progress' ? { status: 'in_progress' as const } : {}),
            updated_at: props.now,
          })
          .where('id', '=', task.id)
          .execute();
      }
      let caseStatus: string | undefined;
      if (change.status === 'done') {
        const result = await completeStepInTransaction(trx, {
          municipalityId: props.municipalityId,
          caseId: task.case_id,
          stepKey: task.step_key,
          checklist: change.checklist ?? [],
          actor: props.actor,
          userId: props.userId,
          role: props.role,
          departmentScope: props.departmentScope,
          at: props.now,
        });
        caseStatus = result.status;
      }
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: props.actor,
        action: 'task.updated',
        subjectType: 'task',
        subjectId: task.id,
        details: {
          caseId: task.case_id,
          stepKey: task.step_key,
          ...(change.assigneeId !== undefined ? { assigneeId: change.assigneeId } : {}),
          ...(change.status ? { status: change.status } : {}),
          ...(caseStatus ? { caseStatus } : {}),
        },
      });
    }),
  );
}
