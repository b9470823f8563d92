import { DomainError } from './errors.ts';

/**
 * Webhooks to specialist procedures (tracker issue 11, item 5): the catalogue of case event types, the rules
 * for an endpoint address and the retry schedule. Pure: the server loads, asks here, writes.
 */
export const caseEventTypes = [
  'de.mobiles-rathaus.case.created',
  'de.mobiles-rathaus.case.step-completed',
  'de.mobiles-rathaus.case.status-changed',
  'de.mobiles-rathaus.case.handed-off',
  'de.mobiles-rathaus.case.closed',
] as const;
export type CaseEventType = (typeof caseEventTypes)[number];

export const isCaseEventType = (value: string): value is CaseEventType =>
  (caseEventTypes as readonly string[]).includes(value);

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Checks an endpoint address: absolute, https (plain http only to localhost where `allowHttpLocalhost`, i.e.
 * in development and tests), no user name or password in it, no fragment. Returns the normalised URL.
 */
export function checkWebhookUrl(value: string, options: { allowHttpLocalhost: boolean }): string {
  const refuse = (reason: string) =>
    new DomainError('invalid_webhook_url', { field: 'url', message: reason, details: { reason } });
  if (value.length > 2000 || !URL.canParse(value)) throw refuse('not_absolute');
  const url = new URL(value);
  if (url.username || url.password) throw refuse('credentials_in_url');
  if (url.hash) throw refuse('fragment');
  if (url.protocol === 'http:') {
    if (!(options.allowHttpLocalhost && LOCAL_HOSTS.has(url.hostname))) throw refuse('https_required');
  } else if (url.protocol !== 'https:') {
    throw refuse('https_required');
  }
  return url.toString();
}

/** The event types of a webhook: at least one, each from the catalogue, without repeats (sorted). */
export function checkEventTypes(values: readonly string[]): CaseEventType[] {
  if (values.length === 0) {
    throw new DomainError('unknown_event_type', { field: 'eventTypes', message: 'at least one event type' });
  }
  values.forEach((value, index) => {
    if (!isCaseEventType(value)) {
      throw new DomainError('unknown_event_type', {
        field: `eventTypes[${index}]`,
        message: `unknown event type ${value}`,
      });
    }
  });
  return [...new Set(values as CaseEventType[])].sort();
}

const MAX_DELAY_MS = 6 * 3_600_000;

/**
 * The wait before the next attempt after `attempts` failed ones: `baseDelayMs` doubling per attempt, plus
 * up to 20 % jitter (`random` in [0, 1)), so receivers coming back after an outage are not hit by every
 * sender in the same second; capped at 6 hours.
 */
export function retryDelayMs(attempts: number, baseDelayMs: number, random: number): number {
  const exponential = Math.min(MAX_DELAY_MS, baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(Math.min(MAX_DELAY_MS, exponential * (1 + 0.2 * random)));
}

/** Keys the data of a case event may carry: what a specialist procedure needs, never a citizen's details. */
export const caseEventDataKeys = [
  'caseNumber',
  'status',
  'previousStatus',
  'step',
  'channel',
  'taskId',
  'handOffId',
  'documentCount',
] as const;
export type CaseEventData = Partial<
  Record<(typeof caseEventDataKeys)[number], string | number | boolean | null>
>;

/** Refuses data keys outside `caseEventDataKeys` and non-scalar values: names or addresses never leave. */
export function checkCaseEventData(data: Record<string, unknown>): CaseEventData {
  for (const [key, value] of Object.entries(data)) {
    if (!(caseEventDataKeys as readonly string[]).includes(key)) {
      throw new Error(`case event data must not carry "${key}" (allowed: ${caseEventDataKeys.join(', ')})`);
    }
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
      throw new Error(`case event data "${key}" must be a string, number, boolean or null`);
    }
  }
  return data as CaseEventData;
}
