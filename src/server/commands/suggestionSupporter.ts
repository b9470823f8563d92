import type { Kysely } from 'kysely';
import { assertValidEmail } from '../../domain/email.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Database, ParticipationLocale } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { enqueueMail, recipientKey } from '../mail/outbox.ts';
import { participationLinks, supportConfirmMail } from '../mail/participationMails.ts';
import { hashToken, newLinkToken } from '../secrets.ts';
import { publishedSuggestion } from './participationChecks.ts';

/**
 * A citizen supports a published suggestion (supportSuggestion): one support per e-mail (its keyed hash) and
 * suggestion. The support counts only after the link in the mail is opened (double opt-in); the same mail
 * carries the link to withdraw it. A second support by the same address, pending or confirmed, is refused
 * (`already_supported` on `email`) and nothing changes. No address is stored on the support.
 */
export async function supportSuggestion(
  db: Kysely<Database>,
  props: {
    municipalityId: string;
    suggestionId: string;
    email: string;
    locale: ParticipationLocale;
    publicBaseUrl: string;
  },
): Promise<{ supportId: string }> {
  const email = assertValidEmail(props.email, 'email').address;
  return db.transaction().execute(async (trx) => {
    const suggestion = await publishedSuggestion(trx, props.municipalityId, props.suggestionId);
    const emailHash = await recipientKey(trx, email);
    const existing = await trx
      .selectFrom('suggestion_supports')
      .select('id')
      .where('suggestion_id', '=', suggestion.id)
      .where('email_hash', '=', emailHash)
      .where('status', '<>', 'withdrawn')
      .executeTakeFirst();
    if (existing)
      throw new DomainError('already_supported', {
        field: 'email',
        message: 'this e-mail address already supports the suggestion',
      });
    const token = newLinkToken();
    // The partial unique index decides a race between two requests with the same address.
    const row = await trx
      .insertInto('suggestion_supports')
      .values({
        municipality_id: props.municipalityId,
        suggestion_id: suggestion.id,
        email_hash: emailHash,
        token_hash: hashToken(token),
      })
      .onConflict((conflict) =>
        conflict.columns(['suggestion_id', 'email_hash']).where('status', '<>', 'withdrawn').doNothing(),
      )
      .returning('id')
      .executeTakeFirst();
    if (!row)
      throw new DomainError('already_supported', {
        field: 'email',
        message: 'this e-mail address already supports the suggestion',
      });
    const links = participationLinks(props.publicBaseUrl);
    await enqueueMail(trx, {
      municipalityId: props.municipalityId,
      purpose: 'support.confirm',
      to: email,
      ...supportConfirmMail(props.locale, {
        confirmUrl: links.confirmSupport(row.id, token),
        withdrawUrl: links.withdrawSupport(row.id, token),
      }),
    });
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: 'citizen',
      action: 'support.requested',
      subjectType: 'suggestion',
      subjectId: suggestion.id,
      details: { supportId: row.id },
    });
    return { supportId: row.id };
  });
}
