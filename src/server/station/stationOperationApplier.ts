import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { lockStop, type LockedStop } from '../commands/bookingCapacity.ts';
import { openingReason } from '../../domain/stopChecklist.ts';
import { retryOnTransientConflict } from '../dbErrors.ts';
import { notFound } from '../problem.ts';
import {
  stopState,
  type Applied,
  type OperationContext,
  type StationOperationProps,
  type StationOperationsProps,
} from './operations/operationContext.ts';
import { handleStationOperation } from './operations/operationHandlers.ts';
import { entryState, findEntry, stationVersion } from './stationEntries.ts';
import { OperationRefused, type EntryState, type OperationResult } from './stationOperations.ts';

/**
 * Applies a batch from a station device, online or from its offline outbox: each operation in its own
 * transaction and in the order sent, so one conflict does not undo the others. Results come back in order,
 * with the day's version after the batch.
 */
export async function applyStationOperations(
  db: Kysely<Database>,
  props: StationOperationsProps,
): Promise<{ results: OperationResult[]; version: number }> {
  const stop = await db
    .selectFrom('stops')
    .select(['id', 'status'])
    .where('municipality_id', '=', props.municipalityId)
    .where('id', '=', props.stopId)
    .executeTakeFirst();
  if (!stop) throw notFound('stop', 'stopId', props.stopId);
  await requireChecklistOrReason(db, props, stop.status);
  const results: OperationResult[] = [];
  for (const operation of props.operations) {
    results.push(await applyStationOperation(db, { ...props, operation }));
  }
  return { results, version: await stationVersion(db, props.stopId) };
}

/**
 * The domain's rule for opening a stop (`openingReason`), checked for the whole batch before anything is
 * applied: an `open_stop` of a scheduled stop needs the checklist signed off — before, or by a
 * `sign_off_checklist` earlier in the batch — or a reason. Otherwise the batch is refused with a 422 naming
 * `operations.<i>.reason`. (The handler checks again inside the operation's transaction.)
 */
async function requireChecklistOrReason(
  db: Kysely<Database>,
  props: StationOperationsProps,
  status: string,
): Promise<void> {
  const opening = props.operations.findIndex((operation) => operation.type === 'open_stop');
  if (opening === -1 || status !== 'scheduled') return;
  let signedOff =
    (await db
      .selectFrom('stop_checklists')
      .select('stop_id')
      .where('municipality_id', '=', props.municipalityId)
      .where('stop_id', '=', props.stopId)
      .executeTakeFirst()) !== undefined;
  props.operations.forEach((operation, index) => {
    if (operation.type === 'sign_off_checklist') signedOff = true;
    if (operation.type === 'open_stop') {
      openingReason(signedOff, operation.reason, `operations.${index}.reason`);
    }
  });
}

/**
 * Applies one operation exactly once. The operation row is inserted first, in the same transaction as the
 * change: a second delivery (a replayed batch, or the same batch from two connections at once) finds the row —
 * waiting for the first transaction if it is still running — and answers `duplicate`, changing nothing.
 * Then the stop is locked, so operations of one stop run one after the other in arrival order.
 */
export async function applyStationOperation(
  db: Kysely<Database>,
  props: StationOperationProps,
): Promise<OperationResult> {
  const { operation } = props;
  return retryOnTransientConflict(() =>
    db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('station_operations')
        .values({
          op_id: operation.opId,
          municipality_id: props.municipalityId,
          stop_id: props.stopId,
          device_id: props.deviceId,
          type: operation.type,
          at: new Date(operation.at),
          actor: props.actor,
        })
        .onConflict((oc) => oc.column('op_id').doNothing())
        .returning('op_id')
        .executeTakeFirst();
      if (!inserted) return duplicateOf(trx, props);

      const stop = await lockStop(trx, props.municipalityId, props.stopId);
      const context: OperationContext = { trx, stop, props, at: new Date(operation.at) };
      let applied: Applied;
      try {
        if (operation.type !== 'open_stop' && operation.type !== 'sign_off_checklist') requireOpen(stop);
        applied = await handleStationOperation(context);
      } catch (error) {
        if (!(error instanceof OperationRefused)) throw error;
        await trx
          .updateTable('station_operations')
          .set({
            outcome: error.outcome,
            reason: error.reason,
            ...entryColumns(error.entry),
          })
          .where('op_id', '=', operation.opId)
          .execute();
        return {
          opId: operation.opId,
          outcome: error.outcome,
          reason: error.reason,
          ...(error.entry ? { entry: error.entry } : {}),
        };
      }
      await trx
        .updateTable('station_operations')
        .set({ outcome: 'applied', reason: applied.reason ?? null, ...entryColumns(applied.entry) })
        .where('op_id', '=', operation.opId)
        .execute();
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: props.actor,
        action: `station.${operation.type}`,
        subjectType: applied.subjectType,
        subjectId: applied.entry.id,
        details: {
          opId: operation.opId,
          deviceId: props.deviceId,
          stopId: props.stopId,
          ...(applied.details ?? {}),
        },
      });
      return {
        opId: operation.opId,
        outcome: 'applied',
        ...(applied.reason ? { reason: applied.reason } : {}),
        entry: applied.entry,
      };
    }),
  );
}

function entryColumns(entry: EntryState | undefined) {
  return entry && entry.kind !== 'stop'
    ? { entry_kind: entry.kind, entry_id: entry.id }
    : { entry_kind: null, entry_id: null };
}

async function duplicateOf(
  trx: Transaction<Database>,
  props: StationOperationProps,
): Promise<OperationResult> {
  const opId = props.operation.opId;
  const stored = await trx
    .selectFrom('station_operations')
    .selectAll()
    .where('op_id', '=', opId)
    .executeTakeFirstOrThrow();
  if (stored.municipality_id !== props.municipalityId || stored.stop_id !== props.stopId) {
    // An op id is made once, on one device, for one stop: the same id elsewhere is a forgery or a bug.
    return { opId, outcome: 'rejected', reason: 'op-id-reused' };
  }
  const result: OperationResult = {
    opId,
    outcome: 'duplicate',
    ...(stored.outcome ? { reason: `previously-${stored.outcome}` } : {}),
  };
  if (stored.entry_id) {
    const entry = await findEntry(trx, props.municipalityId, stored.entry_id, false);
    if (entry) result.entry = entryState(entry);
  } else if (['open_stop', 'close_stop', 'sign_off_checklist'].includes(stored.type)) {
    const stop = await trx
      .selectFrom('stops')
      .select(['id', 'status'])
      .where('id', '=', props.stopId)
      .executeTakeFirstOrThrow();
    result.entry = stopState(stop);
  }
  return result;
}

function requireOpen(stop: LockedStop): void {
  if (stop.status === 'open') return;
  const reason = stop.status === 'scheduled' ? 'stop-not-open' : `stop-${stop.status}`;
  throw new OperationRefused('rejected', reason, stopState(stop));
}
