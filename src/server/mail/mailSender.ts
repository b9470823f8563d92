import { sql, type Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { MailDeliverySettings } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import type { MailAttachment } from './outbox.ts';

export interface MailDelivery {
  /** Undefined when no SMTP server is configured: mails stay in the outbox (development only). */
  transport: Transporter | undefined;
  from: string;
  /** Attempts before a mail is marked failed. */
  maxAttempts: number;
}

export type MailTransportSettings = Pick<
  MailDeliverySettings,
  'connectionTimeoutMs' | 'greetingTimeoutMs' | 'socketTimeoutMs'
> & { maxAttempts?: number };

const defaultSettings: Required<MailTransportSettings> = {
  maxAttempts: 8,
  connectionTimeoutMs: 10_000,
  greetingTimeoutMs: 10_000,
  socketTimeoutMs: 60_000,
};

export function createMailDelivery(
  smtpUrl: string | undefined,
  from: string,
  settings: Partial<MailTransportSettings> = {},
): MailDelivery {
  const { maxAttempts, connectionTimeoutMs, greetingTimeoutMs, socketTimeoutMs } = {
    ...defaultSettings,
    ...settings,
  };
  // A server that accepts the connection and then says nothing must not hold the mail lane for minutes.
  const transport = smtpUrl
    ? nodemailer.createTransport({
        url: smtpUrl,
        connectionTimeout: connectionTimeoutMs,
        greetingTimeout: greetingTimeoutMs,
        socketTimeout: socketTimeoutMs,
      })
    : undefined;
  return { transport, from, maxAttempts };
}

/** Waits after the n-th failed attempt: 1 min, 5 min, 30 min, 2 h, then 6 h each. */
const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000];

export function mailRetryDelayMs(failedAttempts: number): number {
  return RETRY_DELAYS_MS[Math.min(Math.max(failedAttempts, 1), RETRY_DELAYS_MS.length) - 1]!;
}

/** The kind of a send error, never its text: an SMTP reply can quote the address. */
export function mailErrorClass(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  const responseCode = (error as { responseCode?: unknown })?.responseCode;
  const kind =
    typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code) ? code : ((error as Error)?.name ?? 'Error');
  return typeof responseCode === 'number' ? `${kind} ${responseCode}` : kind;
}

/**
 * Sends the pending mails of the outbox that are due. A failed send is tried again after a growing wait (see
 * `mailRetryDelayMs`); after `maxAttempts` the mail is marked failed for the admins to see.
 */
export async function sendPendingMails(
  db: Kysely<Database>,
  delivery: MailDelivery,
  options: { now?: Date; limit?: number } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const pending = await db
    .selectFrom('mails')
    .selectAll()
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
    .orderBy(sql`coalesce(next_attempt_at, created_at)`)
    .limit(options.limit ?? 50)
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
        .set({ status: 'sent', sent_at: new Date(), attempts: mail.attempts + 1, next_attempt_at: null })
        .where('id', '=', mail.id)
        .execute();
      sent++;
    } catch (error) {
      const attempts = mail.attempts + 1;
      const final = attempts >= delivery.maxAttempts;
      const failedAt = new Date(Math.max(now.getTime(), Date.now()));
      await db
        .updateTable('mails')
        .set({
          attempts,
          status: final ? 'failed' : 'pending',
          next_attempt_at: final ? null : new Date(failedAt.getTime() + mailRetryDelayMs(attempts)),
          failed_at: final ? failedAt : null,
          last_error: mailErrorClass(error),
        })
        .where('id', '=', mail.id)
        .where('status', '=', 'pending')
        .execute();
    }
  }
  return sent;
}
