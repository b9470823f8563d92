import type { Kysely } from 'kysely';
import { hasRoomForAnother, waitlistMismatches, type WaitlistRequest } from '../../domain/waitlist.ts';
import { findFreeStarts } from '../../domain/slots.ts';
import { formatInstant } from '../../domain/time.ts';
import type { Database } from '../../db/schema.ts';
import { bookingLinks } from '../bookingLinks.ts';
import { retryOnTransientConflict } from '../dbErrors.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { waitlistOfferMail } from '../mail/templates.ts';
import { loadBookingView } from '../queries/bookingQueries.ts';
import { serviceOfferByUnit } from '../queries/stopQueries.ts';
import { capacityStatuses, expireStaleHolds, lockStop } from './bookingCapacity.ts';
import { holdBookingInTransaction } from './bookingHolder.ts';
import { loadPersonalCommitments, lockPerson } from './personalLimit.ts';
import { publicBaseUrlOf } from '../publicBaseUrl.ts';

export interface WaitlistOffererProps {
  municipalityId: string;
  stopId: string;
  now: Date;
  offerMinutes: number;
  leadTimeMinutes: number;
  /** The fallback when the municipality has no public address of its own. */
  publicBaseUrl: string;
  maxActiveBookingsPerPerson: number;
}

/**
 * Offers the free capacity of one stop to the waitlist, first come first served: each matching confirmed
 * request gets the earliest slot that fits its services, held for it while it decides. A request whose
 * person is at the limit of MAX_ACTIVE_BOOKINGS_PER_PERSON is skipped for the next one.
 */
export async function offerFreedSlots(db: Kysely<Database>, props: WaitlistOffererProps): Promise<string[]> {
  return retryOnTransientConflict(() =>
    db.transaction().execute(async (trx) => {
      const stop = await lockStop(trx, props.municipalityId, props.stopId);
      if ((stop.status !== 'scheduled' && stop.status !== 'open') || new Date(stop.ends_at) <= props.now)
        return [];
      await expireStaleHolds(trx, stop.id, props.now);
      const publicBaseUrl = await publicBaseUrlOf(trx, props.municipalityId, props.publicBaseUrl);
      const site = await trx
        .selectFrom('sites')
        .select(['id', 'district_id'])
        .where('municipality_id', '=', props.municipalityId)
        .where('id', '=', stop.site_id)
        .executeTakeFirstOrThrow();
      const offered =
        (await serviceOfferByUnit(trx, props.municipalityId, [stop.unit_id])).get(stop.unit_id)?.offered ??
        [];
      const minutesOf = new Map(offered.map((service) => [service.id, service.typicalMinutes]));
      const requests = await trx
        .selectFrom('waitlist_requests')
        .selectAll()
        .where('municipality_id', '=', props.municipalityId)
        .where('status', '=', 'active')
        .where('confirmed_at', 'is not', null)
        .where('date_from', '<=', stop.local_date)
        .where('date_to', '>=', stop.local_date)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      const offeredTo: string[] = [];
      for (const request of requests) {
        if (request.excluded_stop_ids.includes(stop.id) || !request.email || !request.email_key) continue;
        const services = request.services as { serviceId: string; quantity: number }[];
        const duration = services.reduce((sum, s) => sum + (minutesOf.get(s.serviceId) ?? 0) * s.quantity, 0);
        const candidate: WaitlistRequest = {
          id: request.id,
          createdAt: formatInstant(new Date(request.created_at).getTime()),
          serviceIds: services.map((s) => s.serviceId),
          durationMinutes: Math.max(1, duration),
          siteIds: request.site_ids,
          districtIds: request.district_ids,
          dateFrom: request.date_from,
          dateTo: request.date_to,
        };
        const mismatches = waitlistMismatches(
          {
            stopId: stop.id,
            siteId: site.id,
            districtId: site.district_id ?? '',
            date: stop.local_date,
            start: formatInstant(new Date(stop.starts_at).getTime()),
            freeMinutes: Number.MAX_SAFE_INTEGER,
            offeredServiceIds: offered.map((service) => service.id),
          },
          candidate,
        );
        if (mismatches.length > 0) continue;
        const occupied = await trx
          .selectFrom('bookings')
          .select(['starts_at', 'duration_minutes'])
          .where('stop_id', '=', stop.id)
          .where('status', 'in', capacityStatuses)
          .execute();
        const [first] = findFreeStarts({
          openStart: formatInstant(new Date(stop.starts_at).getTime()),
          openEnd: formatInstant(new Date(stop.ends_at).getTime()),
          counters: stop.counters,
          bookings: occupied.map((row) => ({
            start: formatInstant(new Date(row.starts_at).getTime()),
            durationMinutes: row.duration_minutes,
          })),
          now: formatInstant(props.now.getTime()),
          leadTimeMinutes: props.leadTimeMinutes,
          granularityMinutes: stop.slot_minutes,
          durationMinutes: candidate.durationMinutes,
        });
        if (!first) continue;
        // Never an offer to a person at the limit; the offer takes over the request's own count.
        await lockPerson(trx, props.municipalityId, request.email_key);
        const commitments = await loadPersonalCommitments(trx, {
          municipalityId: props.municipalityId,
          emailKey: request.email_key,
          now: props.now,
          excludeWaitlistRequestId: request.id,
        });
        if (!hasRoomForAnother(commitments, props.maxActiveBookingsPerPerson)) continue;
        const held = await holdBookingInTransaction(trx, {
          municipalityId: props.municipalityId,
          stopId: stop.id,
          startsAt: new Date(first.start),
          services,
          name: request.name ?? '',
          email: request.email,
          originDistrictId: request.origin_district_id ?? undefined,
          locale: request.locale,
          now: props.now,
          holdMinutes: props.offerMinutes,
          leadTimeMinutes: props.leadTimeMinutes,
          maxActiveBookingsPerPerson: props.maxActiveBookingsPerPerson,
          publicBaseUrl,
          waitlistRequestId: request.id,
        });
        if (!held.token) throw new Error('a waitlist offer is always a new hold with a new link');
        await trx
          .updateTable('waitlist_requests')
          .set({ status: 'offered' })
          .where('id', '=', request.id)
          .execute();
        const view = (await loadBookingView(trx, props.municipalityId, held.bookingId))!;
        await enqueueMail(trx, {
          municipalityId: props.municipalityId,
          purpose: 'waitlist.offer',
          to: request.email,
          ...waitlistOfferMail(request.locale, {
            ...view,
            confirmUrl: bookingLinks(publicBaseUrl, held.bookingId, held.token).confirm,
            offerMinutes: props.offerMinutes,
          }),
        });
        offeredTo.push(request.id);
      }
      return offeredTo;
    }),
  );
}

/** A new request looks at every stop in its period once. */
export async function scanForRequest(
  db: Kysely<Database>,
  props: Omit<WaitlistOffererProps, 'stopId'> & { requestId: string },
) {
  const request = await db
    .selectFrom('waitlist_requests')
    .select(['date_from', 'date_to', 'status'])
    .where('municipality_id', '=', props.municipalityId)
    .where('id', '=', props.requestId)
    .executeTakeFirst();
  if (!request || request.status !== 'active') return;
  const stops = await db
    .selectFrom('stops')
    .select('id')
    .where('municipality_id', '=', props.municipalityId)
    .where('status', 'in', ['scheduled', 'open'])
    .where('local_date', '>=', request.date_from)
    .where('local_date', '<=', request.date_to)
    .where('ends_at', '>', props.now)
    .orderBy('starts_at')
    .execute();
  for (const stop of stops) {
    const offered = await offerFreedSlots(db, { ...props, stopId: stop.id });
    if (offered.includes(props.requestId)) return;
  }
}
