import type { Kysely, Transaction } from 'kysely';
import { validateSignOff, type ChecklistSignOff } from '../../domain/stopChecklist.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit, staffActor } from '../audit.ts';
import { loadStopChecklist } from '../queries/stopChecklistQueries.ts';

export interface StopChecklistSignerProps {
  municipalityId: string;
  stopId: string;
  userId: string;
  items: ChecklistSignOff[];
}

export interface ChecklistSignOffStored {
  items: number;
  problems: number;
  problemKeys: string[];
}

/**
 * Checks the answers against the stop's checklist as generated now and stores them, replacing earlier ones.
 * Throws a 422 naming the field (`checklist_incomplete`) before writing anything. No audit: the caller
 * records it (the route below, or the station operation `sign_off_checklist`).
 */
export async function storeChecklistSignOff(
  trx: Transaction<Database>,
  props: StopChecklistSignerProps,
): Promise<ChecklistSignOffStored> {
  const checklist = await loadStopChecklist(trx, props.municipalityId, props.stopId);
  const answers = validateSignOff(checklist.items, props.items);
  const problems = answers.filter((answer) => answer.status === 'problem').length;
  await trx
    .insertInto('stop_checklists')
    .values({
      municipality_id: props.municipalityId,
      stop_id: props.stopId,
      items: JSON.stringify(answers),
      problems,
      signed_off_by: props.userId,
    })
    .onConflict((oc) =>
      oc.column('stop_id').doUpdateSet({
        items: JSON.stringify(answers),
        problems,
        signed_off_by: props.userId,
        signed_off_at: new Date(),
      }),
    )
    .execute();
  return {
    items: answers.length,
    problems,
    problemKeys: answers.filter((a) => a.status === 'problem').map((a) => a.key),
  };
}

/**
 * A clerk at the station signs off the stop's checklist: each item ok or a problem with a note. Signing again
 * replaces the earlier answers. Problems show up for the planners (`listChecklistProblems`).
 */
export async function signOffStopChecklist(
  db: Kysely<Database>,
  props: StopChecklistSignerProps,
): Promise<{ problems: number }> {
  return db.transaction().execute(async (trx) => {
    const stored = await storeChecklistSignOff(trx, props);
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: staffActor(props.userId),
      action: 'stop.checklist_signed_off',
      subjectType: 'stop',
      subjectId: props.stopId,
      details: { ...stored },
    });
    return { problems: stored.problems };
  });
}
