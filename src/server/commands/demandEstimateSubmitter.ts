import { assertKnownDistrict } from './knownDistrict.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { notFound } from '../problem.ts';

export interface DemandEstimateProps {
  municipalityId: string;
  actor: string;
  userId: string;
  departmentId: string;
  scope: string[] | undefined;
  serviceId: string;
  districtId: string;
  contactsPerMonth: number;
  comment: string | null;
}

/** A department's estimate of contacts per month for one of its services in one district. */
export async function submitDemandEstimate(
  db: Kysely<Database>,
  props: DemandEstimateProps,
): Promise<{ id: string; submittedAt: string }> {
  return db.transaction().execute(async (trx) => {
    const department = await trx
      .selectFrom('departments')
      .select('id')
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.departmentId)
      .executeTakeFirst();
    if (!department) throw notFound('department', 'departmentId', props.departmentId);
    if (props.scope && !props.scope.includes(department.id)) {
      throw new DomainError('department_scope', {
        field: 'departmentId',
        message: 'Only the lead of this department may submit its estimates.',
      });
    }
    const service = await trx
      .selectFrom('services')
      .select('department_id')
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.serviceId)
      .executeTakeFirst();
    if (!service || service.department_id !== department.id) {
      throw new DomainError('service_not_of_department', {
        field: 'serviceId',
        message: `The service "${props.serviceId}" is not one of this department's services.`,
      });
    }
    await assertKnownDistrict(trx, props.municipalityId, props.districtId);
    const row = await trx
      .insertInto('demand_estimates')
      .values({
        municipality_id: props.municipalityId,
        department_id: department.id,
        service_id: props.serviceId,
        district_id: props.districtId,
        contacts_per_month: props.contactsPerMonth,
        comment: props.comment,
        submitted_by: props.userId,
      })
      .returning(['id', 'submitted_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'demand_estimate.submitted',
      subjectType: 'demand_estimate',
      subjectId: row.id,
      details: {
        departmentId: department.id,
        serviceId: props.serviceId,
        districtId: props.districtId,
        contactsPerMonth: props.contactsPerMonth,
      },
    });
    return { id: row.id, submittedAt: new Date(row.submitted_at).toISOString() };
  });
}
