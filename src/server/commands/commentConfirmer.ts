import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { assertLink } from './participationChecks.ts';

/**
 * The writer opened the link in the comment mail. A writer (by the keyed hash of the confirmed address) with an
 * earlier published comment is published at once (post-moderation); a first-time writer waits for a moderator.
 */
export async function confirmComment(
  db: Kysely<Database>,
  props: { municipalityId: string; commentId: string; token: string; now: Date },
): Promise<{ status: 'published' | 'pending'; alreadyConfirmed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('comments')
      .select(['id', 'confirm_token_hash', 'confirmed_at', 'email_hash', 'status'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.commentId)
      .forUpdate()
      .executeTakeFirst();
    assertLink(props.token, row?.confirm_token_hash);
    const comment = row!;
    if (comment.confirmed_at)
      return { status: comment.status === 'published' ? 'published' : 'pending', alreadyConfirmed: true };
    const earlier = await trx
      .selectFrom('comments')
      .select('id')
      .where('municipality_id', '=', props.municipalityId)
      .where('email_hash', '=', comment.email_hash)
      .where('status', '=', 'published')
      .where('id', '<>', comment.id)
      .limit(1)
      .executeTakeFirst();
    const known = Boolean(earlier);
    await trx
      .updateTable('comments')
      .set({
        confirmed_at: props.now,
        ...(known ? { status: 'published' as const, post_moderated: true, published_at: props.now } : {}),
      })
      .where('id', '=', comment.id)
      .execute();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: 'citizen',
      action: 'comment.confirmed',
      subjectType: 'comment',
      subjectId: comment.id,
      details: { moderation: known ? 'post' : 'pre' },
    });
    return { status: known ? 'published' : 'pending', alreadyConfirmed: false };
  });
}
