import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { pgConstraint, pgErrorCode, pgErrorCodes, retryOnTransientConflict } from '../dbErrors.ts';
import { enqueueJob } from '../jobs/jobQueue.ts';
import { queueBookingMail } from '../mail/bookingMailQueue.ts';
import { lockBookingByToken } from './bookingAccess.ts';
import {
  assertBookable,
  expireStaleHolds,
  lockStop,
  priceServices,
  reserveLane,
  type LockedStop,
} from './bookingCapacity.ts';
import { recordAudit } from '../audit.ts';

export interface BookingReschedulerProps {
  municipalityId: string;
  bookingId: string;
  token: string;
  stopId: string;
  startsAt: Date;
  now: Date;
  leadTimeMinutes: number;
  reminderHours: number;
  publicBaseUrl: string;
}

/** Moves a confirmed appointment to another time or stop, keeping its services; all or nothing. */
export async function rescheduleBooking(db: Kysely<Database>, props: BookingReschedulerProps): Promise<void> {
  try {
    await retryOnTransientConflict(() =>
      db.transaction().execute(async (trx) => {
        const booking = await lockBookingByToken(trx, props.municipalityId, props.bookingId, props.token);
        if (booking.status !== 'confirmed') {
          throw new DomainError('booking_not_movable', {
            field: 'token',
            message: `An appointment that is ${booking.status} cannot be moved.`,
          });
        }
        // Two stops are locked in id order, so two people swapping stops cannot deadlock.
        const stopIds = [...new Set([booking.stop_id, props.stopId])].sort();
        const locked = new Map<string, LockedStop>();
        for (const stopId of stopIds) locked.set(stopId, await lockStop(trx, props.municipalityId, stopId));
        const target = locked.get(props.stopId)!;
        assertBookable(target);
        await expireStaleHolds(trx, target.id, props.now);
        const current = await trx
          .selectFrom('booking_services')
          .select(['service_id as serviceId', 'quantity'])
          .where('booking_id', '=', booking.id)
          .execute();
        const { totalMinutes, minutesEach } = await priceServices(trx, target, current);
        const lane = await reserveLane(
          trx,
          target,
          props.startsAt,
          totalMinutes,
          props.now,
          props.leadTimeMinutes,
          booking.id,
        );
        await trx
          .updateTable('bookings')
          .set({
            stop_id: target.id,
            counter: lane.counter,
            starts_at: props.startsAt,
            ends_at: new Date(props.startsAt.getTime() + totalMinutes * 60_000),
            duration_minutes: totalMinutes,
          })
          .where('id', '=', booking.id)
          .execute();
        for (const service of current) {
          await trx
            .updateTable('booking_services')
            .set({ minutes_each: minutesEach.get(service.serviceId)! })
            .where('booking_id', '=', booking.id)
            .where('service_id', '=', service.serviceId)
            .execute();
        }
        if (booking.email) {
          await queueBookingMail(trx, {
            municipalityId: props.municipalityId,
            bookingId: booking.id,
            purpose: 'booking.rescheduled',
            token: props.token,
          });
        }
        const remindAt = new Date(props.startsAt.getTime() - props.reminderHours * 3_600_000);
        if (remindAt > props.now) {
          await enqueueJob(trx, {
            kind: 'booking.remind',
            payload: { municipalityId: props.municipalityId, bookingId: booking.id },
            runAt: remindAt,
            uniqueKey: `booking.remind:${booking.id}:${props.startsAt.toISOString()}`,
          });
        }
        await enqueueJob(trx, {
          kind: 'waitlist.offer',
          payload: { municipalityId: props.municipalityId, stopId: booking.stop_id },
        });
        await recordAudit(trx, {
          municipalityId: props.municipalityId,
          actor: 'citizen',
          action: 'booking.rescheduled',
          subjectType: 'booking',
          subjectId: booking.id,
          details: { fromStopId: booking.stop_id, toStopId: target.id },
        });
      }),
    );
  } catch (error) {
    if (
      pgErrorCode(error) === pgErrorCodes.exclusionViolation &&
      pgConstraint(error) === 'bookings_no_overbooking'
    ) {
      throw new DomainError('slot_full', {
        field: 'startsAt',
        message: 'no counter is free for the whole time',
      });
    }
    throw error;
  }
}
