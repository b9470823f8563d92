import type { Kysely } from 'kysely';
import { assertValidEmail } from '../../domain/email.ts';
import { DomainError } from '../../domain/errors.ts';
import { assertInsideMunicipality } from '../../domain/participation.ts';
import type { Database, ParticipationLocale } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { enqueueMail, recipientKey } from '../mail/outbox.ts';
import { participationLinks, suggestionConfirmMail } from '../mail/participationMails.ts';
import { hashToken, newLinkToken } from '../secrets.ts';
import { districtAreas } from './participationChecks.ts';

export interface SuggestionCreatorProps {
  municipalityId: string;
  /** A venue (site) … */
  siteId?: string | undefined;
  /** … or a place on the map. */
  lat?: number | undefined;
  lon?: number | undefined;
  reason: string;
  serviceIds: string[];
  email: string;
  locale: ParticipationLocale;
  publicBaseUrl: string;
}

/**
 * A citizen suggests a stop (createSuggestion): a venue or a place inside the municipality, a reason and the
 * services wanted. Stored as pending; the author confirms by the link in the mail, then moderators decide.
 * Nothing is stored when a check fails.
 */
export async function createSuggestion(
  db: Kysely<Database>,
  props: SuggestionCreatorProps,
): Promise<{ suggestionId: string }> {
  const email = assertValidEmail(props.email, 'email').address;
  if (!props.siteId && (props.lat === undefined || props.lon === undefined))
    throw new DomainError('validation', { field: 'lat', message: 'pick a place on the map or a venue' });
  if (new Set(props.serviceIds).size !== props.serviceIds.length)
    throw new DomainError('duplicate_service', { field: 'serviceIds' });
  return db.transaction().execute(async (trx) => {
    let position = props.siteId ? undefined : { lat: props.lat!, lon: props.lon! };
    let siteDistrict: string | null = null;
    if (props.siteId) {
      const site = await trx
        .selectFrom('sites')
        .select(['id', 'lat', 'lon', 'district_id'])
        .where('municipality_id', '=', props.municipalityId)
        .where('id', '=', props.siteId)
        .executeTakeFirst();
      if (!site) throw new DomainError('not_found', { field: 'siteId', message: `no venue ${props.siteId}` });
      position = { lat: site.lat, lon: site.lon };
      siteDistrict = site.district_id;
    }
    const districtId = props.siteId
      ? siteDistrict
      : assertInsideMunicipality(position!, await districtAreas(trx, props.municipalityId));
    if (props.serviceIds.length > 0) {
      const known = await trx
        .selectFrom('services')
        .select('id')
        .where('municipality_id', '=', props.municipalityId)
        .where('id', 'in', props.serviceIds)
        .execute();
      props.serviceIds.forEach((id, index) => {
        if (!known.some((row) => row.id === id))
          throw new DomainError('unknown_service', {
            field: `serviceIds[${index}]`,
            message: `unknown ${id}`,
          });
      });
    }
    const token = newLinkToken();
    const { id } = await trx
      .insertInto('suggestions')
      .values({
        municipality_id: props.municipalityId,
        site_id: props.siteId ?? null,
        lat: props.siteId ? null : position!.lat,
        lon: props.siteId ? null : position!.lon,
        district_id: districtId,
        reason: props.reason.trim(),
        service_ids: props.serviceIds,
        email,
        email_hash: await recipientKey(trx, email),
        locale: props.locale,
        confirm_token_hash: hashToken(token),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await enqueueMail(trx, {
      municipalityId: props.municipalityId,
      purpose: 'suggestion.confirm',
      to: email,
      ...suggestionConfirmMail(props.locale, {
        confirmUrl: participationLinks(props.publicBaseUrl).confirmSuggestion(id, token),
      }),
    });
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: 'citizen',
      action: 'suggestion.created',
      subjectType: 'suggestion',
      subjectId: id,
      details: { siteId: props.siteId ?? null, districtId, services: props.serviceIds },
    });
    return { suggestionId: id };
  });
}
