import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { enqueueJob, type JobRequest } from '../jobs/jobQueue.ts';

/** The job that renders a booking's confirmation (text, QR code, calendar file) and puts it into the outbox. */
export const BOOKING_MAIL_JOB = 'booking.mail';

/** The mails the job renders: the confirmation after the double opt-in, and the same after a move. */
export type BookingMailPurpose = 'booking.confirmed' | 'booking.rescheduled';

export interface BookingMailRequest {
  municipalityId: string;
  bookingId: string;
  purpose: BookingMailPurpose;
  /**
   * The booking's link secret, for the manage link in the mail: only its hash is stored with the booking. The
   * job removes it from its payload when it renders the mail (the mail text then carries the link, as
   * before); no address, name or other personal data travels in the job.
   */
  token: string;
}

/**
 * Queues the mail in the caller's transaction, without rendering it: the job exists only if the change
 * commits, and the commit does not wait for the QR code, the calendar file and the template.
 */
export async function queueBookingMail(
  trx: Transaction<Database>,
  request: BookingMailRequest,
): Promise<void> {
  await enqueueJob(trx, bookingMailJob(request));
}

/** The job `queueBookingMail` queues, to queue with others in one statement (`enqueueJobs`). */
export const bookingMailJob = (request: BookingMailRequest): JobRequest => ({
  kind: BOOKING_MAIL_JOB,
  payload: { ...request },
});
