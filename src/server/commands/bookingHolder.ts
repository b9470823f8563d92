import type { Kysely, Transaction } from 'kysely';
import { emailLimitKey } from '../../domain/email.ts';
import { assertRoomForAnother } from '../../domain/waitlist.ts';
import { DomainError } from '../../domain/errors.ts';
import type { RequestedService } from '../../domain/slots.ts';
import type { Database } from '../../db/schema.ts';
import { bookingLinks } from '../bookingLinks.ts';
import { pgConstraint, pgErrorCode, pgErrorCodes, retryOnTransientConflict } from '../dbErrors.ts';
import { insertBookingRows } from './bookingRows.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { confirmRequestMail, type Locale } from '../mail/templates.ts';
import { loadBookingView } from '../queries/bookingQueries.ts';
import { hashToken, newLinkToken } from '../secrets.ts';
import { assertBookable, expireStaleHolds, lockStop, priceServices, reserveLane } from './bookingCapacity.ts';
import { assertHoldLimits, type HoldLimits } from './holdLimits.ts';
import { loadPersonalCommitments, lockPerson } from './personalLimit.ts';
import { enqueueJob } from '../jobs/jobQueue.ts';
import { recordAudit } from '../audit.ts';

export interface BookingHolderProps {
  municipalityId: string;
  stopId: string;
  startsAt: Date;
  services: RequestedService[];
  name: string;
  email: string;
  phone?: string | undefined;
  locale: Locale;
  now: Date;
  holdMinutes: number;
  leadTimeMinutes: number;
  maxActiveBookingsPerPerson: number;
  publicBaseUrl: string;
  /** Set when the waitlist offers a slot; such holds last longer and send the offer mail instead. */
  waitlistRequestId?: string | undefined;
  /** Keyed hash of the client address (see clientKey.ts); citizen holds only. */
  clientKey?: string | undefined;
  /** Limits on unconfirmed holds per client and per stop; citizen holds and waitlist offers. */
  holdLimits?: HoldLimits | undefined;
}

export interface BookingHeld {
  bookingId: string;
  holdExpiresAt: Date;
  /**
   * Only returned to internal callers (waitlist, tests of the mail flow); the public API never sends it.
   * Undefined when the request repeated an open hold (no new link, no new mail).
   */
  token: string | undefined;
}

export async function holdBookingInTransaction(
  trx: Transaction<Database>,
  props: BookingHolderProps,
): Promise<BookingHeld> {
  const stop = await lockStop(trx, props.municipalityId, props.stopId);
  assertBookable(stop);
  const { totalMinutes, minutesEach } = await priceServices(trx, stop, props.services);
  const emailKey = emailLimitKey(props.email);

  // One person's commitments are counted under a per-person lock, so parallel requests cannot pass the limit
  // together. A waitlist offer moves the request's own count to the hold, so the request is left out.
  await lockPerson(trx, props.municipalityId, emailKey);
  if (!props.waitlistRequestId) {
    // The same hold asked for again (a double click, a bot repeating itself) is the same pending request: it
    // is answered with the open hold, and its confirmation mail is not sent again.
    const repeated = await trx
      .selectFrom('bookings')
      .select(['id', 'hold_expires_at', 'duration_minutes'])
      .where('municipality_id', '=', props.municipalityId)
      .where('email_key', '=', emailKey)
      .where('stop_id', '=', stop.id)
      .where('starts_at', '=', props.startsAt)
      .where('status', '=', 'held')
      .where('origin', '=', 'citizen')
      .where('hold_expires_at', '>', props.now)
      .executeTakeFirst();
    if (repeated && repeated.duration_minutes === totalMinutes) {
      return { bookingId: repeated.id, holdExpiresAt: new Date(repeated.hold_expires_at!), token: undefined };
    }
  }
  assertRoomForAnother(
    await loadPersonalCommitments(trx, {
      municipalityId: props.municipalityId,
      emailKey,
      now: props.now,
      excludeWaitlistRequestId: props.waitlistRequestId,
    }),
    props.maxActiveBookingsPerPerson,
  );

  const freed = await expireStaleHolds(trx, stop.id, props.now);
  for (const hold of freed) {
    await enqueueJob(trx, {
      kind: 'waitlist.offer',
      payload: { municipalityId: hold.municipality_id, stopId: hold.stop_id },
    });
  }
  if (props.holdLimits) {
    await assertHoldLimits(trx, stop, {
      municipalityId: props.municipalityId,
      clientKey: props.clientKey,
      minutes: totalMinutes,
      now: props.now,
      limits: props.holdLimits,
    });
  }
  const lane = await reserveLane(trx, stop, props.startsAt, totalMinutes, props.now, props.leadTimeMinutes);
  const token = newLinkToken();
  const holdExpiresAt = new Date(props.now.getTime() + props.holdMinutes * 60_000);
  const { bookingId } = await insertBookingRows(
    trx,
    {
      municipality_id: props.municipalityId,
      stop_id: stop.id,
      counter: lane.counter,
      starts_at: props.startsAt,
      ends_at: new Date(props.startsAt.getTime() + totalMinutes * 60_000),
      duration_minutes: totalMinutes,
      status: 'held',
      token_hash: hashToken(token),
      hold_expires_at: holdExpiresAt,
      origin: props.waitlistRequestId ? 'waitlist' : 'citizen',
      waitlist_request_id: props.waitlistRequestId ?? null,
      name: props.name,
      email: props.email,
      email_key: emailKey,
      phone: props.phone ?? null,
      client_key: props.clientKey ?? null,
      locale: props.locale,
    },
    props.services.map((service) => ({ ...service, minutesEach: minutesEach.get(service.serviceId)! })),
  );
  const view = (await loadBookingView(trx, props.municipalityId, bookingId))!;
  if (!props.waitlistRequestId) {
    const mail = confirmRequestMail(props.locale, {
      ...view,
      confirmUrl: bookingLinks(props.publicBaseUrl, bookingId, token).confirm,
      holdMinutes: props.holdMinutes,
    });
    await enqueueMail(trx, {
      municipalityId: props.municipalityId,
      purpose: 'booking.confirm_request',
      to: props.email,
      ...mail,
    });
  }
  await recordAudit(trx, {
    municipalityId: props.municipalityId,
    actor: props.waitlistRequestId ? 'system:waitlist' : 'citizen',
    action: 'booking.held',
    subjectType: 'booking',
    subjectId: bookingId,
    details: { stopId: stop.id, minutes: totalMinutes },
  });
  return { bookingId, holdExpiresAt, token };
}

/** A citizen holds a slot for their services; the hold lasts until confirmed by the link sent by e-mail. */
export async function holdBooking(db: Kysely<Database>, props: BookingHolderProps): Promise<BookingHeld> {
  try {
    return await retryOnTransientConflict(() =>
      db.transaction().execute((trx) => holdBookingInTransaction(trx, props)),
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
