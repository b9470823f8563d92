import type { Kysely } from 'kysely';
import type { AppConfig } from '../../config.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  checkAvailability,
  checkConsent,
  type AvailabilityWindow,
  type HomeVisitFor,
  type HomeVisitReason,
} from '../../domain/homeVisits.ts';
import type { LocalDate } from '../../domain/time.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { sealHomeVisit } from '../homeVisits/homeVisitSeal.ts';
import type { Locale } from '../mail/templates.ts';

export interface HomeVisitRequesterProps {
  municipalityId: string;
  visitFor: HomeVisitFor;
  serviceIds: string[];
  reason: HomeVisitReason;
  reasonDetails: string;
  personName: string;
  street: string;
  postcode: string;
  city: string;
  addressNote: string;
  phone: string;
  districtId: string;
  availability: AvailabilityWindow[];
  requesterName: string;
  requesterEmail: string | null;
  /** On someone's behalf: the checkbox was ticked, and the text it showed. */
  consent: boolean;
  consentText: string | undefined;
  locale: Locale;
  today: LocalDate;
  now: Date;
}

/**
 * A request for a home visit (requestHomeVisit): checked (services known and offered in person, the postcode
 * and district inside the municipality, the days ahead, consent on someone's behalf), then stored with its
 * personal part sealed. Nothing is stored when a check fails.
 */
export async function requestHomeVisit(
  db: Kysely<Database>,
  config: Pick<AppConfig, 'documents' | 'dataDir' | 'nodeEnv'>,
  props: HomeVisitRequesterProps,
): Promise<{ homeVisitId: string }> {
  checkConsent(props.visitFor, props.consent, props.consentText);
  checkAvailability(props.availability, props.today);
  if (new Set(props.serviceIds).size !== props.serviceIds.length)
    throw new DomainError('duplicate_service', { field: 'serviceIds' });
  return db.transaction().execute(async (trx) => {
    const services = await trx
      .selectFrom('services')
      .select(['id', 'presence'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', 'in', props.serviceIds)
      .execute();
    props.serviceIds.forEach((id, index) => {
      if (!services.some((service) => service.id === id))
        throw new DomainError('unknown_service', { field: `serviceIds[${index}]`, message: `unknown ${id}` });
    });
    const districts = await trx
      .selectFrom('districts')
      .select(['id', 'lat', 'lon', 'postal_codes'])
      .where('municipality_id', '=', props.municipalityId)
      .execute();
    const district = districts.find((row) => row.id === props.districtId);
    if (!district)
      throw new DomainError('outside_municipality', {
        field: 'districtId',
        message: `no district ${props.districtId} in this municipality`,
      });
    const postcode = props.postcode.trim();
    const knownPostcodes = new Set(districts.flatMap((row) => row.postal_codes));
    if (!knownPostcodes.has(postcode))
      throw new DomainError('outside_municipality', {
        field: 'postcode',
        message: `postcode ${postcode} is not one of the municipality's`,
      });
    const { id } = await trx
      .insertInto('home_visits')
      .values({
        municipality_id: props.municipalityId,
        visit_for: props.visitFor,
        service_ids: props.serviceIds,
        district_id: district.id,
        availability: JSON.stringify(props.availability),
        requester_name: props.requesterName,
        requester_email: props.requesterEmail,
        locale: props.locale,
        consent_text: props.visitFor === 'self' ? null : props.consentText!.trim(),
        consent_at: props.visitFor === 'self' ? null : props.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The position is the district's reference point until the coordinator sets the exact one at triage.
    const sealed = await sealHomeVisit(config, props.municipalityId, id, {
      personName: props.personName,
      street: props.street,
      postcode,
      city: props.city,
      addressNote: props.addressNote,
      phone: props.phone,
      reason: props.reason,
      reasonDetails: props.reasonDetails,
      lat: district.lat,
      lon: district.lon,
    });
    await trx.updateTable('home_visits').set(sealed).where('id', '=', id).execute();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: 'citizen',
      action: 'home_visit.requested',
      subjectType: 'home_visit',
      subjectId: id,
      details: { visitFor: props.visitFor, services: props.serviceIds, districtId: district.id },
    });
    return { homeVisitId: id };
  });
}
