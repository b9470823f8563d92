import { sql, type Transaction } from 'kysely';
import { emailLimitKey } from '../../domain/email.ts';
import type { Database } from '../../db/schema.ts';
import { keyedHash } from '../keyedHash.ts';

export interface MailAttachment {
  filename: string;
  contentType: string;
  /** base64 */
  content: string;
}

export interface OutgoingMail {
  municipalityId: string;
  purpose: string;
  to: string;
  subject: string;
  text: string;
  attachments?: MailAttachment[];
}

/**
 * Mails to one recipient (normalised as for the per-person limit) in any 24 hours, all purposes together.
 * Process-wide, set once at start from MAIL_PER_RECIPIENT_PER_DAY (`configureOutbox`).
 */
const outboxSettings = { mailPerRecipientPerDay: 10 };

export function configureOutbox(settings: { mailPerRecipientPerDay: number }): void {
  outboxSettings.mailPerRecipientPerDay = settings.mailPerRecipientPerDay;
}

/** The keyed hash a recipient's mails are counted under: the normalised address, never stored in clear. */
export async function recipientKey(trx: Transaction<Database>, to: string): Promise<string> {
  let normalised: string;
  try {
    normalised = emailLimitKey(to);
  } catch {
    normalised = to.trim().toLowerCase();
  }
  return keyedHash(trx, 'recipient', normalised);
}

/**
 * Writes a mail into the outbox within the caller's transaction: it is sent only if the change commits.
 * Beyond the recipient's daily cap the mail is not written; the suppression is recorded (purpose and time,
 * no address) and `false` returned.
 */
export async function enqueueMail(trx: Transaction<Database>, mail: OutgoingMail): Promise<boolean> {
  const key = await recipientKey(trx, mail.to);
  const since = new Date(Date.now() - 86_400_000);
  // The count and the insert in one statement: the mail is written only while the recipient is under the cap.
  const written = await trx
    .insertInto('mails')
    .columns([
      'municipality_id',
      'purpose',
      'to_address',
      'recipient_key',
      'subject',
      'text_body',
      'attachments',
    ])
    .expression(
      // Typed as the columns: a parameter in a SELECT list would otherwise be taken as text.
      trx
        .selectNoFrom([
          sql`${mail.municipalityId}::uuid`.as('municipality_id'),
          sql`${mail.purpose}::text`.as('purpose'),
          sql`${mail.to}::text`.as('to_address'),
          sql`${key}::text`.as('recipient_key'),
          sql`${mail.subject}::text`.as('subject'),
          sql`${mail.text}::text`.as('text_body'),
          sql`${JSON.stringify(mail.attachments ?? [])}::jsonb`.as('attachments'),
        ])
        .where(
          (eb) =>
            eb
              .selectFrom('mails')
              .select((inner) => inner.fn.countAll<number>().as('sent'))
              .where('recipient_key', '=', key)
              .where('created_at', '>', since),
          '<',
          outboxSettings.mailPerRecipientPerDay,
        ),
    )
    .executeTakeFirst();
  if (Number(written.numInsertedOrUpdatedRows ?? 0) === 0) {
    await trx
      .insertInto('mail_suppressions')
      .values({
        municipality_id: mail.municipalityId,
        purpose: mail.purpose,
        recipient_key: key,
        reason: 'daily_cap',
      })
      .execute();
    return false;
  }
  return true;
}
