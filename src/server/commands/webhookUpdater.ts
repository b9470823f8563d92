import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { checkEventTypes } from '../../domain/webhooks.ts';
import { recordAudit } from '../audit.ts';
import {
  getWebhook,
  webhookInScope,
  type WebhookScope,
  type WebhookView,
} from '../queries/webhookQueries.ts';

export interface WebhookUpdaterProps {
  municipalityId: string;
  actor: string;
  scope: WebhookScope;
  webhookId: string;
  changes: {
    active?: boolean | undefined;
    eventTypes?: string[] | undefined;
    description?: string | null | undefined;
  };
}

/**
 * Deactivates or reactivates a webhook, or changes its event types or description (address and filters stay:
 * a new address is a new webhook with a new secret). A deactivated webhook receives no new events; its
 * waiting deliveries go dead when their turn comes and can be redelivered after reactivation. Audited with
 * before and after.
 */
export async function updateWebhook(db: Kysely<Database>, props: WebhookUpdaterProps): Promise<WebhookView> {
  const eventTypes = props.changes.eventTypes ? checkEventTypes(props.changes.eventTypes) : undefined;
  await db.transaction().execute(async (trx) => {
    const before = await webhookInScope(trx, props.municipalityId, props.webhookId, props.scope);
    const description =
      props.changes.description === undefined ? undefined : props.changes.description?.trim() || null;
    await trx
      .updateTable('webhooks')
      .set({
        ...(props.changes.active === undefined ? {} : { active: props.changes.active }),
        ...(eventTypes ? { event_types: eventTypes } : {}),
        ...(description === undefined ? {} : { description }),
        updated_at: sql`now()`,
      })
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', before.id)
      .execute();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'webhook.updated',
      subjectType: 'webhook',
      subjectId: before.id,
      details: {
        before: { active: before.active, eventTypes: before.event_types },
        after: {
          active: props.changes.active ?? before.active,
          eventTypes: eventTypes ?? before.event_types,
        },
        descriptionChanged: description !== undefined,
      },
    });
  });
  return getWebhook(db, props.municipalityId, props.webhookId, props.scope);
}
