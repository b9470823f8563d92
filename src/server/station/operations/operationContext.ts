import type { Transaction } from 'kysely';
import { isDomainError } from '../../../domain/errors.ts';
import type { Database, QueueEntryKind, QueueEventType } from '../../../db/schema.ts';
import type { LockedStop } from '../../commands/bookingCapacity.ts';
import { findEntry, servicesMinutes, type StationEntry } from '../stationEntries.ts';
import {
  OperationRefused,
  type EntryState,
  type StationOperation,
  type StationOperationType,
} from '../stationOperations.ts';

export interface StationOperationsProps {
  municipalityId: string;
  stopId: string;
  /** The tablet that sent the operations (its own id, kept with every event). */
  deviceId: string;
  /** `staff:<user id>`. */
  actor: string;
  operations: readonly StationOperation[];
  posterSecret: string;
}

export interface StationOperationProps extends Omit<StationOperationsProps, 'operations'> {
  operation: StationOperation;
}

/** What a handler changed: the entry's new state for the device, and what goes into the audit row. */
export interface Applied {
  entry: EntryState;
  subjectType: 'stop' | 'booking' | 'ticket';
  reason?: string;
  details?: Record<string, unknown>;
}

/** One operation's transaction, with its stop locked. */
export interface OperationContext {
  trx: Transaction<Database>;
  stop: LockedStop;
  props: StationOperationProps;
  at: Date;
}

/** The operation of one type (the members whose `type` lists several kinds count for each of them). */
export type OperationOf<K extends StationOperationType> = StationOperation extends infer O
  ? O extends { type: infer T }
    ? K extends T
      ? O & { type: K }
      : never
    : never
  : never;

/**
 * Applies one operation of type `K` inside its transaction. It throws `OperationRefused` before it writes
 * anything when the operation cannot be applied.
 */
export type OperationHandler<K extends StationOperationType> = (
  context: OperationContext,
  operation: OperationOf<K>,
) => Promise<Applied>;

export const stopState = (stop: { id: string; status: string }): EntryState => ({
  id: stop.id,
  kind: 'stop',
  displayNumber: null,
  status: stop.status,
  counter: null,
});

export async function addEvent(
  context: OperationContext,
  type: QueueEventType,
  entry?: { kind: QueueEntryKind; id: string },
  counter?: number | null,
): Promise<void> {
  await context.trx
    .insertInto('queue_events')
    .values({
      municipality_id: context.props.municipalityId,
      stop_id: context.stop.id,
      entry_kind: entry?.kind ?? null,
      entry_id: entry?.id ?? null,
      type,
      counter: counter ?? null,
      at: context.at,
      actor: context.props.actor,
      device_id: context.props.deviceId,
      op_id: context.props.operation.opId,
    })
    .execute();
}

export async function entryOfStop(context: OperationContext, entryId: string): Promise<StationEntry> {
  const entry = await findEntry(context.trx, context.props.municipalityId, entryId, true);
  // Another stop's entry and an id that does not exist answer alike: ids cannot be probed.
  if (!entry || entry.stopId !== context.stop.id) throw new OperationRefused('rejected', 'entry-not-found');
  return entry;
}

export function requireCounter(context: OperationContext, counter: number | null | undefined): number {
  if (counter === null || counter === undefined || counter < 1 || counter > context.stop.counters) {
    throw new OperationRefused('rejected', 'counter-unknown', stopState(context.stop));
  }
  return counter;
}

/** `start_service` and `finish` win over a `no_show` or `park` another device recorded: the person was served. */
export function servedAnyway(entry: StationEntry): boolean {
  return (entry.status === 'no_show' || entry.status === 'parked') && entry.calledAt !== null;
}

export const subjectOf = (entry: StationEntry) => (entry.kind === 'appointment' ? 'booking' : 'ticket');

/** The reason an operation overrode another device's change, e.g. `overrode-no-show`. */
export const overrode = (status: string) => `overrode-${status.replace(/_/g, '-')}`;

export async function validServices(
  context: OperationContext,
  services: readonly { serviceId: string; quantity: number }[],
) {
  try {
    return await servicesMinutes(context.trx, context.props.municipalityId, services);
  } catch (error) {
    if (isDomainError(error)) throw new OperationRefused('rejected', error.code.replace(/_/g, '-'));
    throw error;
  }
}
