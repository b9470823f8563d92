import type { Kysely, Transaction } from 'kysely';
import type { Database, WebhookDeliveryStatus } from '../../db/schema.ts';
import type { CaseEventType } from '../../domain/webhooks.ts';
import { DomainError } from '../../domain/errors.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** A webhook as staff see it: never its secret (that is shown once, when it is created). */
export interface WebhookView {
  id: string;
  url: string;
  departmentId: string | null;
  serviceId: string | null;
  eventTypes: CaseEventType[];
  description: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
  /** Deliveries waiting for an attempt, and dead ones (in the dead-letter view). */
  pendingDeliveries: number;
  deadDeliveries: number;
}

export interface WebhookDeliveryView {
  id: string;
  webhookId: string;
  url: string;
  eventId: string;
  eventType: string;
  caseId: string | null;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastError: string | null;
  lastStatusCode: number | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** Departments a caller may act for: undefined = all (admin), else the department lead's own. */
export type WebhookScope = string[] | undefined;

const iso = (value: Date | string) => new Date(value).toISOString();

export async function listWebhooks(
  db: Kysely<Database>,
  municipalityId: string,
  scope: WebhookScope,
): Promise<WebhookView[]> {
  if (scope && scope.length === 0) return [];
  let query = db
    .selectFrom('webhooks as w')
    .select((eb) => [
      'w.id',
      'w.url',
      'w.department_id',
      'w.service_id',
      'w.event_types',
      'w.description',
      'w.active',
      'w.created_at',
      'w.updated_at',
      eb
        .selectFrom('webhook_deliveries as d')
        .select((inner) => inner.fn.countAll<string>().as('n'))
        .whereRef('d.webhook_id', '=', 'w.id')
        .where('d.status', '=', 'pending')
        .as('pending'),
      eb
        .selectFrom('webhook_deliveries as d')
        .select((inner) => inner.fn.countAll<string>().as('n'))
        .whereRef('d.webhook_id', '=', 'w.id')
        .where('d.status', '=', 'dead')
        .as('dead'),
    ])
    .where('w.municipality_id', '=', municipalityId);
  if (scope) query = query.where('w.department_id', 'in', scope);
  const rows = await query.orderBy('w.created_at', 'desc').orderBy('w.id').execute();
  return rows.map((row) => ({
    id: row.id,
    url: row.url,
    departmentId: row.department_id,
    serviceId: row.service_id,
    eventTypes: row.event_types as CaseEventType[],
    description: row.description,
    active: row.active,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    pendingDeliveries: Number(row.pending ?? 0),
    deadDeliveries: Number(row.dead ?? 0),
  }));
}

/** One webhook within the caller's scope, or `not_found` (another municipality's or department's alike). */
export async function webhookInScope(
  executor: Executor,
  municipalityId: string,
  webhookId: string,
  scope: WebhookScope,
) {
  const row = /^[0-9a-f-]{36}$/i.test(webhookId)
    ? await executor
        .selectFrom('webhooks')
        .selectAll()
        .where('municipality_id', '=', municipalityId)
        .where('id', '=', webhookId)
        .executeTakeFirst()
    : undefined;
  if (!row || (scope && (row.department_id === null || !scope.includes(row.department_id)))) {
    throw new DomainError('not_found', { field: 'webhookId', message: 'no such webhook' });
  }
  return row;
}

export async function getWebhook(
  db: Kysely<Database>,
  municipalityId: string,
  webhookId: string,
  scope: WebhookScope,
): Promise<WebhookView> {
  const found = (await listWebhooks(db, municipalityId, scope)).find((webhook) => webhook.id === webhookId);
  if (!found) throw new DomainError('not_found', { field: 'webhookId', message: 'no such webhook' });
  return found;
}

export async function listWebhookDeliveries(
  db: Kysely<Database>,
  municipalityId: string,
  scope: WebhookScope,
  filter: {
    status?: WebhookDeliveryStatus | undefined;
    webhookId?: string | undefined;
    id?: string;
    limit: number;
  },
): Promise<WebhookDeliveryView[]> {
  if (scope && scope.length === 0) return [];
  let query = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .select([
      'd.id',
      'd.webhook_id',
      'w.url',
      'd.event_id',
      'd.event_type',
      'd.payload',
      'd.status',
      'd.attempts',
      'd.last_error',
      'd.last_status_code',
      'd.next_attempt_at',
      'd.delivered_at',
      'd.created_at',
    ])
    .where('d.municipality_id', '=', municipalityId);
  if (scope) query = query.where('w.department_id', 'in', scope);
  if (filter.status) query = query.where('d.status', '=', filter.status);
  if (filter.webhookId) query = query.where('d.webhook_id', '=', filter.webhookId);
  if (filter.id) query = query.where('d.id', '=', filter.id);
  const rows = await query.orderBy('d.created_at', 'desc').orderBy('d.id').limit(filter.limit).execute();
  return rows.map((row) => ({
    id: row.id,
    webhookId: row.webhook_id,
    url: row.url,
    eventId: row.event_id,
    eventType: row.event_type,
    caseId: typeof row.payload.subject === 'string' ? row.payload.subject : null,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    lastStatusCode: row.last_status_code,
    nextAttemptAt: row.next_attempt_at ? iso(row.next_attempt_at) : null,
    deliveredAt: row.delivered_at ? iso(row.delivered_at) : null,
    createdAt: iso(row.created_at),
  }));
}
