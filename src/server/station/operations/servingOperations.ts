import { recordVisitOnCases } from '../../cases/caseHooks.ts';
import { enqueueJob } from '../../jobs/jobQueue.ts';
import { entryState, nextStatus, updateEntry, type StationEntry } from '../stationEntries.ts';
import type { InPersonReason } from '../../../db/schema.ts';
import { OperationRefused } from '../stationOperations.ts';
import {
  addEvent,
  entryOfStop,
  overrode,
  requireCounter,
  servedAnyway,
  subjectOf,
  validServices,
  type OperationHandler,
} from './operationContext.ts';

export const call: OperationHandler<'call'> = async (context, op) => {
  const counter = requireCounter(context, op.counter);
  const entry = await entryOfStop(context, op.entryId);
  const status = nextStatus(entry, 'call');
  const next = await updateEntry(context.trx, entry, {
    status,
    counter,
    calledAt: context.at,
    handedOverTo: null,
  });
  await addEvent(context, 'called', entry, counter);
  return { entry: entryState(next), subjectType: subjectOf(entry), details: { counter } };
};

export const recall: OperationHandler<'recall'> = async (context, op) => {
  const entry = await entryOfStop(context, op.entryId);
  if (entry.status !== 'called')
    throw new OperationRefused('conflict', 'illegal-transition', entryState(entry));
  const next = await updateEntry(context.trx, entry, { status: entry.status, calledAt: context.at });
  await addEvent(context, 'recalled', entry, entry.counter);
  return { entry: entryState(next), subjectType: subjectOf(entry), details: { counter: entry.counter } };
};

export const resume: OperationHandler<'resume'> = async (context, op) => {
  const entry = await entryOfStop(context, op.entryId);
  if (entry.status !== 'parked')
    throw new OperationRefused('conflict', 'illegal-transition', entryState(entry));
  const counter = requireCounter(context, op.counter ?? entry.counter);
  // Resuming calls the parked person again (parked → called by the status machine).
  const status = nextStatus(entry, 'call');
  const next = await updateEntry(context.trx, entry, { status, counter, calledAt: context.at });
  await addEvent(context, 'resumed', entry, counter);
  return { entry: entryState(next), subjectType: subjectOf(entry), details: { counter } };
};

export const startService: OperationHandler<'start_service'> = async (context, op) => {
  const entry = await entryOfStop(context, op.entryId);
  const status = servedAnyway(entry) ? 'in_service' : nextStatus(entry, 'start_service');
  const next = await updateEntry(context.trx, entry, { status, startedAt: context.at });
  await addEvent(context, 'service_started', entry, entry.counter);
  return {
    entry: entryState(next),
    subjectType: subjectOf(entry),
    ...(entry.status !== 'called' ? { reason: overrode(entry.status) } : {}),
  };
};

/** `no_show` and `park` take the entry off the queue (parked entries can be resumed). */
export const leaveQueue: OperationHandler<'no_show' | 'park'> = async (context, op) => {
  const entry = await entryOfStop(context, op.entryId);
  const status = nextStatus(entry, op.type);
  const next = await updateEntry(context.trx, entry, { status });
  await addEvent(context, op.type === 'park' ? 'parked' : 'no_show', entry, entry.counter);
  return { entry: entryState(next), subjectType: subjectOf(entry) };
};

export const handOver: OperationHandler<'hand_over'> = async (context, op) => {
  const toCounter = requireCounter(context, op.toCounter);
  const entry = await entryOfStop(context, op.entryId);
  const status = nextStatus(entry, 'hand_over');
  const next = await updateEntry(context.trx, entry, { status, counter: null, handedOverTo: toCounter });
  await addEvent(context, 'handed_over', entry, toCounter);
  return {
    entry: entryState(next),
    subjectType: subjectOf(entry),
    details: { fromCounter: entry.counter, toCounter },
  };
};

export const finish: OperationHandler<'finish'> = async (context, op) => {
  const entry = await entryOfStop(context, op.entryId);
  const status = servedAnyway(entry) ? 'finished' : nextStatus(entry, 'finish');
  await validServices(context, op.deliveredServices);
  const next = await updateEntry(context.trx, entry, {
    status,
    finishedAt: context.at,
    outcome: op.outcome,
    delivered: op.deliveredServices.map((s) => ({ serviceId: s.serviceId, quantity: s.quantity })),
  });
  await addEvent(context, 'finished', entry, entry.counter);
  await recordInPersonReasons(context, entry, op.inPersonReasons ?? []);
  // The visit on the entry's cases; a follow-up opens them and hands them on to the department's inbox.
  await recordVisitOnCases(context.trx, {
    municipalityId: context.props.municipalityId,
    entry: { kind: entry.kind, id: entry.id },
    outcome: op.outcome,
    delivered: op.deliveredServices,
    stopId: context.stop.id,
    actor: context.props.actor,
    userId: context.props.actor.startsWith('staff:') ? context.props.actor.slice('staff:'.length) : null,
    at: context.at,
  });
  if (entry.kind === 'appointment') {
    // The one survey mail after the visit (visitFeedbackInviter.ts decides whether it goes out).
    await enqueueJob(context.trx, {
      kind: 'feedback.invite',
      payload: { municipalityId: context.props.municipalityId, bookingId: entry.id },
      uniqueKey: `feedback.invite:${entry.id}`,
    });
  }
  return {
    entry: entryState(next),
    subjectType: subjectOf(entry),
    details: { outcome: op.outcome, deliveredServices: op.deliveredServices.length },
    ...(entry.status !== 'in_service' ? { reason: overrode(entry.status) } : {}),
  };
};

/**
 * "Why not online": the reasons given for services that also exist online, per visit and service, without any
 * personal data. Reasons for services the catalogue has only in person are not kept.
 */
async function recordInPersonReasons(
  context: Parameters<OperationHandler<'finish'>>[0],
  entry: StationEntry,
  reasons: readonly { serviceId: string; reason: InPersonReason }[],
) {
  if (reasons.length === 0) return;
  const online = await context.trx
    .selectFrom('services')
    .select('id')
    .where('municipality_id', '=', context.props.municipalityId)
    .where(
      'id',
      'in',
      reasons.map((r) => r.serviceId),
    )
    .where('online_available', 'in', ['yes', 'partial'])
    .execute();
  const kept = reasons.filter((r) => online.some((s) => s.id === r.serviceId));
  if (kept.length === 0) return;
  await context.trx
    .insertInto('in_person_reasons')
    .values(
      kept.map((r) => ({
        municipality_id: context.props.municipalityId,
        stop_id: context.stop.id,
        entry_kind: entry.kind,
        entry_id: entry.id,
        service_id: r.serviceId,
        reason: r.reason,
      })),
    )
    .onConflict((conflict) =>
      conflict
        .columns(['entry_id', 'service_id'])
        .doUpdateSet((eb) => ({ reason: eb.ref('excluded.reason') })),
    )
    .execute();
}
