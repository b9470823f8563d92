import type { Kysely } from 'kysely';
import { emailLimitKey } from '../../domain/email.ts';
import { DomainError } from '../../domain/errors.ts';
import { requestedDurationMinutes, type RequestedService } from '../../domain/slots.ts';
import { daysBetween, type LocalDate } from '../../domain/time.ts';
import type { Database } from '../../db/schema.ts';
import { waitlistLinks } from '../bookingLinks.ts';
import { enqueueJob } from '../jobs/jobQueue.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { waitlistJoinedMail, type Locale } from '../mail/templates.ts';
import { hashToken, newLinkToken } from '../secrets.ts';
import { recordAudit } from '../audit.ts';

export interface WaitlistJoinerProps {
  municipalityId: string;
  services: RequestedService[];
  districtIds: string[];
  siteIds: string[];
  dateFrom: LocalDate;
  dateTo: LocalDate;
  name: string;
  email: string;
  locale: Locale;
  today: LocalDate;
  publicBaseUrl: string;
}

/** A standing request: "offer me a slot for these services, in these places, in this period". */
export async function joinWaitlist(
  db: Kysely<Database>,
  props: WaitlistJoinerProps,
): Promise<{ requestId: string }> {
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
  return db.transaction().execute(async (trx) => {
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
    const token = newLinkToken();
    const { id } = await trx
      .insertInto('waitlist_requests')
      .values({
        municipality_id: props.municipalityId,
        services: JSON.stringify(props.services),
        district_ids: props.districtIds,
        site_ids: props.siteIds,
        date_from: props.dateFrom < props.today ? props.today : props.dateFrom,
        date_to: props.dateTo,
        token_hash: hashToken(token),
        name: props.name,
        email: props.email,
        email_key: emailLimitKey(props.email),
        locale: props.locale,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await enqueueMail(trx, {
      municipalityId: props.municipalityId,
      purpose: 'waitlist.joined',
      to: props.email,
      ...waitlistJoinedMail(props.locale, {
        cancelUrl: waitlistLinks(props.publicBaseUrl, id, token).cancel,
        dateFrom: props.dateFrom,
        dateTo: props.dateTo,
      }),
    });
    // A slot may be free already: check the stops in the period at once.
    await enqueueJob(trx, {
      kind: 'waitlist.scan',
      payload: { municipalityId: props.municipalityId, requestId: id },
    });
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: 'citizen',
      action: 'waitlist.joined',
      subjectType: 'waitlist_request',
      subjectId: id,
    });
    return { requestId: id };
  });
}
