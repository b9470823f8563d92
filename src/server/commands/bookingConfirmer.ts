import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { openCasesForConfirmedBooking } from '../cases/caseHooks.ts';
import { retryOnTransientConflict } from '../dbErrors.ts';
import { enqueueJobs, type JobRequest } from '../jobs/jobQueue.ts';
import { bookingMailJob } from '../mail/bookingMailQueue.ts';
import { lockBookingByToken } from './bookingAccess.ts';
import { transitionBooking } from '../../domain/bookingStatus.ts';
import { DomainError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';

export interface BookingConfirmerProps {
  municipalityId: string;
  bookingId: string;
  token: string;
  now: Date;
  reminderHours: number;
  publicBaseUrl: string;
}

/** The second step of the double opt-in: the link from the e-mail turns the hold into an appointment. */
export async function confirmBooking(
  db: Kysely<Database>,
  props: BookingConfirmerProps,
): Promise<{ alreadyConfirmed: boolean }> {
  return retryOnTransientConflict(() =>
    db.transaction().execute(async (trx) => {
      const booking = await lockBookingByToken(trx, props.municipalityId, props.bookingId, props.token);
      if (booking.status !== 'held') {
        if (
          ['confirmed', 'checked_in', 'called', 'in_service', 'parked', 'finished'].includes(booking.status)
        ) {
          return { alreadyConfirmed: true };
        }
        throw new DomainError('booking_gone', {
          field: 'token',
          message: `This appointment is ${booking.status} and can no longer be confirmed.`,
        });
      }
      if (new Date(booking.hold_expires_at!).getTime() <= props.now.getTime()) {
        throw new DomainError('hold_expired', {
          field: 'token',
          message: 'The time to confirm has run out; the slot was released. Please book again.',
        });
      }
      await trx
        .updateTable('bookings')
        .set({
          status: transitionBooking(booking.status, 'confirm'),
          confirmed_at: props.now,
          hold_expires_at: null,
          client_key: null,
        })
        .where('id', '=', booking.id)
        .execute();
      if (booking.waitlist_request_id) {
        await trx
          .updateTable('waitlist_requests')
          .set({ status: 'booked' })
          .where('id', '=', booking.waitlist_request_id)
          .execute();
      }
      // The booking opens its cases, one per service (channel 'online', with the 'booked' event).
      await openCasesForConfirmedBooking(trx, {
        municipalityId: props.municipalityId,
        bookingId: booking.id,
        at: props.now,
        citizen: { name: booking.name, email: booking.email, phone: booking.phone },
      });
      // Only the request for the mail: the job renders text, QR code and calendar file after the commit.
      // It and the reminder are queued in one statement.
      const jobs: JobRequest[] = [];
      if (booking.email) {
        jobs.push(
          bookingMailJob({
            municipalityId: props.municipalityId,
            bookingId: booking.id,
            purpose: 'booking.confirmed',
            token: props.token,
          }),
        );
      }
      const start = new Date(booking.starts_at);
      const remindAt = new Date(start.getTime() - props.reminderHours * 3_600_000);
      if (remindAt > props.now) {
        jobs.push({
          kind: 'booking.remind',
          payload: { municipalityId: props.municipalityId, bookingId: booking.id },
          runAt: remindAt,
          uniqueKey: `booking.remind:${booking.id}:${start.toISOString()}`,
        });
      }
      await enqueueJobs(trx, jobs);
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: 'citizen',
        action: 'booking.confirmed',
        subjectType: 'booking',
        subjectId: booking.id,
      });
      return { alreadyConfirmed: false };
    }),
  );
}
