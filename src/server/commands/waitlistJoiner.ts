import type { Kysely } from 'kysely';
import { emailLimitKey } from '../../domain/email.ts';
import { DomainError } from '../../domain/errors.ts';
import { requestedDurationMinutes, type RequestedService } from '../../domain/slots.ts';
import { daysBetween, type LocalDate } from '../../domain/time.ts';
import { assertRoomForAnother } from '../../domain/waitlist.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { waitlistLinks } from '../bookingLinks.ts';
import { retryOnTransientConflict } from '../dbErrors.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { waitlistConfirmRequestMail, type Locale } from '../mail/templates.ts';
import { hashToken, newLinkToken } from '../secrets.ts';
import { assertKnownDistrict } from './knownDistrict.ts';
import { loadPersonalCommitments, lockPerson } from './personalLimit.ts';

export interface WaitlistJoinerProps {
  municipalityId: string;
  services: RequestedService[];
  districtIds: string[];
  siteIds: string[];
  dateFrom: LocalDate;
  dateTo: LocalDate;
  name: string;
  email: string;
  /** "Aus welchem Stadtteil kommen Sie?" (optional); carried to the booking an offer makes. */
  originDistrictId?: string | undefined;
  locale: Locale;
  today: LocalDate;
  now: Date;
  publicBaseUrl: string;
  maxActiveBookingsPerPerson: number;
  /** A confirmation for the same pending request goes out at most this often. */
  confirmationResendMinutes: number;
}

/**
 * A standing request: "offer me a slot for these services, in these places, in this period". It stays
 * pending until the link in the mail confirms it (double opt-in); only confirmed requests receive offers.
 * One person has at most one pending request: asking again updates it, and its confirmation is sent again at
 * most once per `confirmationResendMinutes`.
 */
export async function joinWaitlist(
  db: Kysely<Database>,
  props: WaitlistJoinerProps,
): Promise<{ requestId: string; confirmationSent: boolean }> {
  if (props.dateTo < props.dateFrom)
    throw new DomainError('invalid_range', { field: 'dateTo', message: 'the period ends before it begins' });
  if (props.dateTo < props.today)
    throw new DomainError('invalid_range', { field: 'dateTo', message: 'the period lies in the past' });
  if (daysBetween(props.today, props.dateTo) > 180) {
    throw new DomainError('invalid_range', {
      field: 'dateTo',
      message: 'a waiting-list request can reach at most 180 days ahead',
    });
  }
  const emailKey = emailLimitKey(props.email);
  return retryOnTransientConflict(() =>
    db.transaction().execute(async (trx) => {
      const services = await trx
        .selectFrom('services')
        .select(['id', 'typical_minutes'])
        .where('municipality_id', '=', props.municipalityId)
        .execute();
      requestedDurationMinutes(props.services, new Map(services.map((s) => [s.id, s.typical_minutes])));
      const knownPlaces = async (table: 'districts' | 'sites', ids: string[], field: string) => {
        if (ids.length === 0) return;
        const found = await trx
          .selectFrom(table)
          .select('id')
          .where('municipality_id', '=', props.municipalityId)
          .where('id', 'in', ids)
          .execute();
        const missing = ids.find((id) => !found.some((row) => row.id === id));
        if (missing)
          throw new DomainError('not_found', {
            field,
            message: `unknown ${table === 'sites' ? 'site' : 'district'} ${missing}`,
          });
      };
      await knownPlaces('districts', props.districtIds, 'districtIds');
      await knownPlaces('sites', props.siteIds, 'siteIds');
      if (props.originDistrictId)
        await assertKnownDistrict(trx, props.municipalityId, props.originDistrictId, 'originDistrictId');

      await lockPerson(trx, props.municipalityId, emailKey);
      // A person at the limit cannot add a request (nor receive a mail for one).
      assertRoomForAnother(
        await loadPersonalCommitments(trx, {
          municipalityId: props.municipalityId,
          emailKey,
          now: props.now,
        }),
        props.maxActiveBookingsPerPerson,
      );
      const details = {
        services: JSON.stringify(props.services),
        district_ids: props.districtIds,
        site_ids: props.siteIds,
        date_from: props.dateFrom < props.today ? props.today : props.dateFrom,
        date_to: props.dateTo,
        name: props.name,
        email: props.email,
        locale: props.locale,
        origin_district_id: props.originDistrictId ?? null,
      };
      const pending = await trx
        .selectFrom('waitlist_requests')
        .select(['id', 'confirm_sent_at'])
        .where('municipality_id', '=', props.municipalityId)
        .where('email_key', '=', emailKey)
        .where('status', '=', 'pending')
        .orderBy('created_at', 'desc')
        .forUpdate()
        .executeTakeFirst();
      const resendAfter = props.now.getTime() - props.confirmationResendMinutes * 60_000;
      const sendConfirmation =
        !pending ||
        pending.confirm_sent_at === null ||
        new Date(pending.confirm_sent_at).getTime() <= resendAfter;
      // The link in a mail holds the token; only its hash is stored, so a new mail needs a new token.
      const token = sendConfirmation ? newLinkToken() : undefined;
      let requestId: string;
      if (pending) {
        requestId = pending.id;
        await trx
          .updateTable('waitlist_requests')
          .set({
            ...details,
            ...(token ? { token_hash: hashToken(token), confirm_sent_at: props.now } : {}),
          })
          .where('id', '=', pending.id)
          .execute();
      } else {
        ({ id: requestId } = await trx
          .insertInto('waitlist_requests')
          .values({
            municipality_id: props.municipalityId,
            ...details,
            status: 'pending',
            token_hash: hashToken(token!),
            email_key: emailKey,
            confirm_sent_at: props.now,
          })
          .returning('id')
          .executeTakeFirstOrThrow());
      }
      if (token) {
        const links = waitlistLinks(props.publicBaseUrl, requestId, token);
        await enqueueMail(trx, {
          municipalityId: props.municipalityId,
          purpose: 'waitlist.confirm_request',
          to: props.email,
          ...waitlistConfirmRequestMail(props.locale, {
            confirmUrl: links.confirm,
            cancelUrl: links.cancel,
            dateFrom: props.dateFrom,
            dateTo: props.dateTo,
          }),
        });
      }
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: 'citizen',
        action: pending ? 'waitlist.updated' : 'waitlist.joined',
        subjectType: 'waitlist_request',
        subjectId: requestId,
        details: { confirmationSent: token !== undefined },
      });
      return { requestId, confirmationSent: token !== undefined };
    }),
  );
}
