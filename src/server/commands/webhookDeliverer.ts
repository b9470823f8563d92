import { sql, type Kysely } from 'kysely';
import type { WebhookSettings } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { retryDelayMs } from '../../domain/webhooks.ts';
import { enqueueJob } from '../jobs/jobQueue.ts';
import { deliveryJob } from '../webhooks/caseEvents.ts';
import { openSecret } from '../webhooks/secretBox.ts';
import { signedHeaders } from '../webhooks/webhookSignature.ts';

export interface WebhookDelivererProps {
  deliveryId: string;
  now: Date;
  settings: WebhookSettings;
  /** Node's fetch by default; tests may pass their own. */
  fetch?: typeof fetch;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
}

export type DeliveryOutcome = 'delivered' | 'retry' | 'dead' | 'skipped';

/** Why an attempt failed, without the response body (it may hold personal data): a status or an error kind. */
function failureOf(error: unknown): string {
  const name = (error as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  const cause = (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof cause === 'string' ? `network_error: ${cause}`.slice(0, 300) : 'network_error';
}

/**
 * Sends one webhook delivery (the job 'webhook.deliver'): claims the pending delivery with a lease (two jobs
 * for one delivery never both send), signs the stored CloudEvent with the webhook's secret and POSTs it with
 * a timeout, following no redirect (a 3xx counts as a failure: the event must not go to another host). A 2xx
 * answer marks it delivered; otherwise it is retried after an exponential, jittered back-off, and after
 * `settings.maxAttempts` attempts marked dead (the dead-letter view). The answer's body is never read or kept.
 * A deactivated webhook's delivery goes dead at once ('webhook_inactive') and can be redelivered later.
 */
export async function deliverWebhook(
  db: Kysely<Database>,
  props: WebhookDelivererProps,
): Promise<DeliveryOutcome> {
  const { now, settings } = props;
  const leaseUntil = new Date(now.getTime() + settings.timeoutMs + 60_000);
  const claimed = await sql<{
    id: string;
    municipality_id: string;
    webhook_id: string;
    event_id: string;
    payload: Record<string, unknown>;
    attempts: number;
  }>`
    UPDATE webhook_deliveries SET next_attempt_at = ${leaseUntil}
    WHERE id = ${props.deliveryId} AND status = 'pending' AND next_attempt_at <= ${now}
    RETURNING id, municipality_id, webhook_id, event_id, payload, attempts`.execute(db);
  const delivery = claimed.rows[0];
  if (!delivery) {
    // Not due, or another worker holds the lease. If a worker died holding it, the attempt must not be lost:
    // queue one for when the lease runs out (keyed, so it is queued once).
    const waiting = await db
      .selectFrom('webhook_deliveries')
      .select('next_attempt_at')
      .where('id', '=', props.deliveryId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (waiting?.next_attempt_at)
      await enqueueJob(db, deliveryJob(props.deliveryId, waiting.next_attempt_at));
    return 'skipped';
  }
  const webhook = await db
    .selectFrom('webhooks')
    .select(['id', 'url', 'secret_encrypted', 'active'])
    .where('municipality_id', '=', delivery.municipality_id)
    .where('id', '=', delivery.webhook_id)
    .executeTakeFirstOrThrow();
  if (!webhook.active) {
    await db
      .updateTable('webhook_deliveries')
      .set({ status: 'dead', last_error: 'webhook_inactive', next_attempt_at: null })
      .where('id', '=', delivery.id)
      .execute();
    return 'dead';
  }

  const body = JSON.stringify(delivery.payload);
  const secret = openSecret(settings.secretKey, webhook.id, webhook.secret_encrypted);
  let statusCode: number | null = null;
  let failure: string | null = null;
  try {
    const response = await (props.fetch ?? fetch)(webhook.url, {
      method: 'POST',
      headers: {
        ...signedHeaders(secret, delivery.event_id, now, body),
        'user-agent': 'mobiles-rathaus-webhooks/1',
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    statusCode = response.status;
    // The body is not read: release the connection.
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 300 && response.status < 400)
      failure = `redirect_not_followed: ${response.status}`;
    else if (response.status < 200 || response.status >= 300) failure = `http_status: ${response.status}`;
  } catch (error) {
    failure = failureOf(error);
  }

  const attempts = delivery.attempts + 1;
  if (failure === null) {
    await db
      .updateTable('webhook_deliveries')
      .set({
        status: 'delivered',
        attempts,
        last_status_code: statusCode,
        last_error: null,
        delivered_at: now,
        next_attempt_at: null,
      })
      .where('id', '=', delivery.id)
      .execute();
    return 'delivered';
  }
  if (attempts >= settings.maxAttempts) {
    await db
      .updateTable('webhook_deliveries')
      .set({
        status: 'dead',
        attempts,
        last_status_code: statusCode,
        last_error: failure,
        next_attempt_at: null,
      })
      .where('id', '=', delivery.id)
      .execute();
    return 'dead';
  }
  const next = new Date(
    now.getTime() + retryDelayMs(attempts, settings.baseDelayMs, (props.random ?? Math.random)()),
  );
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('webhook_deliveries')
      .set({ attempts, last_status_code: statusCode, last_error: failure, next_attempt_at: next })
      .where('id', '=', delivery.id)
      .execute();
    await enqueueJob(trx, deliveryJob(delivery.id, next));
  });
  return 'retry';
}
