import { DomainError } from '../../domain/errors.ts';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { notFound } from '../problem.ts';

export interface ServiceReleaseProps {
  municipalityId: string;
  actor: string;
  serviceId: string;
  /** The departments the caller may act for; undefined for all (admins). */
  scope: string[] | undefined;
  released: boolean;
  efileLive: boolean;
  /** When the e-file went live (YYYY-MM-DD); only with efileLive. */
  efileLiveSince: string | null;
  processReviewed: boolean;
}

export interface ServiceReleaseView {
  serviceId: string;
  departmentId: string;
  released: boolean;
  efileLive: boolean;
  efileLiveSince: string | null;
  processReviewed: boolean;
}

/** A department releases one of its services for the stations and records its readiness gates. */
export async function updateServiceRelease(
  db: Kysely<Database>,
  props: ServiceReleaseProps,
): Promise<ServiceReleaseView> {
  if (!props.efileLive && props.efileLiveSince !== null) {
    throw new DomainError('efile_since_without_live', {
      field: 'efileLiveSince',
      message: 'A date since when the e-file is live needs the e-file to be live.',
    });
  }
  return db.transaction().execute(async (trx) => {
    const service = await trx
      .selectFrom('services')
      .select(['id', 'department_id', 'released', 'efile_live', 'efile_live_since', 'process_reviewed'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.serviceId)
      .forUpdate()
      .executeTakeFirst();
    if (!service) throw notFound('service', 'serviceId', props.serviceId);
    if (!service.department_id) {
      throw new DomainError('service_without_department', {
        field: 'serviceId',
        message: 'This service has no owning department yet: an administrator assigns one first.',
      });
    }
    if (props.scope && !props.scope.includes(service.department_id)) {
      throw new DomainError('department_scope', {
        field: 'serviceId',
        message: 'This service belongs to another department: only its own department lead may release it.',
      });
    }
    const changes: Record<string, unknown> = {};
    if (service.released !== props.released)
      changes.released = { from: service.released, to: props.released };
    if (service.efile_live !== props.efileLive)
      changes.efileLive = { from: service.efile_live, to: props.efileLive };
    if (service.efile_live_since !== props.efileLiveSince)
      changes.efileLiveSince = { from: service.efile_live_since, to: props.efileLiveSince };
    if (service.process_reviewed !== props.processReviewed)
      changes.processReviewed = { from: service.process_reviewed, to: props.processReviewed };
    await trx
      .updateTable('services')
      .set({
        released: props.released,
        efile_live: props.efileLive,
        efile_live_since: props.efileLiveSince,
        process_reviewed: props.processReviewed,
        readiness_changed_at: sql<Date>`now()`,
      })
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', service.id)
      .execute();
    if (Object.keys(changes).length > 0) {
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: props.actor,
        action: 'service.release_updated',
        subjectType: 'service',
        subjectId: service.id,
        details: { departmentId: service.department_id, changes },
      });
    }
    return {
      serviceId: service.id,
      departmentId: service.department_id,
      released: props.released,
      efileLive: props.efileLive,
      efileLiveSince: props.efileLiveSince,
      processReviewed: props.processReviewed,
    };
  });
}
