import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import { statusAfter, type ModerationDecision } from '../../domain/participation.ts';
import type { Database, ModerationReasonCode, ParticipationLocale } from '../../db/schema.ts';
import { recordAudit, staffActor } from '../audit.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { moderationDecisionMail } from '../mail/participationMails.ts';

export interface ContentModeratorProps {
  municipalityId: string;
  userId: string;
  contentType: 'suggestion' | 'comment';
  contentId: string;
  decision: ModerationDecision;
  reasonCode: ModerationReasonCode;
  now: Date;
}

/**
 * moderateContent: a moderator publishes, rejects or hides a suggestion or a comment with a reason code. The
 * decision is recorded (who, when, reason code), open reports on the comment are resolved, the writer is told
 * by mail, and the audit trail gets the decision (ids and codes only).
 */
export async function moderateContent(
  db: Kysely<Database>,
  props: ContentModeratorProps,
): Promise<{ status: 'published' | 'rejected' | 'hidden' }> {
  if (props.decision === 'publish' && props.reasonCode !== 'fits_rules')
    throw new DomainError('validation', {
      field: 'reasonCode',
      message: 'publishing takes the reason fits_rules',
    });
  if (props.decision !== 'publish' && props.reasonCode === 'fits_rules')
    throw new DomainError('validation', { field: 'reasonCode', message: 'name what breaks the rules' });
  return db.transaction().execute(async (trx) => {
    const table = props.contentType === 'comment' ? 'comments' : 'suggestions';
    const row = await trx
      .selectFrom(table)
      .select(['id', 'status', 'confirmed_at', 'email', 'locale'])
      .select(props.contentType === 'comment' ? 'body as text' : 'reason as text')
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.contentId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new DomainError('not_found', { field: 'contentId', message: 'no such content' });
    if (!row.confirmed_at)
      throw new DomainError('email_not_confirmed', {
        field: 'contentId',
        message: 'the writer has not confirmed the e-mail yet',
      });
    const status = statusAfter(row.status, props.decision);
    await trx
      .updateTable(table)
      .set({ status, ...(status === 'published' ? { published_at: props.now } : {}) })
      .where('id', '=', row.id)
      .execute();
    await trx
      .insertInto('moderation_decisions')
      .values({
        municipality_id: props.municipalityId,
        content_type: props.contentType,
        content_id: row.id,
        decision: props.decision,
        reason_code: props.reasonCode,
        decided_by: props.userId,
        decided_at: props.now,
      })
      .execute();
    if (props.contentType === 'comment')
      await trx
        .updateTable('comment_reports')
        .set({ resolved_at: props.now })
        .where('municipality_id', '=', props.municipalityId)
        .where('comment_id', '=', row.id)
        .where('resolved_at', 'is', null)
        .execute();
    if (row.email)
      await enqueueMail(trx, {
        municipalityId: props.municipalityId,
        purpose: 'moderation.decided',
        to: row.email,
        ...moderationDecisionMail(row.locale as ParticipationLocale, {
          contentType: props.contentType,
          decision: props.decision,
          reasonCode: props.reasonCode,
          excerpt: row.text.length > 200 ? `${row.text.slice(0, 200)}…` : row.text,
        }),
      });
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: staffActor(props.userId),
      action: 'moderation.decided',
      subjectType: props.contentType,
      subjectId: row.id,
      details: { decision: props.decision, reasonCode: props.reasonCode, from: row.status, to: status },
    });
    return { status };
  });
}
