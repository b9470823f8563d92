import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { bookingLinks } from '../bookingLinks.ts';
import { bookingAttachments } from '../mail/bookingAttachments.ts';
import type { BookingMailPurpose } from '../mail/bookingMailQueue.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { bookingConfirmedMail } from '../mail/templates.ts';
import { publicBaseUrlOf } from '../publicBaseUrl.ts';
import { loadBookingView } from '../queries/bookingQueries.ts';
import { tokenMatches } from '../secrets.ts';

export interface BookingConfirmationMailerProps {
  /** The job that asked for the mail: its payload loses the link secret in the same transaction. */
  jobId: number;
  municipalityId: string;
  bookingId: string;
  purpose: BookingMailPurpose;
  token: string;
  /** PUBLIC_BASE_URL, for a municipality without an address of its own. */
  defaultPublicBaseUrl: string;
}

export type BookingConfirmationMailOutcome = 'queued' | 'capped' | 'skipped';

/**
 * Renders the confirmation of a booking as it is now (the time of a later move, the services) with its QR
 * code and calendar file, and puts it into the outbox, whose delivery retries and reports failures. A
 * booking that is no longer confirmed (cancelled meanwhile: the cancellation mail went out instead;
 * anonymised; gone) gets nothing, nor one whose link was sent anew (the old manage link no longer works and
 * the new mail carries the valid one).
 */
export async function mailBookingConfirmation(
  db: Kysely<Database>,
  props: BookingConfirmationMailerProps,
): Promise<BookingConfirmationMailOutcome> {
  return db.transaction().execute(async (trx) => {
    // The secret leaves the job's payload whatever the outcome; the mail text alone carries it from here.
    await trx
      .updateTable('jobs')
      .set({
        payload: JSON.stringify({
          municipalityId: props.municipalityId,
          bookingId: props.bookingId,
          purpose: props.purpose,
        }),
      })
      .where('id', '=', props.jobId)
      .execute();
    const view = await loadBookingView(trx, props.municipalityId, props.bookingId);
    if (!view || view.status !== 'confirmed' || !view.email || !tokenMatches(props.token, view.tokenHash)) {
      return 'skipped';
    }
    const baseUrl = await publicBaseUrlOf(trx, props.municipalityId, props.defaultPublicBaseUrl);
    const manageUrl = bookingLinks(baseUrl, view.id, props.token).manage;
    const queued = await enqueueMail(trx, {
      municipalityId: props.municipalityId,
      purpose: props.purpose,
      to: view.email,
      ...bookingConfirmedMail(view.locale, { ...view, manageUrl }),
      attachments: await bookingAttachments(view, manageUrl),
    });
    return queued ? 'queued' : 'capped';
  });
}
