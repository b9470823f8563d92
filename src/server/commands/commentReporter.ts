import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { Database, ReportReason } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { clientKey } from '../clientKey.ts';

/**
 * reportComment: anyone reports a published comment with a reason; the comment reaches the moderation queue.
 * One report per client (keyed hash of its address) and comment.
 */
export async function reportComment(
  db: Kysely<Database>,
  props: {
    municipalityId: string;
    commentId: string;
    reason: ReportReason;
    note: string | null;
    clientIp: string;
  },
): Promise<{ reportId: string }> {
  return db.transaction().execute(async (trx) => {
    const comment = await trx
      .selectFrom('comments')
      .select(['id', 'status'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.commentId)
      .executeTakeFirst();
    if (!comment || comment.status !== 'published')
      throw new DomainError('not_found', {
        field: 'commentId',
        message: 'no published comment with this id',
      });
    const row = await trx
      .insertInto('comment_reports')
      .values({
        municipality_id: props.municipalityId,
        comment_id: comment.id,
        reason: props.reason,
        note: props.note,
        client_key: await clientKey(trx, props.clientIp),
      })
      .onConflict((conflict) => conflict.columns(['comment_id', 'client_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row)
      throw new DomainError('comment_already_reported', {
        field: 'commentId',
        message: 'this comment was already reported from here',
      });
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: 'anonymous',
      action: 'comment.reported',
      subjectType: 'comment',
      subjectId: comment.id,
      details: { reason: props.reason },
    });
    return { reportId: row.id };
  });
}
