import type { Kysely } from 'kysely';
import { assertValidEmail } from '../../domain/email.ts';
import { checkCommentBody } from '../../domain/participation.ts';
import type { Database, ParticipationLocale } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { enqueueMail, recipientKey } from '../mail/outbox.ts';
import { commentConfirmMail, participationLinks } from '../mail/participationMails.ts';
import { hashToken, newLinkToken } from '../secrets.ts';
import { publishedSuggestion } from './participationChecks.ts';

/**
 * createComment: a citizen's comment on the project or on a published suggestion. It waits for the link in
 * the mail (the e-mail is confirmed), then is published at once for a writer with an earlier published comment
 * (post-moderation) or goes to the moderation queue (pre-moderation for first-time writers).
 */
export async function createComment(
  db: Kysely<Database>,
  props: {
    municipalityId: string;
    suggestionId: string | null;
    body: string;
    email: string;
    locale: ParticipationLocale;
    publicBaseUrl: string;
  },
): Promise<{ commentId: string }> {
  const body = checkCommentBody(props.body);
  const email = assertValidEmail(props.email, 'email').address;
  return db.transaction().execute(async (trx) => {
    if (props.suggestionId) await publishedSuggestion(trx, props.municipalityId, props.suggestionId);
    const token = newLinkToken();
    const { id } = await trx
      .insertInto('comments')
      .values({
        municipality_id: props.municipalityId,
        target_type: props.suggestionId ? 'suggestion' : 'project',
        suggestion_id: props.suggestionId,
        body,
        email,
        email_hash: await recipientKey(trx, email),
        locale: props.locale,
        confirm_token_hash: hashToken(token),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await enqueueMail(trx, {
      municipalityId: props.municipalityId,
      purpose: 'comment.confirm',
      to: email,
      ...commentConfirmMail(props.locale, {
        confirmUrl: participationLinks(props.publicBaseUrl).confirmComment(id, token),
      }),
    });
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: 'citizen',
      action: 'comment.created',
      subjectType: 'comment',
      subjectId: id,
      details: { suggestionId: props.suggestionId, length: body.length },
    });
    return { commentId: id };
  });
}
