import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface AuditEvent {
  municipalityId: string;
  /** Who acted: `staffActor(userId)`, 'system', 'citizen', 'anonymous' or `cli:<user>`. Never a name or e-mail. */
  actor: string;
  /** What happened, as `<subject>.<past tense>`, e.g. 'booking.confirmed', 'staff.signed_in'. */
  action: string;
  subjectType: string;
  subjectId?: string | null;
  /** Ids, counts, codes and before/after of changed fields: no names, e-mails, phone numbers or secrets. */
  details?: Record<string, unknown>;
}

export const staffActor = (userId: string) => `staff:${userId}`;

// Keys that would carry personal data or secrets into an append-only table that is never cleaned.
const forbiddenDetailKeys = new Set([
  'email',
  'name',
  'phone',
  'password',
  'newpassword',
  'currentpassword',
  'token',
  'sessionid',
  'cookie',
  'address',
  // A captured document's name often names its person ("Ausweis Mustermann.pdf").
  'filename',
  'file_name',
]);

function assertNoPersonalData(value: unknown, path: string): void {
  if (value === null || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value)) {
    if (forbiddenDetailKeys.has(key.toLowerCase())) {
      throw new Error(`audit details must not hold personal data or secrets (found "${path}${key}")`);
    }
    assertNoPersonalData(inner, `${path}${key}.`);
  }
}

/**
 * Appends one row to `audit_events`. Call it with the transaction that makes the change, so the change and
 * its record are committed together or not at all.
 */
export async function recordAudit<DB extends Pick<Database, 'audit_events'>>(
  trx: Transaction<DB> | Kysely<DB>,
  event: AuditEvent,
): Promise<void> {
  const details = event.details ?? {};
  assertNoPersonalData(details, '');
  await (trx as unknown as Kysely<Pick<Database, 'audit_events'>>)
    .insertInto('audit_events')
    .values({
      municipality_id: event.municipalityId,
      actor: event.actor,
      action: event.action,
      subject_type: event.subjectType,
      subject_id: event.subjectId ?? null,
      details: JSON.stringify(details),
    })
    .execute();
}
