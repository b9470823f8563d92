import { sql, type Kysely } from 'kysely';
import { emailLimitKey } from '../../domain/email.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { bookingLinks } from '../bookingLinks.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { bookingLinksMail } from '../mail/templates.ts';
import { loadBookingView } from '../queries/bookingQueries.ts';
import { hashToken, newLinkToken } from '../secrets.ts';

export interface BookingLinksResenderProps {
  municipalityId: string;
  /** as the citizen typed it: case and a missing dash do not matter */
  code: string;
  email: string;
  now: Date;
  publicBaseUrl: string;
  /** at most one such mail per booking within this many minutes */
  quietMinutes: number;
}

/** `k7m2 9qxp` → `K7M2-9QXP` */
export function normaliseBookingCode(code: string): string {
  const compact = code.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : compact;
}

export const linksResentPurpose = 'booking.links_resent';

/**
 * "Resend my links": when the code and the e-mail address belong to an upcoming appointment (held or
 * confirmed), a new secret replaces the old one and a mail with the new links goes to that address. The
 * caller learns nothing: the answer is the same whether the pair exists or not, and a booking gets at most
 * one such mail per `quietMinutes`.
 */
export async function resendBookingLinks(
  db: Kysely<Database>,
  props: BookingLinksResenderProps,
): Promise<void> {
  let emailKey: string;
  try {
    emailKey = emailLimitKey(props.email);
  } catch {
    return;
  }
  const code = normaliseBookingCode(props.code);
  await db.transaction().execute(async (trx) => {
    const booking = await trx
      .selectFrom('bookings')
      .select(['id', 'status', 'email'])
      .where('municipality_id', '=', props.municipalityId)
      .where('code', '=', code)
      .where('email_key', '=', emailKey)
      .where('status', 'in', ['held', 'confirmed'])
      .where('starts_at', '>', props.now)
      .forUpdate()
      .executeTakeFirst();
    if (!booking?.email) return;
    const recent = await trx
      .selectFrom('audit_events')
      .select('id')
      .where('municipality_id', '=', props.municipalityId)
      .where('action', '=', linksResentPurpose)
      .where('subject_id', '=', booking.id)
      .where(
        'occurred_at',
        '>',
        sql<Date>`${props.now}::timestamptz - make_interval(mins => ${props.quietMinutes})`,
      )
      .executeTakeFirst();
    if (recent) return;

    const token = newLinkToken();
    await trx
      .updateTable('bookings')
      .set({ token_hash: hashToken(token) })
      .where('id', '=', booking.id)
      .execute();
    const view = (await loadBookingView(trx, props.municipalityId, booking.id))!;
    const links = bookingLinks(props.publicBaseUrl, booking.id, token);
    const mail = bookingLinksMail(view.locale, {
      ...view,
      link: booking.status === 'held' ? links.confirm : links.manage,
      needsConfirmation: booking.status === 'held',
    });
    await enqueueMail(trx, {
      municipalityId: props.municipalityId,
      purpose: linksResentPurpose,
      to: booking.email,
      ...mail,
    });
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: 'citizen',
      action: linksResentPurpose,
      subjectType: 'booking',
      subjectId: booking.id,
    });
  });
}
