import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { recordAudit, staffActor } from '../audit.ts';

export interface MailRetrierProps {
  municipalityId: string;
  mailId: string;
  /** The admin who asks. */
  staffUserId: string;
}

/**
 * Puts a mail that failed after all its attempts back into the outbox, to be sent at the next run with a fresh
 * count of attempts. Only failed mails that still have their recipient (not yet anonymised) can be sent again.
 */
export async function retryFailedMail(db: Kysely<Database>, props: MailRetrierProps): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const mail = await trx
      .selectFrom('mails')
      .select(['id', 'status', 'attempts', 'to_address'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.mailId)
      .forUpdate()
      .executeTakeFirst();
    if (!mail) throw new DomainError('not_found', { field: 'mailId', message: 'No such mail here.' });
    if (mail.status !== 'failed' || mail.to_address === null) {
      throw new DomainError('illegal_transition', {
        field: 'mailId',
        message: `Only a failed mail that still has its recipient can be sent again; this one is ${mail.to_address === null ? 'anonymised' : mail.status}.`,
      });
    }
    await trx
      .updateTable('mails')
      .set({ status: 'pending', attempts: 0, next_attempt_at: null, failed_at: null })
      .where('id', '=', mail.id)
      .execute();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: staffActor(props.staffUserId),
      action: 'mail.retried',
      subjectType: 'mail',
      subjectId: mail.id,
      details: { previousAttempts: mail.attempts },
    });
  });
}
