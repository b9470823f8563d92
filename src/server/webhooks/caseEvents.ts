import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { checkCaseEventData, isCaseEventType, type CaseEventType } from '../../domain/webhooks.ts';
import { enqueueJob } from '../jobs/jobQueue.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export const WEBHOOK_DELIVER_JOB = 'webhook.deliver';

/**
 * The job of one attempt of a delivery: keyed by delivery and time, so a second job for the same attempt (a
 * crash path) is not queued twice.
 */
export const deliveryJob = (deliveryId: string, runAt: Date) => ({
  kind: WEBHOOK_DELIVER_JOB,
  payload: { deliveryId },
  runAt,
  uniqueKey: `${WEBHOOK_DELIVER_JOB}:${deliveryId}:${runAt.getTime()}`,
});

export interface CaseEvent {
  municipalityId: string;
  /** The case's department and service: a webhook filtered on either receives only matching events. */
  departmentId: string | null;
  serviceId: string | null;
  type: CaseEventType;
  caseId: string;
  /**
   * What the specialist procedure needs beyond the ids: caseNumber, status, previousStatus, step, channel,
   * taskId, handOffId, documentCount (scalars). Never the citizen's name or contact: other keys throw.
   */
  data: Record<string, string | number | boolean | null>;
  /** The event's time (default: now). */
  time?: Date;
}

/** A CloudEvents 1.0 event in structured JSON mode, as stored in `webhook_deliveries.payload` and sent. */
export interface CaseCloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: CaseEventType;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: Record<string, unknown>;
}

/**
 * For the case commands (tracker issue 11): call it inside the command's transaction when a case event
 * happens. It finds the municipality's active webhooks subscribed to `type` whose department and service
 * filters match (null filters match everything), builds one CloudEvent (one id for all receivers) and writes
 * a delivery row and a 'webhook.deliver' job for each, so the events exist exactly when the change commits.
 * Returns the event id and how many deliveries were queued (0 when no webhook matches; nothing is written).
 */
export async function emitCaseEvent(
  executor: Executor,
  event: CaseEvent,
): Promise<{ eventId: string; deliveries: number }> {
  if (!isCaseEventType(event.type)) throw new Error(`unknown case event type ${String(event.type)}`);
  const extra = checkCaseEventData(event.data);
  const eventId = randomUUID();
  const time = event.time ?? new Date();
  const webhooks = await executor
    .selectFrom('webhooks')
    .select(['id'])
    .where('municipality_id', '=', event.municipalityId)
    .where('active', '=', true)
    .where(sql<boolean>`${event.type} = ANY(event_types)`)
    .where((eb) =>
      eb.and([
        eb.or([eb('department_id', 'is', null), eb('department_id', '=', event.departmentId)]),
        eb.or([eb('service_id', 'is', null), eb('service_id', '=', event.serviceId)]),
      ]),
    )
    .orderBy('id')
    .execute();
  if (webhooks.length === 0) return { eventId, deliveries: 0 };
  const municipality = await executor
    .selectFrom('municipalities')
    .select('slug')
    .where('id', '=', event.municipalityId)
    .executeTakeFirstOrThrow();
  const cloudEvent: CaseCloudEvent = {
    specversion: '1.0',
    id: eventId,
    source: `urn:mobiles-rathaus:${municipality.slug}`,
    type: event.type,
    subject: event.caseId,
    time: time.toISOString(),
    datacontenttype: 'application/json',
    data: {
      caseId: event.caseId,
      serviceId: event.serviceId,
      departmentId: event.departmentId,
      ...extra,
    },
  };
  const rows = await executor
    .insertInto('webhook_deliveries')
    .values(
      webhooks.map((webhook) => ({
        municipality_id: event.municipalityId,
        webhook_id: webhook.id,
        event_id: eventId,
        event_type: event.type,
        payload: JSON.stringify(cloudEvent),
        next_attempt_at: time,
      })),
    )
    .returning('id')
    .execute();
  for (const row of rows) {
    await enqueueJob(executor, deliveryJob(row.id, time));
  }
  return { eventId, deliveries: rows.length };
}
