import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { webhookInScope, type WebhookScope } from '../queries/webhookQueries.ts';

/**
 * Deletes a webhook with its deliveries (the receiver keeps what it got; the audit trail keeps that the
 * webhook existed and who removed it). Queued jobs of its deliveries find nothing and end.
 */
export async function deleteWebhook(
  db: Kysely<Database>,
  props: { municipalityId: string; actor: string; scope: WebhookScope; webhookId: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const webhook = await webhookInScope(trx, props.municipalityId, props.webhookId, props.scope);
    await trx
      .deleteFrom('webhooks')
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', webhook.id)
      .execute();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'webhook.deleted',
      subjectType: 'webhook',
      subjectId: webhook.id,
      details: {
        host: new URL(webhook.url).host,
        departmentId: webhook.department_id,
        serviceId: webhook.service_id,
      },
    });
  });
}
