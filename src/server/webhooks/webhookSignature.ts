import { createHmac, randomBytes } from 'node:crypto';

/**
 * Signing of outgoing webhooks after the Standard Webhooks convention (https://www.standardwebhooks.com):
 * the secret is `whsec_` + base64 of 32 random bytes; the signature is HMAC-SHA256, keyed with the decoded
 * bytes, over `${webhook-id}.${webhook-timestamp}.${body}`, sent as `webhook-signature: v1,<base64>`.
 * `webhook-id` is the CloudEvent's id (the same on every retry and redelivery, so a receiver can refuse a
 * duplicate); `webhook-timestamp` is the attempt's time in Unix seconds (so a receiver can refuse a replay
 * outside its tolerance window). Receivers check with `verifyWebhook` (./verifyWebhook.ts).
 */
export const SECRET_PREFIX = 'whsec_';

export const newWebhookSecret = () => `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;

/** The key bytes of a `whsec_…` secret. */
export function secretKeyBytes(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('a webhook secret starts with whsec_');
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  if (key.length < 24) throw new Error('a webhook secret holds at least 24 bytes');
  return key;
}

/** `v1,<base64 HMAC-SHA256>` over `${id}.${timestamp}.${body}`. */
export function webhookSignature(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secretKeyBytes(secret))
    .update(`${id}.${timestamp}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

export interface SignedWebhookHeaders {
  'content-type': string;
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The headers of one delivery attempt of a CloudEvent in structured JSON mode. */
export function signedHeaders(secret: string, id: string, at: Date, body: string): SignedWebhookHeaders {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    'content-type': 'application/cloudevents+json; charset=utf-8',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': webhookSignature(secret, id, timestamp, body),
  };
}
