import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { enqueueJob } from '../jobs/jobQueue.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** The job that writes one hand-off's xdomea container into the transfer directory. */
export const EFILE_WRITE_JOB = 'efile.write';

export type EfileHandOffMessage = 'record' | 'file' | 'hand_over';

/**
 * Records a hand-off of a case to the e-file and queues the job that writes its message, in the caller's
 * transaction: the hand-off exists only with its job, and the job only with the hand-off. The hand-off's id
 * is the message's ProzessID, which the DMS's confirmation carries back.
 */
export async function queueEfileHandOff(
  executor: Executor,
  props: { municipalityId: string; caseId: string; message: EfileHandOffMessage },
): Promise<string> {
  const { id } = await executor
    .insertInto('efile_hand_offs')
    .values({ municipality_id: props.municipalityId, case_id: props.caseId, message: props.message })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueueEfileWrite(executor, props.municipalityId, id, 0);
  return id;
}

/** Queues (again) the job that writes a hand-off; `attempt` keeps one job per hand-off and attempt. */
export async function enqueueEfileWrite(
  executor: Executor,
  municipalityId: string,
  handOffId: string,
  attempt: number,
): Promise<void> {
  await enqueueJob(executor, {
    kind: EFILE_WRITE_JOB,
    payload: { municipalityId, handOffId },
    uniqueKey: `${EFILE_WRITE_JOB}:${handOffId}:${attempt}`,
  });
}
