import type { Kysely } from 'kysely';
import type { AppConfig } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { mailBookingConfirmation } from '../commands/bookingConfirmationMailer.ts';
import { remindBooking } from '../commands/bookingReminder.ts';
import { deleteExpiredDocuments } from '../commands/expiredDocumentDeleter.ts';
import { expireHolds } from '../commands/holdExpirer.ts';
import { inviteToVisitFeedback } from '../commands/visitFeedbackInviter.ts';
import { anonymisePersonalData } from '../commands/personalDataAnonymiser.ts';
import { extendSchedules } from '../commands/scheduleCreator.ts';
import { offerFreedSlots, scanForRequest } from '../commands/waitlistOfferer.ts';
import { BOOKING_MAIL_JOB, type BookingMailPurpose } from '../mail/bookingMailQueue.ts';
import { sendPendingMails, type MailDelivery } from '../mail/mailSender.ts';
import { deleteExpiredRateLimitCounters } from '../rateLimitStore.ts';
import { readEfileConfirmations, resendUnconfirmedHandOffs } from '../commands/efileConfirmationsReader.ts';
import { writeEfileHandOff } from '../commands/efileHandOffWriter.ts';
import { EFILE_WRITE_JOB } from '../efile/efileHandOffQueue.ts';
import { deliverWebhook } from '../commands/webhookDeliverer.ts';
import { WEBHOOK_DELIVER_JOB } from '../webhooks/caseEvents.ts';
import type { JobHandlers, PeriodicTask } from './jobRunner.ts';

const text = (value: unknown, name: string): string => {
  if (typeof value !== 'string') throw new Error(`job payload lacks ${name}`);
  return value;
};

export function jobHandlers(db: Kysely<Database>, config: AppConfig): JobHandlers {
  const waitlist = (now: Date) => ({
    now,
    offerMinutes: config.booking.waitlistOfferMinutes,
    leadTimeMinutes: config.booking.leadTimeMinutes,
    publicBaseUrl: config.publicBaseUrl,
    maxActiveBookingsPerPerson: config.booking.maxActiveBookingsPerPerson,
  });
  return {
    [EFILE_WRITE_JOB]: async (job, now) => {
      await writeEfileHandOff(
        db,
        config,
        {
          municipalityId: text(job.payload.municipalityId, 'municipalityId'),
          handOffId: text(job.payload.handOffId, 'handOffId'),
          attempt: job.attempts,
        },
        now,
      );
    },
    [BOOKING_MAIL_JOB]: async (job) => {
      // Without its secret the job has rendered the mail already (its worker died before marking it done).
      if (job.payload.token === undefined) return;
      const purpose = text(job.payload.purpose, 'purpose');
      if (purpose !== 'booking.confirmed' && purpose !== 'booking.rescheduled') {
        throw new Error(`job payload has an unknown purpose ${purpose}`);
      }
      await mailBookingConfirmation(db, {
        jobId: job.id,
        municipalityId: text(job.payload.municipalityId, 'municipalityId'),
        bookingId: text(job.payload.bookingId, 'bookingId'),
        purpose: purpose satisfies BookingMailPurpose,
        token: text(job.payload.token, 'token'),
        defaultPublicBaseUrl: config.publicBaseUrl,
      });
    },
    'booking.remind': async (job) => {
      await remindBooking(db, {
        municipalityId: text(job.payload.municipalityId, 'municipalityId'),
        bookingId: text(job.payload.bookingId, 'bookingId'),
      });
    },
    'feedback.invite': async (job) => {
      await inviteToVisitFeedback(db, {
        municipalityId: text(job.payload.municipalityId, 'municipalityId'),
        bookingId: text(job.payload.bookingId, 'bookingId'),
        publicBaseUrl: config.publicBaseUrl,
      });
    },
    'waitlist.offer': async (job, now) => {
      await offerFreedSlots(db, {
        ...waitlist(now),
        municipalityId: text(job.payload.municipalityId, 'municipalityId'),
        stopId: text(job.payload.stopId, 'stopId'),
      });
    },
    'waitlist.scan': async (job, now) => {
      await scanForRequest(db, {
        ...waitlist(now),
        municipalityId: text(job.payload.municipalityId, 'municipalityId'),
        requestId: text(job.payload.requestId, 'requestId'),
      });
    },
    // Retries are the delivery's own (configurable attempts, jittered back-off, dead letters): an HTTP
    // failure finishes this job and queues the next attempt.
    [WEBHOOK_DELIVER_JOB]: async (job, now) => {
      await deliverWebhook(db, {
        deliveryId: text(job.payload.deliveryId, 'deliveryId'),
        now,
        settings: config.webhooks,
      });
    },
  };
}

export function periodicTasks(
  db: Kysely<Database>,
  config: AppConfig,
  delivery: MailDelivery,
): PeriodicTask[] {
  return [
    {
      name: 'mail.send',
      everyMs: config.jobPollMs,
      run: async () => void (await sendPendingMails(db, delivery)),
    },
    {
      name: 'efile.confirmations',
      everyMs: 60_000,
      run: async (now) => void (await readEfileConfirmations(db, config, now)),
    },
    {
      name: 'efile.resend',
      everyMs: 3_600_000,
      run: async (now) => void (await resendUnconfirmedHandOffs(db, now, config.efile.resendAfterHours)),
    },
    { name: 'holds.expire', everyMs: 30_000, run: async (now) => void (await expireHolds(db, now)) },
    {
      name: 'rate-limits.clean',
      everyMs: 10 * 60_000,
      run: async (now) => void (await deleteExpiredRateLimitCounters(db, now)),
    },
    {
      name: 'schedules.extend',
      everyMs: 6 * 3_600_000,
      run: async (now) => void (await extendSchedules(db, now, config.booking.horizonWeeks)),
    },
    {
      // Documents past their service's retention period lose content and name (a tombstone stays).
      name: 'documents.delete-expired',
      everyMs: 3_600_000,
      run: async (now) => void (await deleteExpiredDocuments(db, now)),
    },
    {
      name: 'personal-data.anonymise',
      everyMs: 6 * 3_600_000,
      run: async (now) => {
        await anonymisePersonalData(db, now, config.booking.retentionDays);
        await db.deleteFrom('captcha_uses').where('expires_at', '<', now).execute();
        await db
          .deleteFrom('jobs')
          .where('status', '=', 'done')
          .where('finished_at', '<', new Date(now.getTime() - 7 * 86_400_000))
          .execute();
      },
    },
  ];
}
