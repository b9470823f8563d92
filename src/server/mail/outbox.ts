import type { Transaction } from 'kysely';
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
  const { sent } = await trx
    .selectFrom('mails')
    .select((eb) => eb.fn.countAll<number>().as('sent'))
    .where('recipient_key', '=', key)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  if (Number(sent) >= outboxSettings.mailPerRecipientPerDay) {
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
  await trx
    .insertInto('mails')
    .values({
      municipality_id: mail.municipalityId,
      purpose: mail.purpose,
      to_address: mail.to,
      recipient_key: key,
      subject: mail.subject,
      text_body: mail.text,
      attachments: JSON.stringify(mail.attachments ?? []),
    })
    .execute();
  return true;
}
