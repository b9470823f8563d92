import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import { enqueueJob } from '../jobs/jobQueue.ts';
import {
  listWebhookDeliveries,
  type WebhookDeliveryView,
  type WebhookScope,
} from '../queries/webhookQueries.ts';
import { deliveryJob } from '../webhooks/caseEvents.ts';

/**
 * Sends a dead delivery again (after the receiver is fixed): the same CloudEvent with the same id (a
 * receiver that did process it refuses the duplicate), a fresh series of attempts, now. Only dead deliveries;
 * the webhook must be active. Audited.
 */
export async function redeliverWebhookDelivery(
  db: Kysely<Database>,
  props: { municipalityId: string; actor: string; scope: WebhookScope; deliveryId: string; now?: Date },
): Promise<WebhookDeliveryView> {
  const now = props.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
      .select(['d.id', 'd.status', 'd.event_id', 'd.webhook_id', 'w.active', 'w.department_id'])
      .where('d.municipality_id', '=', props.municipalityId)
      .where('d.id', '=', props.deliveryId)
      .forUpdate('d');
    if (props.scope) query = query.where('w.department_id', 'in', props.scope.length ? props.scope : ['']);
    const delivery = await query.executeTakeFirst();
    if (!delivery) throw new DomainError('not_found', { field: 'deliveryId', message: 'no such delivery' });
    if (delivery.status !== 'dead') {
      throw new DomainError('delivery_not_dead', {
        field: 'deliveryId',
        message: `the delivery is ${delivery.status}, only dead ones are sent again`,
      });
    }
    if (!delivery.active) {
      throw new DomainError('illegal_transition', {
        field: 'webhookId',
        message: 'reactivate the webhook before redelivering',
      });
    }
    await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now })
      .where('id', '=', delivery.id)
      .execute();
    await enqueueJob(trx, deliveryJob(delivery.id, now));
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'webhook_delivery.redelivered',
      subjectType: 'webhook_delivery',
      subjectId: delivery.id,
      details: { webhookId: delivery.webhook_id, eventId: delivery.event_id },
    });
  });
  const [view] = await listWebhookDeliveries(db, props.municipalityId, props.scope, {
    id: props.deliveryId,
    limit: 1,
  });
  if (!view) throw new DomainError('not_found', { field: 'deliveryId' });
  return view;
}
