import type { Kysely, Transaction } from 'kysely';
import { bookingStatusesAllowing } from '../../domain/bookingStatus.ts';
import type { Database } from '../../db/schema.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { stopCancelledMail } from '../mail/templates.ts';
import { lockStop } from './bookingCapacity.ts';
import { DomainError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';

export interface StopCancellerProps {
  municipalityId: string;
  stopId: string;
  reason: string | null;
  actor: string;
  now: Date;
  publicBaseUrl: string;
}

/** Cancels a stop: its appointments are cancelled and everyone booked there or subscribed to the site is told. */
export async function cancelStop(
  db: Kysely<Database>,
  props: StopCancellerProps,
): Promise<{ bookingsCancelled: number; subscribersNotified: number }> {
  return db.transaction().execute((trx) => cancelStopInTransaction(trx, props));
}

/** `cancelStop` inside the caller's transaction (ending a schedule cancels several stops at once). */
export async function cancelStopInTransaction(
  trx: Transaction<Database>,
  props: StopCancellerProps,
): Promise<{ bookingsCancelled: number; subscribersNotified: number }> {
  const stop = await lockStop(trx, props.municipalityId, props.stopId);
  if (stop.status === 'cancelled') return { bookingsCancelled: 0, subscribersNotified: 0 };
  if (stop.status === 'closed')
    throw new DomainError('stop_closed', {
      field: 'stopId',
      message: 'A stop that has taken place cannot be cancelled.',
    });
  const site = await trx
    .selectFrom('sites')
    .select(['name', 'address'])
    .where('municipality_id', '=', props.municipalityId)
    .where('id', '=', stop.site_id)
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('stops')
    .set({ status: 'cancelled', cancel_reason: props.reason, updated_at: props.now })
    .where('id', '=', stop.id)
    .execute();
  const affected = await trx
    .updateTable('bookings')
    .set({ status: 'cancelled', cancelled_at: props.now, hold_expires_at: null })
    .where('stop_id', '=', stop.id)
    .where('status', 'in', bookingStatusesAllowing('cancel'))
    .returning(['id', 'email', 'locale', 'status', 'waitlist_request_id'])
    .execute();
  const place = {
    siteName: site.name,
    address: site.address,
    start: new Date(stop.starts_at),
    end: new Date(stop.ends_at),
  };
  const scheduleUrl = `${props.publicBaseUrl}/termine`;
  const notified = new Set<string>();
  for (const booking of affected) {
    if (booking.waitlist_request_id) {
      await trx
        .updateTable('waitlist_requests')
        .set({ status: 'active' })
        .where('id', '=', booking.waitlist_request_id)
        .where('status', '=', 'offered')
        .execute();
    }
    if (!booking.email) continue;
    notified.add(booking.email.toLowerCase());
    await enqueueMail(trx, {
      municipalityId: props.municipalityId,
      purpose: 'stop.cancelled',
      to: booking.email,
      ...stopCancelledMail(booking.locale, {
        ...place,
        reason: props.reason,
        scheduleUrl,
        hadBooking: true,
      }),
    });
  }
  const subscribers = await trx
    .selectFrom('site_subscriptions')
    .select(['email', 'locale'])
    .where('municipality_id', '=', props.municipalityId)
    .where('site_id', '=', stop.site_id)
    .where('status', '=', 'active')
    .execute();
  let subscribersNotified = 0;
  for (const subscriber of subscribers) {
    if (notified.has(subscriber.email.toLowerCase())) continue;
    subscribersNotified++;
    await enqueueMail(trx, {
      municipalityId: props.municipalityId,
      purpose: 'stop.cancelled',
      to: subscriber.email,
      ...stopCancelledMail(subscriber.locale, {
        ...place,
        reason: props.reason,
        scheduleUrl,
        hadBooking: false,
      }),
    });
  }
  await recordAudit(trx, {
    municipalityId: props.municipalityId,
    actor: props.actor,
    action: 'stop.cancelled',
    subjectType: 'stop',
    subjectId: stop.id,
    details: { bookingsCancelled: affected.length, subscribersNotified },
  });
  return { bookingsCancelled: affected.length, subscribersNotified };
}
