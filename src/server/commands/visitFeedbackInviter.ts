import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { feedbackLinks } from '../bookingLinks.ts';
import { enqueueMail, recipientKey } from '../mail/outbox.ts';
import { visitFeedbackMail } from '../mail/templates.ts';
import { publicBaseUrlOf } from '../publicBaseUrl.ts';
import { hashToken, newLinkToken } from '../secrets.ts';

/**
 * The one survey mail after a finished appointment (job `feedback.invite`, queued when the station finishes the
 * visit). Not sent when the person opted out at booking time or by the link of an earlier survey mail, when the
 * booking has no address (anonymised, staff-booked without e-mail) or when the invitation went out already.
 * Only the hash of the survey token is kept on the booking; the answers never point back to it.
 */
export async function inviteToVisitFeedback(
  db: Kysely<Database>,
  props: { municipalityId: string; bookingId: string; publicBaseUrl: string },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const booking = await trx
      .selectFrom('bookings')
      .innerJoin('stops', 'stops.id', 'bookings.stop_id')
      .innerJoin('sites', (join) =>
        join
          .onRef('sites.id', '=', 'stops.site_id')
          .onRef('sites.municipality_id', '=', 'stops.municipality_id'),
      )
      .select([
        'bookings.id',
        'bookings.status',
        'bookings.email',
        'bookings.locale',
        'bookings.feedback_opt_out',
        'bookings.feedback_invited_at',
        'sites.name as siteName',
      ])
      .where('bookings.municipality_id', '=', props.municipalityId)
      .where('bookings.id', '=', props.bookingId)
      .forUpdate('bookings')
      .executeTakeFirst();
    if (
      !booking ||
      booking.status !== 'finished' ||
      !booking.email ||
      booking.feedback_opt_out ||
      booking.feedback_invited_at !== null
    )
      return false;
    const optedOut = await trx
      .selectFrom('feedback_opt_outs')
      .select('recipient_key')
      .where('municipality_id', '=', props.municipalityId)
      .where('recipient_key', '=', await recipientKey(trx, booking.email))
      .executeTakeFirst();
    if (optedOut) return false;
    const token = newLinkToken();
    await trx
      .updateTable('bookings')
      .set({ feedback_token_hash: hashToken(token), feedback_invited_at: new Date() })
      .where('id', '=', booking.id)
      .execute();
    const links = feedbackLinks(await publicBaseUrlOf(trx, props.municipalityId, props.publicBaseUrl), token);
    await enqueueMail(trx, {
      municipalityId: props.municipalityId,
      purpose: 'visit.feedback',
      to: booking.email,
      ...visitFeedbackMail(booking.locale, {
        siteName: booking.siteName,
        link: links.survey,
        optOutUrl: links.optOut,
      }),
    });
    return true;
  });
}
