import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The receiver's side, for specialist procedures (Fachverfahren) and our tests: checks a webhook from the
 * Mobiles Rathaus before acting on it. Self-contained (only node:crypto), so a receiver can copy this file.
 *
 * It refuses (returns `ok: false` with a reason) when
 * - a header is missing, or the signature (`webhook-signature: v1,<base64>`, several separated by spaces
 *   during a secret change) does not match HMAC-SHA256 over `${webhook-id}.${webhook-timestamp}.${body}`;
 * - the timestamp lies more than `toleranceSeconds` (default 300) before or after `now`: a replay of an old
 *   message, or a wrong clock;
 * - `seen(id)` says the id was processed already: a duplicate (a retry whose first answer got lost, or a
 *   replay within the window). Record the id yourself once you have processed the event.
 *
 * `body` must be the raw request body exactly as received (not re-serialised JSON).
 */
export interface VerifyWebhookOptions {
  toleranceSeconds?: number;
  /** True when this webhook-id was processed before. */
  seen?: (id: string) => boolean;
  now?: Date;
}

export type VerifyWebhookResult =
  | { ok: true; id: string; timestamp: number; event: Record<string, unknown> }
  | {
      ok: false;
      reason: 'missing_header' | 'bad_signature' | 'timestamp_out_of_window' | 'duplicate' | 'bad_body';
    };

type HeaderBag = Record<string, string | string[] | undefined> | Headers;

function header(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const bag = headers as Record<string, string | string[] | undefined>;
  const value = bag[name] ?? bag[Object.keys(bag).find((key) => key.toLowerCase() === name) ?? ''];
  return Array.isArray(value) ? value[0] : value;
}

export function verifyWebhook(
  secret: string,
  headers: HeaderBag,
  body: string,
  options: VerifyWebhookOptions = {},
): VerifyWebhookResult {
  const id = header(headers, 'webhook-id');
  const timestampText = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestampText || !signatures) return { ok: false, reason: 'missing_header' };
  if (!/^\d{1,12}$/.test(timestampText)) return { ok: false, reason: 'timestamp_out_of_window' };
  const timestamp = Number(timestampText);

  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestampText}.${body}`).digest();
  const matches = signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) return { ok: false, reason: 'bad_signature' };

  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) {
    return { ok: false, reason: 'timestamp_out_of_window' };
  }
  if (options.seen?.(id)) return { ok: false, reason: 'duplicate' };
  let event: unknown;
  try {
    event = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'bad_body' };
  }
  if (event === null || typeof event !== 'object' || (event as { id?: unknown }).id !== id) {
    return { ok: false, reason: 'bad_body' };
  }
  return { ok: true, id, timestamp, event: event as Record<string, unknown> };
}
