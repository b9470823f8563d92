import { assertKnownDistrict } from './knownDistrict.ts';
import { sql, type Kysely, type Transaction } from 'kysely';
import { emailLimitKey } from '../../domain/email.ts';
import { decideHold, type HoldFacts } from '../../domain/holdDecision.ts';
import { DomainError } from '../../domain/errors.ts';
import type { RequestedService } from '../../domain/slots.ts';
import type { BookingRowStatus, Database } from '../../db/schema.ts';
import { bookingLinks } from '../bookingLinks.ts';
import { pgConstraint, pgErrorCode, pgErrorCodes, retryOnTransientConflict } from '../dbErrors.ts';
import { insertBookingRows } from './bookingRows.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { confirmRequestMail, type Locale } from '../mail/templates.ts';
import { loadBookingView } from '../queries/bookingQueries.ts';
import { rejectVisiblyFullSlot } from '../queries/visiblyFullSlot.ts';
import { hashToken, newLinkToken } from '../secrets.ts';
import {
  applyLaneMoves,
  capacityStatuses,
  expireStaleHolds,
  lockStopWithOfferVersion,
  offeredMinutes,
  stopFacts,
} from './bookingCapacity.ts';
import { clientHoldCounts, clientLockKey, type HoldLimits } from './holdLimits.ts';
import { personalCommitmentCounts, personLockKey } from './personalLimit.ts';
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
  /** "Aus welchem Stadtteil kommen Sie?": optional, kept after anonymisation (not personal on its own). */
  originDistrictId?: string | undefined;
  /** No survey mail after the visit (visit feedback, migration 029). */
  feedbackOptOut?: boolean | undefined;
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
  /** The caller has already refused a visibly full slot (from the occupancy kept in memory). */
  earlyRejectionDone?: boolean | undefined;
}

/** A booking row at the stop as the hold reads it: id, status, start, minutes, counter, expiry, e-mail key, origin. */
type StopRowTuple = [
  string,
  BookingRowStatus,
  number | string,
  number,
  number,
  number | string | null,
  string | null,
  string,
];

export interface BookingHeld {
  bookingId: string;
  holdExpiresAt: Date;
  /**
   * Only returned to internal callers (waitlist, tests of the mail flow); the public API never sends it.
   * Undefined when the request repeated an open hold (no new link, no new mail).
   */
  token: string | undefined;
}

/**
 * A hold in three steps: load everything it is decided on (under the stop's and the person's locks), one
 * domain decision (`decideHold`, epoch milliseconds throughout), then write what it decided.
 */
export async function holdBookingInTransaction(
  trx: Transaction<Database>,
  props: BookingHolderProps,
): Promise<BookingHeld> {
  if (props.originDistrictId)
    await assertKnownDistrict(trx, props.municipalityId, props.originDistrictId, 'originDistrictId');
  const { stop, emailKey, facts } = await loadHoldFacts(trx, props);
  const decision = decideHold(facts);
  if (decision.kind === 'repeat') {
    // The same hold asked for again (a double click, a bot repeating itself) is the same pending request: it
    // is answered with the open hold, and its confirmation mail is not sent again.
    return {
      bookingId: decision.bookingId,
      holdExpiresAt: new Date(decision.holdExpiresAtMs),
      token: undefined,
    };
  }

  // Holds whose time ran out are among the rows just read under the stop's lock: only when there is one is
  // the update sent that frees them.
  const nowMs = props.now.getTime();
  const anyStale = facts.rows.some(
    (row) => row.status === 'held' && row.holdExpiresAtMs !== null && row.holdExpiresAtMs <= nowMs,
  );
  const freed = anyStale ? await expireStaleHolds(trx, stop.id, props.now) : [];
  for (const hold of freed) {
    await enqueueJob(trx, {
      kind: 'waitlist.offer',
      payload: { municipalityId: hold.municipality_id, stopId: hold.stop_id },
    });
  }
  await applyLaneMoves(trx, decision.lane);
  const lane = decision.lane;
  const minutesEach = facts.minutesEach;
  const totalMinutes = decision.durationMinutes;
  const token = newLinkToken();
  const holdExpiresAt = new Date(decision.holdExpiresAtMs);
  const { bookingId } = await insertBookingRows(
    trx,
    {
      municipality_id: props.municipalityId,
      stop_id: stop.id,
      counter: lane.counter,
      starts_at: props.startsAt,
      ends_at: new Date(decision.endsAtMs),
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
      district_id: props.originDistrictId ?? null,
      feedback_opt_out: props.feedbackOptOut ?? false,
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

/**
 * Everything a hold is decided on, in one set of queries: the stop (locked), its unit's offer, the person
 * (locked) and their commitments, the client's open holds (locked by client), and the stop's rows that
 * occupy capacity. The person's open hold of the same start is among those rows.
 */
async function loadHoldFacts(trx: Transaction<Database>, props: BookingHolderProps) {
  const { stop, offerVersion } = await lockStopWithOfferVersion(trx, props.municipalityId, props.stopId);
  const minutesEach = await offeredMinutes(trx, stop, offerVersion);
  const emailKey = emailLimitKey(props.email);
  // One person's commitments are counted under a per-person lock, so parallel requests cannot pass the limit
  // together. A waitlist offer moves the request's own count to the hold, so the request is left out.
  const clientKey = props.holdLimits ? props.clientKey : undefined;
  // The person's lock, then the client's (as `lockPerson` and `lockClient` take them), in one statement: the
  // rows of unnest come in the array's order. The counts below are read in a later statement, so their
  // snapshot is taken after both locks are held.
  const locks = [
    personLockKey(props.municipalityId, emailKey),
    ...(clientKey !== undefined ? [clientLockKey(props.municipalityId, clientKey)] : []),
  ];
  await sql`SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest(${locks}::text[]) AS k`.execute(trx);
  const commitments = personalCommitmentCounts(trx, {
    municipalityId: props.municipalityId,
    emailKey,
    now: props.now,
    excludeWaitlistRequestId: props.waitlistRequestId,
  });
  const clientHolds =
    clientKey !== undefined
      ? clientHoldCounts(trx, {
          municipalityId: props.municipalityId,
          clientKey,
          stopId: stop.id,
          now: props.now,
        })
      : undefined;
  // The counts and the stop's rows that occupy capacity, in one statement (times in epoch milliseconds).
  const counts = await trx
    .selectNoFrom([
      commitments.bookings.as('bookings'),
      commitments.waitlistRequests.as('waitlist_requests'),
      ...(clientHolds
        ? [clientHolds.byClient.as('by_client'), clientHolds.byClientAtStop.as('by_client_at_stop')]
        : []),
      (eb) =>
        eb
          .selectFrom('bookings')
          .select(
            sql<StopRowTuple[] | null>`json_agg(json_build_array(
              id, status, floor(extract(epoch FROM starts_at) * 1000)::bigint, duration_minutes, counter,
              floor(extract(epoch FROM hold_expires_at) * 1000)::bigint, email_key, origin))`.as('rows'),
          )
          .where('stop_id', '=', stop.id)
          .where('status', 'in', capacityStatuses)
          .as('rows'),
    ])
    .executeTakeFirstOrThrow();
  const rows = (counts.rows ?? []).map(
    ([id, status, startMs, durationMinutes, counter, holdExpiresAtMs, rowEmailKey, origin]) => ({
      id,
      status,
      startMs: Number(startMs),
      durationMinutes,
      counter,
      holdExpiresAtMs: holdExpiresAtMs === null ? null : Number(holdExpiresAtMs),
      emailKey: rowEmailKey,
      origin,
    }),
  );
  const startMs = props.startsAt.getTime();
  const nowMs = props.now.getTime();
  const stopRows = rows.map(({ emailKey: _emailKey, origin: _origin, ...row }) => row);
  const repeated = props.waitlistRequestId
    ? undefined
    : rows.find(
        (row) =>
          row.status === 'held' &&
          row.origin === 'citizen' &&
          row.emailKey === emailKey &&
          row.startMs === startMs &&
          row.holdExpiresAtMs !== null &&
          row.holdExpiresAtMs > nowMs,
      );
  const count = (value: unknown) => Number(value);
  const facts: HoldFacts = {
    stop: stopFacts(stop),
    services: props.services,
    minutesEach,
    startMs,
    nowMs,
    leadTimeMinutes: props.leadTimeMinutes,
    holdMinutes: props.holdMinutes,
    openHoldOfSameStart: repeated && {
      id: repeated.id,
      holdExpiresAtMs: repeated.holdExpiresAtMs!,
      durationMinutes: repeated.durationMinutes,
    },
    commitments: { bookings: count(counts.bookings), waitlistRequests: count(counts.waitlist_requests) },
    maxActiveBookingsPerPerson: props.maxActiveBookingsPerPerson,
    rows: stopRows,
    holdLimits: props.holdLimits && {
      limits: props.holdLimits,
      ...(clientHolds
        ? {
            byClient: count((counts as Record<string, unknown>).by_client),
            byClientAtStop: count((counts as Record<string, unknown>).by_client_at_stop),
          }
        : {}),
    },
  };
  return { stop, emailKey, facts };
}

/** A citizen holds a slot for their services; the hold lasts until confirmed by the link sent by e-mail. */
export async function holdBooking(db: Kysely<Database>, props: BookingHolderProps): Promise<BookingHeld> {
  // A slot that is visibly full is refused before the stop's lock: a storm on one last seat is answered in
  // parallel instead of one after the other behind the lock. Waitlist offers are decided under the lock only.
  if (!props.waitlistRequestId && !props.earlyRejectionDone) await rejectVisiblyFullSlot(db, props);
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
