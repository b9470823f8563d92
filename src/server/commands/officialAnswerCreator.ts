import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import { checkCommentBody } from '../../domain/participation.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit, staffActor } from '../audit.ts';

/** A staff answer to a published comment, marked as official and published at once (no e-mail, no queue). */
export async function answerCommentOfficially(
  db: Kysely<Database>,
  props: { municipalityId: string; userId: string; commentId: string; body: string; now: Date },
): Promise<{ commentId: string }> {
  const body = checkCommentBody(props.body);
  return db.transaction().execute(async (trx) => {
    const parent = await trx
      .selectFrom('comments')
      .select(['id', 'target_type', 'suggestion_id', 'status'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.commentId)
      .executeTakeFirst();
    if (!parent || parent.status !== 'published')
      throw new DomainError('not_found', {
        field: 'commentId',
        message: 'no published comment with this id',
      });
    const { id } = await trx
      .insertInto('comments')
      .values({
        municipality_id: props.municipalityId,
        target_type: parent.target_type,
        suggestion_id: parent.suggestion_id,
        reply_to: parent.id,
        body,
        status: 'published',
        official: true,
        staff_user_id: props.userId,
        confirmed_at: props.now,
        published_at: props.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: staffActor(props.userId),
      action: 'comment.answered_officially',
      subjectType: 'comment',
      subjectId: id,
      details: { replyTo: parent.id },
    });
    return { commentId: id };
  });
}
