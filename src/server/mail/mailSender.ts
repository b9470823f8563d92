import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Database } from '../../db/schema.ts';
import type { MailAttachment } from './outbox.ts';

export interface MailDelivery {
  /** Undefined when no SMTP server is configured: mails stay in the outbox (development only). */
  transport: Transporter | undefined;
  from: string;
}

export function createMailDelivery(smtpUrl: string | undefined, from: string): MailDelivery {
  return { transport: smtpUrl ? nodemailer.createTransport(smtpUrl) : undefined, from };
}

const MAX_ATTEMPTS = 8;

/** Sends the pending mails of the outbox; failures are retried on later runs, up to a limit. */
export async function sendPendingMails(
  db: Kysely<Database>,
  delivery: MailDelivery,
  limit = 50,
): Promise<number> {
  const pending = await db
    .selectFrom('mails')
    .selectAll()
    .where('status', '=', 'pending')
    .orderBy('created_at')
    .limit(limit)
    .execute();
  let sent = 0;
  for (const mail of pending) {
    try {
      if (delivery.transport && mail.to_address) {
        await delivery.transport.sendMail({
          from: delivery.from,
          to: mail.to_address,
          subject: mail.subject,
          text: mail.text_body,
          attachments: (mail.attachments as MailAttachment[]).map((attachment) => ({
            filename: attachment.filename,
            contentType: attachment.contentType,
            content: Buffer.from(attachment.content, 'base64'),
          })),
        });
      }
      await db
        .updateTable('mails')
        .set({ status: 'sent', sent_at: new Date(), attempts: mail.attempts + 1 })
        .where('id', '=', mail.id)
        .execute();
      sent++;
    } catch (error) {
      const attempts = mail.attempts + 1;
      await db
        .updateTable('mails')
        .set({
          attempts,
          status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
          // The SMTP reply can quote the address: keep only the error kind.
          last_error: (error as { code?: string }).code ?? (error as Error).name,
        })
        .where('id', '=', mail.id)
        .execute();
    }
  }
  return sent;
}
