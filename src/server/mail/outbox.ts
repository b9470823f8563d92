import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

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

/** Writes a mail into the outbox within the caller's transaction: it is sent only if the change commits. */
export async function enqueueMail(trx: Transaction<Database>, mail: OutgoingMail): Promise<void> {
  await trx
    .insertInto('mails')
    .values({
      municipality_id: mail.municipalityId,
      purpose: mail.purpose,
      to_address: mail.to,
      subject: mail.subject,
      text_body: mail.text,
      attachments: JSON.stringify(mail.attachments ?? []),
    })
    .execute();
}
