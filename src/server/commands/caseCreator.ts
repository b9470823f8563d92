import type { Kysely } from 'kysely';
import type { CaseChannel, CaseEventChannel, Database } from '../../db/schema.ts';
import { startCase } from '../../domain/caseProcess.ts';
import { DomainError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import {
  activeDefinition,
  enterCaseStep,
  nextCaseNumber,
  recordCaseEvent,
  type Trx,
} from '../cases/caseWorkflow.ts';

export interface CaseOpening {
  municipalityId: string;
  serviceId: string;
  channel: CaseChannel;
  /** `staff:<id>`, 'citizen' or 'system', for the case's events. */
  actor: string;
  /** The staff account that opened it (created_by), if staff did. */
  userId?: string | null;
  bookingId?: string | null;
  ticketId?: string | null;
  citizen?: { name?: string | null; email?: string | null; phone?: string | null };
  at: Date;
  /** A demo case of a fresh embedded development database (src/cli/demo), marked as such wherever it shows. */
  demo?: boolean;
}

/**
 * Opens a case inside the caller's transaction: the next case number of the year (an atomic upsert of the
 * counter), the service's process definition in force (or the default process, created), the 'created' event
 * and the first step entered. The service must exist in the municipality (`unknown_service` naming
 * `serviceId`). Returns the new case's id.
 */
export async function openCase(trx: Trx, props: CaseOpening): Promise<{ id: string; number: string }> {
  const service = await trx
    .selectFrom('services')
    .select(['id', 'department_id'])
    .where('municipality_id', '=', props.municipalityId)
    .where('id', '=', props.serviceId)
    .executeTakeFirst();
  if (!service) throw new DomainError('unknown_service', { field: 'serviceId', message: 'no such service' });
  const definition = await activeDefinition(trx, props.municipalityId, service.id);
  const entry = startCase(definition.steps);
  const number = await nextCaseNumber(trx, props.municipalityId, props.at);
  const { id } = await trx
    .insertInto('cases')
    .values({
      municipality_id: props.municipalityId,
      number,
      service_id: service.id,
      department_id: service.department_id,
      process_definition_id: definition.id,
      status: entry.status,
      current_step_key: entry.step.key,
      channel: props.channel,
      booking_id: props.bookingId ?? null,
      ticket_id: props.ticketId ?? null,
      citizen_name: props.citizen?.name?.trim() || null,
      citizen_email: props.citizen?.email?.trim() || null,
      citizen_phone: props.citizen?.phone?.trim() || null,
      created_by: props.userId ?? null,
      demo: props.demo ?? false,
      created_at: props.at,
      updated_at: props.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const channel: CaseEventChannel = props.channel;
  await recordCaseEvent(trx, {
    municipalityId: props.municipalityId,
    caseId: id,
    kind: 'created',
    channel,
    actor: props.actor,
    at: props.at,
    data: {
      serviceId: service.id,
      processDefinitionId: definition.id,
      ...(props.bookingId ? { bookingId: props.bookingId } : {}),
      ...(props.ticketId ? { ticketId: props.ticketId } : {}),
    },
  });
  await enterCaseStep(
    trx,
    {
      municipalityId: props.municipalityId,
      caseId: id,
      departmentId: service.department_id,
      efileMessage: definition.efileMessage,
    },
    entry,
    { actor: props.actor, at: props.at },
  );
  return { id, number };
}

export interface CaseCreatorProps {
  municipalityId: string;
  /** `staffActor(userId)`. */
  actor: string;
  userId: string;
  /** The departments the caller acts for; undefined: all (admin, clerk at the stop). */
  departmentScope: string[] | undefined;
  serviceId: string;
  channel: 'stop' | 'back_office';
  citizen: { name?: string | null; email?: string | null; phone?: string | null };
  now: Date;
}

/**
 * Staff open a case at a stop or in the back office. A department lead opens cases only for the own
 * departments' services (`department_scope`, 403). Case, events, first step and audit in one transaction.
 */
export async function createCase(
  db: Kysely<Database>,
  props: CaseCreatorProps,
): Promise<{ id: string; number: string }> {
  return db.transaction().execute(async (trx) => {
    if (props.departmentScope) {
      const service = await trx
        .selectFrom('services')
        .select('department_id')
        .where('municipality_id', '=', props.municipalityId)
        .where('id', '=', props.serviceId)
        .executeTakeFirst();
      if (service && !props.departmentScope.includes(service.department_id ?? ''))
        throw new DomainError('department_scope', {
          field: 'serviceId',
          message: 'the service belongs to another department',
        });
    }
    const opened = await openCase(trx, {
      municipalityId: props.municipalityId,
      serviceId: props.serviceId,
      channel: props.channel,
      actor: props.actor,
      userId: props.userId,
      citizen: props.citizen,
      at: props.now,
    });
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'case.created',
      subjectType: 'case',
      subjectId: opened.id,
      details: { serviceId: props.serviceId, channel: props.channel, number: opened.number },
    });
    return opened;
  });
}
