import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { RequestedService } from '../../domain/slots.ts';
import type { Database, Locale } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { pgConstraint, pgErrorCode, pgErrorCodes, retryOnTransientConflict } from '../dbErrors.ts';
import { enqueueJob } from '../jobs/jobQueue.ts';
import { hashToken, newLinkToken } from '../secrets.ts';
import { assertBookable, expireStaleHolds, lockStop, priceServices, reserveLane } from './bookingCapacity.ts';
import { insertBookingRows } from './bookingRows.ts';

export interface StaffBookingCreatorProps {
  municipalityId: string;
  stopId: string;
  startsAt: Date;
  services: RequestedService[];
  /** the citizen's name, as they gave it on the phone or at the counter */
  name: string;
  /** optional: to call the citizen back (no e-mail is asked) */
  phone?: string | undefined;
  locale: Locale;
  /** `staff:<id>` of the clerk who booked */
  actor: string;
  now: Date;
  leadTimeMinutes: number;
}

export interface StaffBookingCreated {
  bookingId: string;
  code: string;
}

/**
 * A clerk books for a citizen by phone or at the counter: no e-mail, so no double opt-in and no mail; the
 * appointment is confirmed at once and the clerk prints the confirmation instead. Capacity is the citizen
 * booking's: the stop is locked and the same lane rule (bookingCapacity.reserveLane, domain/slots.ts) decides,
 * with the exclusion constraint underneath. Without an e-mail there is no per-person limit to count under.
 */
export async function createStaffBooking(
  db: Kysely<Database>,
  props: StaffBookingCreatorProps,
): Promise<StaffBookingCreated> {
  try {
    return await retryOnTransientConflict(() =>
      db.transaction().execute(async (trx) => {
        const stop = await lockStop(trx, props.municipalityId, props.stopId);
        assertBookable(stop);
        const { totalMinutes, minutesEach } = await priceServices(trx, stop, props.services);
        const freed = await expireStaleHolds(trx, stop.id, props.now);
        for (const hold of freed) {
          await enqueueJob(trx, {
            kind: 'waitlist.offer',
            payload: { municipalityId: hold.municipality_id, stopId: hold.stop_id },
          });
        }
        const lane = await reserveLane(
          trx,
          stop,
          props.startsAt,
          totalMinutes,
          props.now,
          props.leadTimeMinutes,
        );
        const created = await insertBookingRows(
          trx,
          {
            municipality_id: props.municipalityId,
            stop_id: stop.id,
            counter: lane.counter,
            starts_at: props.startsAt,
            ends_at: new Date(props.startsAt.getTime() + totalMinutes * 60_000),
            duration_minutes: totalMinutes,
            status: 'confirmed',
            // No link goes out: the secret is random and never told, so only staff manage this booking.
            token_hash: hashToken(newLinkToken()),
            hold_expires_at: null,
            confirmed_at: props.now,
            origin: 'staff',
            name: props.name,
            email: null,
            email_key: null,
            phone: props.phone ?? null,
            locale: props.locale,
          },
          props.services.map((service) => ({ ...service, minutesEach: minutesEach.get(service.serviceId)! })),
        );
        await recordAudit(trx, {
          municipalityId: props.municipalityId,
          actor: props.actor,
          action: 'booking.created_by_staff',
          subjectType: 'booking',
          subjectId: created.bookingId,
          details: { stopId: stop.id, minutes: totalMinutes, withPhone: Boolean(props.phone) },
        });
        return created;
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
