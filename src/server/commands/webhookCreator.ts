import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { WebhookSettings } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { checkEventTypes, checkWebhookUrl } from '../../domain/webhooks.ts';
import { recordAudit } from '../audit.ts';
import { getWebhook, type WebhookScope, type WebhookView } from '../queries/webhookQueries.ts';
import { sealSecret } from '../webhooks/secretBox.ts';
import { newWebhookSecret } from '../webhooks/webhookSignature.ts';

export interface WebhookCreatorProps {
  municipalityId: string;
  /** `staffActor(userId)`, for the audit trail. */
  actor: string;
  userId: string;
  /** undefined: an admin (any department or none); else the department lead's own departments. */
  scope: WebhookScope;
  settings: WebhookSettings;
  draft: {
    url: string;
    eventTypes: string[];
    departmentId?: string | null | undefined;
    serviceId?: string | null | undefined;
    description?: string | null | undefined;
  };
}

/**
 * A city registers a specialist procedure's endpoint for case events. Checks the address (https; http only
 * to localhost outside production), the event types, and that department and service are the municipality's
 * (and the service the department's); a department lead registers only for an own department. Writes the
 * webhook with its new secret encrypted, and the audit event, in one transaction. The secret is returned
 * here once and never again.
 */
export async function createWebhook(
  db: Kysely<Database>,
  props: WebhookCreatorProps,
): Promise<{ webhook: WebhookView; secret: string }> {
  const { draft, municipalityId } = props;
  const url = checkWebhookUrl(draft.url, { allowHttpLocalhost: props.settings.allowHttpLocalhost });
  const eventTypes = checkEventTypes(draft.eventTypes);
  const departmentId = draft.departmentId || null;
  const serviceId = draft.serviceId || null;
  const description = draft.description?.trim() || null;
  const secret = newWebhookSecret();
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    if (props.scope && (departmentId === null || !props.scope.includes(departmentId))) {
      throw new DomainError('department_scope', {
        field: 'departmentId',
        message: 'a department lead registers webhooks for an own department only',
      });
    }
    if (departmentId !== null) {
      const department = await trx
        .selectFrom('departments')
        .select('id')
        .where('municipality_id', '=', municipalityId)
        .where('id', '=', departmentId)
        .executeTakeFirst();
      if (!department) {
        throw new DomainError('unknown_department', {
          field: 'departmentId',
          message: `no department ${departmentId} in this municipality`,
        });
      }
    }
    if (serviceId !== null) {
      const service = await trx
        .selectFrom('services')
        .select(['id', 'department_id'])
        .where('municipality_id', '=', municipalityId)
        .where('id', '=', serviceId)
        .executeTakeFirst();
      if (!service) {
        throw new DomainError('unknown_service', {
          field: 'serviceId',
          message: `no service ${serviceId} in this municipality`,
        });
      }
      if (departmentId !== null && service.department_id !== departmentId) {
        throw new DomainError('service_not_of_department', {
          field: 'serviceId',
          message: `service ${serviceId} does not belong to department ${departmentId}`,
        });
      }
    }
    await trx
      .insertInto('webhooks')
      .values({
        municipality_id: municipalityId,
        id,
        department_id: departmentId,
        service_id: serviceId,
        url,
        secret_encrypted: sealSecret(props.settings.secretKey, id, secret),
        event_types: eventTypes,
        description,
        created_by: props.userId,
      })
      .execute();
    await recordAudit(trx, {
      municipalityId,
      actor: props.actor,
      action: 'webhook.created',
      subjectType: 'webhook',
      subjectId: id,
      details: { host: new URL(url).host, departmentId, serviceId, eventTypes },
    });
  });
  return { webhook: await getWebhook(db, municipalityId, id, props.scope), secret };
}
