import type { Kysely } from 'kysely';
import { recordCaseEvent } from '../cases/caseWorkflow.ts';
import type { AppConfig } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { transitionCase, type CaseStatus } from '../../domain/caseProcess.ts';
import { isUuid } from '../../domain/xdomea.ts';
import { enqueueEfileWrite, queueEfileHandOff } from '../efile/efileHandOffQueue.ts';
import { readInboundConfirmations, type InboundConfirmation } from '../efile/index.ts';
import { EFILE_WRITE_ATTEMPTS } from './efileHandOffWriter.ts';

const MAX_TEXT = 500;

export interface EfileConfirmationsResult {
  confirmed: number;
  rejected: number;
  /** Receipts (0403, 0629) and confirmations of messages this system does not know. */
  ignored: number;
  /** Files that were no readable confirmation (moved to `rejected/` in the inbox). */
  unreadable: number;
}

/**
 * Reads the DMS's confirmations from the inbox (tracker issue 11, item 4) and closes the hand-offs they
 * answer, matched by ProzessID. An import confirmation that accepts the message confirms the hand-off; for a
 * 'record' the DMS's record id is kept and the case's documents follow in a 'file' message (0605) into that
 * record; otherwise the case is handed off. A refusal keeps the DMS's reason and sends the case back to work.
 * Receipts only say the DMS has the message. Each confirmation is handled in one transaction, idempotently:
 * a confirmation read twice (a crash before its file moved) changes nothing the second time.
 */
export async function readEfileConfirmations(
  db: Kysely<Database>,
  config: AppConfig,
  now: Date,
): Promise<EfileConfirmationsResult> {
  const result: EfileConfirmationsResult = { confirmed: 0, rejected: 0, ignored: 0, unreadable: 0 };
  const read = await readInboundConfirmations(config.efile.inboxDir, {
    onConfirmation: async (confirmation) => {
      const outcome = await applyConfirmation(db, confirmation, now);
      result[outcome]++;
    },
  });
  result.unreadable = read.rejected.length;
  return result;
}

/**
 * Applies one confirmation of the DMS, as read from the inbox, in one transaction (exported for the demo
 * cases, src/cli/demo, whose DMS answers without files).
 */
export async function applyConfirmation(
  db: Kysely<Database>,
  confirmation: InboundConfirmation,
  now: Date,
): Promise<'confirmed' | 'rejected' | 'ignored'> {
  if (confirmation.confirmation !== 'import' || !isUuid(confirmation.processId)) return 'ignored';
  return db.transaction().execute(async (trx) => {
    const handOff = await trx
      .selectFrom('efile_hand_offs as h')
      .innerJoin('cases as c', 'c.id', 'h.case_id')
      .select(['h.id', 'h.municipality_id', 'h.case_id', 'h.message', 'h.status', 'c.status as case_status'])
      .where('h.id', '=', confirmation.processId.toLowerCase())
      .forUpdate()
      .executeTakeFirst();
    // Unknown, or already closed by an earlier read of the same confirmation.
    if (!handOff || (handOff.status !== 'written' && handOff.status !== 'queued')) return 'ignored';
    const caseStatus = handOff.case_status as CaseStatus;
    const event = (kind: 'hand_off_confirmed' | 'hand_off_failed', data: Record<string, unknown>) =>
      recordCaseEvent(trx, {
        municipalityId: handOff.municipality_id,
        caseId: handOff.case_id,
        at: now,
        kind,
        channel: 'system',
        actor: 'system',
        data: { handOffId: handOff.id, message: handOff.message, ...data },
      });
    const record = confirmation.records?.[0];
    const refused =
      !confirmation.accepted || (confirmation.records ?? []).some((entry) => entry.accepted === false);
    if (refused) {
      await trx
        .updateTable('efile_hand_offs')
        .set({
          status: 'rejected',
          last_error: (confirmation.error ?? 'refused by the DMS').slice(0, MAX_TEXT),
        })
        .where('id', '=', handOff.id)
        .execute();
      if (caseStatus === 'handing_off') {
        await trx
          .updateTable('cases')
          .set({ status: transitionCase(caseStatus, 'hand_off_rejected'), updated_at: now })
          .where('id', '=', handOff.case_id)
          .execute();
      }
      await event('hand_off_failed', { reason: 'refused_by_dms', messageCode: confirmation.messageCode });
      return 'rejected';
    }
    await trx
      .updateTable('efile_hand_offs')
      .set({
        status: 'confirmed',
        confirmed_at: now,
        last_error: null,
        dms_record_id: record?.id?.slice(0, 200) ?? null,
        dms_location: record?.location?.slice(0, 1000) ?? null,
      })
      .where('id', '=', handOff.id)
      .execute();
    if (handOff.message === 'record') {
      const documents = await trx
        .selectFrom('documents')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('municipality_id', '=', handOff.municipality_id)
        .where('owner_kind', '=', 'case')
        .where('owner_id', '=', handOff.case_id)
        .where('deleted_at', 'is', null)
        .executeTakeFirstOrThrow();
      if (Number(documents.n) > 0) {
        // The record exists in the DMS: its documents follow (0605), the case stays in hand-off.
        await queueEfileHandOff(trx, {
          municipalityId: handOff.municipality_id,
          caseId: handOff.case_id,
          message: 'file',
        });
        await event('hand_off_confirmed', { messageCode: confirmation.messageCode });
        return 'confirmed';
      }
    }
    if (caseStatus === 'handing_off') {
      await trx
        .updateTable('cases')
        .set({ status: transitionCase(caseStatus, 'hand_off_confirmed'), updated_at: now })
        .where('id', '=', handOff.case_id)
        .execute();
    }
    await event('hand_off_confirmed', { messageCode: confirmation.messageCode });
    return 'confirmed';
  });
}

/**
 * Hand-offs written but not confirmed within `afterHours` are written again (the DMS may have missed the
 * file), up to the attempt limit; then they are failed and the case goes back to work. Returns how many were
 * queued again and how many failed.
 */
export async function resendUnconfirmedHandOffs(
  db: Kysely<Database>,
  now: Date,
  afterHours: number,
): Promise<{ resent: number; failed: number }> {
  const before = new Date(now.getTime() - afterHours * 3_600_000);
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('efile_hand_offs as h')
      .innerJoin('cases as c', 'c.id', 'h.case_id')
      .select(['h.id', 'h.municipality_id', 'h.case_id', 'h.attempts', 'c.status as case_status'])
      .where('h.status', '=', 'written')
      .where('h.written_at', '<', before)
      .forUpdate()
      .execute();
    let resent = 0;
    let failed = 0;
    for (const handOff of due) {
      if (handOff.attempts < EFILE_WRITE_ATTEMPTS) {
        await enqueueEfileWrite(trx, handOff.municipality_id, handOff.id, handOff.attempts);
        // Written again by the job; until then it does not count as due again.
        await trx
          .updateTable('efile_hand_offs')
          .set({ written_at: now })
          .where('id', '=', handOff.id)
          .execute();
        resent++;
        continue;
      }
      await trx
        .updateTable('efile_hand_offs')
        .set({ status: 'failed', last_error: 'no confirmation from the DMS' })
        .where('id', '=', handOff.id)
        .execute();
      const caseStatus = handOff.case_status as CaseStatus;
      if (caseStatus === 'handing_off') {
        await trx
          .updateTable('cases')
          .set({ status: transitionCase(caseStatus, 'hand_off_rejected'), updated_at: now })
          .where('id', '=', handOff.case_id)
          .execute();
      }
      await recordCaseEvent(trx, {
        municipalityId: handOff.municipality_id,
        caseId: handOff.case_id,
        at: now,
        kind: 'hand_off_failed',
        channel: 'system',
        actor: 'system',
        data: { handOffId: handOff.id, reason: 'not_confirmed' },
      });
      failed++;
    }
    return { resent, failed };
  });
}
