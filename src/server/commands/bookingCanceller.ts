import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { retryOnTransientConflict } from '../dbErrors.ts';
import { enqueueJob } from '../jobs/jobQueue.ts';
import { bookingCalendar } from '../mail/bookingAttachments.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { bookingCancelledMail } from '../mail/templates.ts';
import { loadBookingView } from '../queries/bookingQueries.ts';
import { lockBookingByToken } from './bookingAccess.ts';
import { transitionBooking } from '../../domain/bookingStatus.ts';
import { DomainError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';

export interface BookingCancellerProps {
  municipalityId: string;
  bookingId: string;
  token: string;
  now: Date;
}

/** A citizen cancels by the secret link; the freed slot is offered to the waitlist. */
export async function cancelBooking(
  db: Kysely<Database>,
  props: BookingCancellerProps,
): Promise<{ alreadyCancelled: boolean }> {
  return retryOnTransientConflict(() =>
    db.transaction().execute(async (trx) => {
      const booking = await lockBookingByToken(trx, props.municipalityId, props.bookingId, props.token);
      if (booking.status === 'cancelled') return { alreadyCancelled: true };
      if (booking.status !== 'held' && booking.status !== 'confirmed') {
        throw new DomainError('booking_not_cancellable', {
          field: 'token',
          message: `An appointment that is ${booking.status} cannot be cancelled online.`,
        });
      }
      if (new Date(booking.starts_at).getTime() <= props.now.getTime()) {
        throw new DomainError('booking_started', {
          field: 'token',
          message: 'The appointment has already begun.',
        });
      }
      await trx
        .updateTable('bookings')
        .set({
          status: transitionBooking(booking.status, 'cancel'),
          cancelled_at: props.now,
          hold_expires_at: null,
        })
        .where('id', '=', booking.id)
        .execute();
      if (booking.waitlist_request_id) {
        await trx
          .updateTable('waitlist_requests')
          .set({ status: 'cancelled' })
          .where('id', '=', booking.waitlist_request_id)
          .execute();
      }
      const view = (await loadBookingView(trx, props.municipalityId, booking.id))!;
      if (booking.status === 'confirmed' && booking.email) {
        await enqueueMail(trx, {
          municipalityId: props.municipalityId,
          purpose: 'booking.cancelled',
          to: booking.email,
          ...bookingCancelledMail(view.locale, view),
          attachments: [
            {
              filename: 'termin-abgesagt.ics',
              contentType: 'text/calendar; charset=utf-8; method=CANCEL',
              content: Buffer.from(bookingCalendar(view, undefined, true)).toString('base64'),
            },
          ],
        });
      }
      await enqueueJob(trx, {
        kind: 'waitlist.offer',
        payload: { municipalityId: props.municipalityId, stopId: booking.stop_id },
      });
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: 'citizen',
        action: 'booking.cancelled',
        subjectType: 'booking',
        subjectId: booking.id,
      });
      return { alreadyCancelled: false };
    }),
  );
}
