import { entryState, nextStatus, updateEntry } from '../stationEntries.ts';
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
  return {
    entry: entryState(next),
    subjectType: subjectOf(entry),
    details: { outcome: op.outcome, deliveredServices: op.deliveredServices.length },
    ...(entry.status !== 'in_service' ? { reason: overrode(entry.status) } : {}),
  };
};
