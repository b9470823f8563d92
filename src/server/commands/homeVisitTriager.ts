import type { Kysely } from 'kysely';
import type { AppConfig } from '../../config.ts';
import { DomainError } from '../../domain/errors.ts';
import { greatCircleKm } from '../../domain/travel.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit, staffActor } from '../audit.ts';
import { sealHomeVisit, unsealHomeVisit } from '../homeVisits/homeVisitSeal.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { homeVisitDecisionMail, type Locale } from '../mail/templates.ts';

/** A corrected position farther than this from every district's reference point lies outside the town. */
export const MAX_KM_FROM_A_DISTRICT = 6;

export interface HomeVisitTriagerProps {
  municipalityId: string;
  homeVisitId: string;
  userId: string;
  decision: 'accept' | 'decline';
  /** Required to decline; a note to the citizen when accepting. */
  reason: string | undefined;
  channel: 'email' | 'letter';
  /** Minutes at the door; by default the services' typical minutes. */
  serviceMinutes: number | undefined;
  /** The exact position of the home, when the coordinator has looked it up. */
  position: { lat: number; lon: number } | undefined;
}

/**
 * Accepts or declines a requested home visit (triageHomeVisit), answered by e-mail through the outbox or by a
 * printed letter whose text is returned. Only a requested visit can be triaged.
 */
export async function triageHomeVisit(
  db: Kysely<Database>,
  config: Pick<AppConfig, 'documents' | 'dataDir' | 'nodeEnv'>,
  props: HomeVisitTriagerProps,
): Promise<{ status: 'accepted' | 'declined'; letter: { subject: string; text: string } | null }> {
  const reason = props.reason?.trim() || null;
  if (props.decision === 'decline' && !reason)
    throw new DomainError('reason_required', { field: 'reason', message: 'a decline needs its reason' });
  return db.transaction().execute(async (trx) => {
    const visit = await trx
      .selectFrom('home_visits')
      .selectAll()
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.homeVisitId)
      .forUpdate()
      .executeTakeFirst();
    if (!visit) throw new DomainError('not_found', { field: 'homeVisitId', message: 'no such home visit' });
    if (visit.status !== 'requested')
      throw new DomainError('home_visit_not_open', { field: 'decision', details: { status: visit.status } });
    if (props.channel === 'email' && !visit.requester_email)
      throw new DomainError('validation', {
        field: 'channel',
        message: 'the request gave no e-mail address',
      });
    let serviceMinutes: number | null = null;
    let sealed = {};
    if (props.decision === 'accept') {
      const services = await trx
        .selectFrom('services')
        .select(['typical_minutes'])
        .where('municipality_id', '=', props.municipalityId)
        .where('id', 'in', visit.service_ids)
        .execute();
      serviceMinutes =
        props.serviceMinutes ??
        Math.min(240, Math.max(15, services.reduce((sum, service) => sum + service.typical_minutes, 0) + 10));
      if (props.position) {
        const districts = await trx
          .selectFrom('districts')
          .select(['lat', 'lon'])
          .where('municipality_id', '=', props.municipalityId)
          .execute();
        const nearest = Math.min(...districts.map((district) => greatCircleKm(district, props.position!)));
        if (!(nearest <= MAX_KM_FROM_A_DISTRICT))
          throw new DomainError('outside_municipality', {
            field: 'lat',
            message: `the position is ${nearest.toFixed(1)} km from the nearest district`,
          });
        const personal = await unsealHomeVisit(config, props.municipalityId, visit.id, visit);
        if (personal)
          sealed = await sealHomeVisit(config, props.municipalityId, visit.id, {
            ...personal,
            ...props.position,
          });
      }
    }
    const status = props.decision === 'accept' ? ('accepted' as const) : ('declined' as const);
    const now = new Date();
    await trx
      .updateTable('home_visits')
      .set({
        ...sealed,
        status,
        decision_reason: reason,
        decision_channel: props.channel,
        decided_at: now,
        decided_by: props.userId,
        service_minutes: serviceMinutes,
      })
      .where('id', '=', visit.id)
      .execute();
    const requestedOn = new Date(visit.created_at).toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin' });
    const answer = homeVisitDecisionMail(visit.locale as Locale, {
      accepted: status === 'accepted',
      reason,
      requestedOn,
    });
    if (props.channel === 'email')
      await enqueueMail(trx, {
        municipalityId: props.municipalityId,
        purpose: 'home_visit.decision',
        to: visit.requester_email!,
        subject: answer.subject,
        text: answer.text,
      });
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: staffActor(props.userId),
      action: status === 'accepted' ? 'home_visit.accepted' : 'home_visit.declined',
      subjectType: 'home_visit',
      subjectId: visit.id,
      details: { channel: props.channel, serviceMinutes, positionSet: Boolean(props.position) },
    });
    return { status, letter: props.channel === 'letter' ? answer : null };
  });
}
