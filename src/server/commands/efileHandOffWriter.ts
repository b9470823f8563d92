import type { Kysely } from 'kysely';
import { recordCaseEvent } from '../cases/caseWorkflow.ts';
import type { AppConfig } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { transitionCase, type CaseStatus } from '../../domain/caseProcess.ts';
import type { XdomeaDocument, XdomeaMediaType, XdomeaMessageKind } from '../../domain/xdomea.ts';
import { buildXdomeaContainer, writeToTransferDir } from '../efile/index.ts';
import { readDocument } from './documentReader.ts';

/** Attempts at writing one hand-off before it is marked failed (the job queue's own limit). */
export const EFILE_WRITE_ATTEMPTS = 5;
/** Why the hand-off reads a case's documents (recorded with each read). */
const EFILE_READ = 'efile_handoff';
/** Error text kept with a hand-off: technical, short. */
const MAX_ERROR_TEXT = 500;

const messageKinds: Record<'record' | 'file' | 'hand_over', XdomeaMessageKind> = {
  record: 'create',
  file: 'file',
  hand_over: 'handOver',
};

export interface WriteEfileHandOffProps {
  municipalityId: string;
  handOffId: string;
  /** The job's attempt (1 on the first run): the last one marks the hand-off failed. */
  attempt: number;
}

/**
 * Writes one hand-off's xdomea message (tracker issue 11, item 4) as a ZIP container into the transfer
 * directory, then records it as written, with the case event, in one transaction. A crash after the write and
 * before the record leaves the hand-off queued: the job runs again and writes the same file (same ProzessID,
 * same name) again, so nothing is lost and the DMS sees one message. Documents are read (and each read
 * audited) with the purpose 'efile_handoff'. A failure is kept with the hand-off and retried by the job queue;
 * after the last attempt the hand-off is failed and the case goes back to work, where staff hand it off again.
 */
export async function writeEfileHandOff(
  db: Kysely<Database>,
  config: AppConfig,
  props: WriteEfileHandOffProps,
  now: Date,
): Promise<'written' | 'skipped'> {
  const handOff = await db
    .selectFrom('efile_hand_offs as h')
    .innerJoin('cases as c', 'c.id', 'h.case_id')
    .innerJoin('services as s', (join) =>
      join.onRef('s.municipality_id', '=', 'c.municipality_id').onRef('s.id', '=', 'c.service_id'),
    )
    .innerJoin('municipalities as m', 'm.id', 'c.municipality_id')
    .leftJoin('departments as d', (join) =>
      join.onRef('d.municipality_id', '=', 'c.municipality_id').onRef('d.id', '=', 'c.department_id'),
    )
    .select([
      'h.id',
      'h.case_id',
      'h.message',
      'h.status',
      'c.number',
      'c.status as case_status',
      'c.service_id',
      'c.created_at as case_created_at',
      'c.closed_at',
      's.name_de as service_name',
      'd.name_de as department_name',
      'm.name as municipality_name',
    ])
    .where('h.municipality_id', '=', props.municipalityId)
    .where('h.id', '=', props.handOffId)
    .executeTakeFirst();
  // Confirmed, rejected or failed hand-offs are done; a written one is written again only by the resend.
  if (!handOff || (handOff.status !== 'queued' && handOff.status !== 'written')) return 'skipped';
  try {
    const documents =
      handOff.message === 'record' ? [] : await caseDocuments(db, config, props, handOff.case_id);
    const dmsRecordId =
      handOff.message === 'file' ? await recordIdOf(db, props.municipalityId, handOff.case_id) : undefined;
    const container = await buildXdomeaContainer({
      messageKind: messageKinds[handOff.message],
      processId: handOff.id,
      createdAt: now,
      sender: {
        municipality: handOff.municipality_name,
        departmentName: handOff.department_name ?? handOff.municipality_name,
        systemName: 'Mobiles Rathaus',
      },
      recipient: { name: `${handOff.municipality_name}, E-Akte` },
      case: {
        id: handOff.case_id,
        caseNumber: handOff.number,
        // The matter, not the person: the service and the case number.
        title: `${handOff.service_name} (${handOff.number})`,
        serviceName: handOff.service_name,
        serviceId: handOff.service_id,
        departmentName: handOff.department_name ?? handOff.municipality_name,
        openedAt: handOff.case_created_at,
        ...(handOff.closed_at ? { closedAt: handOff.closed_at } : {}),
        status: handOff.case_status,
        ...(dmsRecordId ? { dmsRecordId } : {}),
      },
      documents,
    });
    await writeToTransferDir(config.efile.transferDir, container.fileName, container.zip);
    await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('efile_hand_offs')
        .set((eb) => ({
          status: 'written',
          file_name: container.fileName,
          attempts: eb('attempts', '+', 1),
          written_at: now,
          last_error: null,
          documents: documents.length,
        }))
        .where('id', '=', handOff.id)
        .where('status', 'in', ['queued', 'written'])
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return;
      await recordCaseEvent(trx, {
        municipalityId: props.municipalityId,
        caseId: handOff.case_id,
        at: now,
        kind: 'handed_off',
        channel: 'system',
        actor: 'system',
        data: { handOffId: handOff.id, message: handOff.message, documents: documents.length },
      });
    });
    return 'written';
  } catch (error) {
    await recordFailure(db, props, handOff.case_id, handOff.case_status as CaseStatus, error, now);
    throw error;
  }
}

async function caseDocuments(
  db: Kysely<Database>,
  config: AppConfig,
  props: WriteEfileHandOffProps,
  caseId: string,
): Promise<XdomeaDocument[]> {
  const rows = await db
    .selectFrom('documents')
    .select(['id', 'media_type', 'captured_at'])
    .where('municipality_id', '=', props.municipalityId)
    .where('owner_kind', '=', 'case')
    .where('owner_id', '=', caseId)
    .where('deleted_at', 'is', null)
    .orderBy('captured_at')
    .orderBy('id')
    .execute();
  const documents: XdomeaDocument[] = [];
  for (const row of rows) {
    const { document, bytes } = await readDocument(db, config, {
      municipalityId: props.municipalityId,
      documentId: row.id,
      actor: 'system',
      purpose: EFILE_READ,
    });
    documents.push({
      id: row.id,
      fileName: document.fileName,
      mediaType: row.media_type as XdomeaMediaType,
      title: `Dokument ${documents.length + 1}`,
      capturedAt: row.captured_at,
      bytes,
    });
  }
  return documents;
}

/** The DMS's id of the case's record, from the confirmed 'record' hand-off. */
async function recordIdOf(db: Kysely<Database>, municipalityId: string, caseId: string) {
  const row = await db
    .selectFrom('efile_hand_offs')
    .select('dms_record_id')
    .where('municipality_id', '=', municipalityId)
    .where('case_id', '=', caseId)
    .where('message', '=', 'record')
    .where('status', '=', 'confirmed')
    .orderBy('confirmed_at', 'desc')
    .executeTakeFirst();
  return row?.dms_record_id ?? undefined;
}

async function recordFailure(
  db: Kysely<Database>,
  props: WriteEfileHandOffProps,
  caseId: string,
  caseStatus: CaseStatus,
  error: unknown,
  now: Date,
): Promise<void> {
  const text = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(
    0,
    MAX_ERROR_TEXT,
  );
  const final = props.attempt >= EFILE_WRITE_ATTEMPTS;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('efile_hand_offs')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        last_error: text,
        ...(final ? { status: 'failed' as const } : {}),
      }))
      .where('id', '=', props.handOffId)
      .execute();
    if (!final) return;
    if (caseStatus === 'handing_off') {
      await trx
        .updateTable('cases')
        .set({ status: transitionCase(caseStatus, 'hand_off_rejected'), updated_at: now })
        .where('id', '=', caseId)
        .where('status', '=', 'handing_off')
        .execute();
    }
    await recordCaseEvent(trx, {
      municipalityId: props.municipalityId,
      caseId,
      at: now,
      kind: 'hand_off_failed',
      channel: 'system',
      actor: 'system',
      data: { handOffId: props.handOffId, reason: 'write_failed' },
    });
  });
}
