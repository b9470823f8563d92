import type { Kysely, Transaction } from 'kysely';
import { bookingStatusesAllowing, ticketStatusesAllowing } from '../../domain/bookingStatus.ts';
import { isDomainError } from '../../domain/errors.ts';
import type { Database, QueueEntryKind, QueueEventType } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { lockStop, type LockedStop } from '../commands/bookingCapacity.ts';
import { retryOnTransientConflict } from '../dbErrors.ts';
import { notFound } from '../problem.ts';
import {
  entryState,
  findEntry,
  nextStatus,
  numberedAppointments,
  servicesMinutes,
  stationVersion,
  updateEntry,
  type StationEntry,
} from './stationEntries.ts';
import {
  OperationRefused,
  type EntryState,
  type OperationResult,
  type StationOperation,
} from './stationOperations.ts';
import { ensurePoster } from './stationPoster.ts';
import { DEFAULT_WALK_IN_MINUTES } from './stationQueue.ts';

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
    .select('id')
    .where('municipality_id', '=', props.municipalityId)
    .where('id', '=', props.stopId)
    .executeTakeFirst();
  if (!stop) throw notFound('stop', 'stopId', props.stopId);
  const results: OperationResult[] = [];
  for (const operation of props.operations) {
    results.push(await applyStationOperation(db, { ...props, operation }));
  }
  return { results, version: await stationVersion(db, props.stopId) };
}

export interface StationOperationProps extends Omit<StationOperationsProps, 'operations'> {
  operation: StationOperation;
}

interface Applied {
  entry: EntryState;
  subjectType: 'stop' | 'booking' | 'ticket';
  reason?: string;
  details?: Record<string, unknown>;
}

interface Context {
  trx: Transaction<Database>;
  stop: LockedStop;
  props: StationOperationProps;
  at: Date;
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
      const context: Context = { trx, stop, props, at: new Date(operation.at) };
      let applied: Applied;
      try {
        if (operation.type !== 'open_stop') requireOpen(stop);
        applied = await handle(context);
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

const stopState = (stop: { id: string; status: string }): EntryState => ({
  id: stop.id,
  kind: 'stop',
  displayNumber: null,
  status: stop.status,
  counter: null,
});

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
  } else if (['open_stop', 'close_stop'].includes(stored.type)) {
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

async function addEvent(
  context: Context,
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

async function entryOfStop(context: Context, entryId: string): Promise<StationEntry> {
  const entry = await findEntry(context.trx, context.props.municipalityId, entryId, true);
  // Another stop's entry and an id that does not exist answer alike: ids cannot be probed.
  if (!entry || entry.stopId !== context.stop.id) throw new OperationRefused('rejected', 'entry-not-found');
  return entry;
}

function requireCounter(context: Context, counter: number | null | undefined): number {
  if (counter === null || counter === undefined || counter < 1 || counter > context.stop.counters) {
    throw new OperationRefused('rejected', 'counter-unknown', stopState(context.stop));
  }
  return counter;
}

/** `start_service` and `finish` win over a `no_show` or `park` another device recorded: the person was served. */
function servedAnyway(entry: StationEntry): boolean {
  return (entry.status === 'no_show' || entry.status === 'parked') && entry.calledAt !== null;
}

const subjectOf = (entry: StationEntry) => (entry.kind === 'appointment' ? 'booking' : 'ticket');

async function validServices(context: Context, services: readonly { serviceId: string; quantity: number }[]) {
  try {
    return await servicesMinutes(context.trx, context.props.municipalityId, services);
  } catch (error) {
    if (isDomainError(error)) throw new OperationRefused('rejected', error.code.replace(/_/g, '-'));
    throw error;
  }
}

function normaliseCode(code: string): string {
  const compact = code.toUpperCase().replace(/[\s-]/g, '');
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : compact;
}

async function handle(context: Context): Promise<Applied> {
  const { trx, stop, props } = context;
  const op = props.operation;
  switch (op.type) {
    case 'open_stop': {
      if (stop.status === 'closed' || stop.status === 'cancelled') {
        throw new OperationRefused('rejected', `stop-${stop.status}`, stopState(stop));
      }
      await ensurePoster(trx, props.municipalityId, stop.id, stop.local_date, props.posterSecret);
      // Two tablets opening the same stop offline is no conflict worth showing.
      if (stop.status === 'open')
        return { entry: stopState(stop), subjectType: 'stop', reason: 'already-open' };
      await trx
        .updateTable('stops')
        .set({ status: 'open', updated_at: new Date() })
        .where('id', '=', stop.id)
        .execute();
      await addEvent(context, 'stop_opened');
      return { entry: stopState({ id: stop.id, status: 'open' }), subjectType: 'stop' };
    }

    case 'close_stop': {
      const busy =
        (await trx
          .selectFrom('bookings')
          .select('id')
          .where('stop_id', '=', stop.id)
          .where('status', 'in', ['called', 'in_service'])
          .executeTakeFirst()) ??
        (await trx
          .selectFrom('tickets')
          .select('id')
          .where('stop_id', '=', stop.id)
          .where('status', 'in', ['called', 'in_service'])
          .executeTakeFirst());
      if (busy) {
        const entry = await findEntry(trx, props.municipalityId, busy.id, false);
        throw new OperationRefused('conflict', 'entries-in-service', entry ? entryState(entry) : undefined);
      }
      // Whoever still waits (or never came) is a no-show when the day ends: the machines' close_day event.
      const tickets = await trx
        .updateTable('tickets')
        .set({ status: 'no_show' })
        .where('stop_id', '=', stop.id)
        .where('status', 'in', ticketStatusesAllowing('close_day'))
        .returning('id')
        .execute();
      const bookings = await trx
        .updateTable('bookings')
        .set({ status: 'no_show' })
        .where('stop_id', '=', stop.id)
        .where('status', 'in', bookingStatusesAllowing('close_day'))
        .returning('id')
        .execute();
      for (const ticket of tickets) await addEvent(context, 'no_show', { kind: 'walk_in', id: ticket.id });
      for (const booking of bookings)
        await addEvent(context, 'no_show', { kind: 'appointment', id: booking.id });
      await trx
        .updateTable('stops')
        .set({ status: 'closed', updated_at: new Date() })
        .where('id', '=', stop.id)
        .execute();
      await addEvent(context, 'stop_closed');
      return {
        entry: stopState({ id: stop.id, status: 'closed' }),
        subjectType: 'stop',
        details: { walkInNoShows: tickets.length, appointmentNoShows: bookings.length },
      };
    }

    case 'check_in': {
      const code = normaliseCode(op.code);
      const booking = await trx
        .selectFrom('bookings')
        .select(['id', 'stop_id', 'status'])
        .where('municipality_id', '=', props.municipalityId)
        .where('code', '=', code)
        .forUpdate()
        .executeTakeFirst();
      const entry = booking ? await findEntry(trx, props.municipalityId, booking.id, false) : undefined;
      // A code of another stop or municipality answers like an unknown one.
      if (!entry || entry.stopId !== stop.id) throw new OperationRefused('rejected', 'code-not-found');
      const status = nextStatus(entry, 'check_in');
      const displayNumber = (await numberedAppointments(trx, props.municipalityId, stop.id)).get(entry.id)!;
      await trx
        .updateTable('bookings')
        .set({ status: status as 'checked_in', checked_in_at: context.at, display_number: displayNumber })
        .where('id', '=', entry.id)
        .execute();
      await addEvent(context, 'checked_in', entry);
      return { entry: entryState({ ...entry, status, displayNumber }), subjectType: 'booking' };
    }

    case 'issue_ticket': {
      const taken = await trx
        .selectFrom('tickets')
        .select(['id', 'stop_id', 'display_number'])
        .where((eb) =>
          eb.or([
            eb('id', '=', op.ticketId),
            eb.and([eb('stop_id', '=', stop.id), eb('display_number', '=', op.displayNumber)]),
          ]),
        )
        .execute();
      if (taken.some((t) => t.id === op.ticketId)) throw new OperationRefused('rejected', 'ticket-id-taken');
      if (taken.length > 0) throw new OperationRefused('rejected', 'display-number-taken');
      const booking = await trx
        .selectFrom('bookings')
        .select('id')
        .where('id', '=', op.ticketId)
        .executeTakeFirst();
      if (booking) throw new OperationRefused('rejected', 'ticket-id-taken');
      const { minutes, minutesEach } = await validServices(context, op.services);
      const name = op.name?.trim() || null;
      await trx
        .insertInto('tickets')
        .values({
          municipality_id: props.municipalityId,
          id: op.ticketId,
          stop_id: stop.id,
          display_number: op.displayNumber,
          origin: 'staff',
          name,
          services: JSON.stringify(
            op.services.map((s) => ({ ...s, minutesEach: minutesEach.get(s.serviceId)! })),
          ),
          duration_minutes: minutes === 0 ? DEFAULT_WALK_IN_MINUTES : minutes,
          created_at: context.at,
        })
        .execute();
      const entry = { kind: 'walk_in' as const, id: op.ticketId };
      await addEvent(context, 'ticket_issued', entry);
      return {
        entry: { ...entry, displayNumber: op.displayNumber, status: 'waiting', counter: null },
        subjectType: 'ticket',
        details: { services: op.services.length },
      };
    }

    case 'call': {
      const counter = requireCounter(context, op.counter);
      const entry = await entryOfStop(context, op.entryId);
      const status = nextStatus(entry, 'call');
      const next = await updateEntry(trx, entry, {
        status,
        counter,
        calledAt: context.at,
        handedOverTo: null,
      });
      await addEvent(context, 'called', entry, counter);
      return { entry: entryState(next), subjectType: subjectOf(entry), details: { counter } };
    }

    case 'recall': {
      const entry = await entryOfStop(context, op.entryId);
      if (entry.status !== 'called')
        throw new OperationRefused('conflict', 'illegal-transition', entryState(entry));
      const next = await updateEntry(trx, entry, { status: entry.status, calledAt: context.at });
      await addEvent(context, 'recalled', entry, entry.counter);
      return { entry: entryState(next), subjectType: subjectOf(entry), details: { counter: entry.counter } };
    }

    case 'resume': {
      const entry = await entryOfStop(context, op.entryId);
      if (entry.status !== 'parked')
        throw new OperationRefused('conflict', 'illegal-transition', entryState(entry));
      const counter = requireCounter(context, op.counter ?? entry.counter);
      // Resuming calls the parked person again (parked → called by the status machine).
      const status = nextStatus(entry, 'call');
      const next = await updateEntry(trx, entry, { status, counter, calledAt: context.at });
      await addEvent(context, 'resumed', entry, counter);
      return { entry: entryState(next), subjectType: subjectOf(entry), details: { counter } };
    }

    case 'start_service': {
      const entry = await entryOfStop(context, op.entryId);
      const status = servedAnyway(entry) ? 'in_service' : nextStatus(entry, 'start_service');
      const next = await updateEntry(trx, entry, { status, startedAt: context.at });
      await addEvent(context, 'service_started', entry, entry.counter);
      return {
        entry: entryState(next),
        subjectType: subjectOf(entry),
        ...(entry.status !== 'called' ? { reason: `overrode-${entry.status.replace(/_/g, '-')}` } : {}),
      };
    }

    case 'no_show':
    case 'park': {
      const entry = await entryOfStop(context, op.entryId);
      const status = nextStatus(entry, op.type);
      const next = await updateEntry(trx, entry, { status });
      await addEvent(context, op.type === 'park' ? 'parked' : 'no_show', entry, entry.counter);
      return { entry: entryState(next), subjectType: subjectOf(entry) };
    }

    case 'hand_over': {
      const toCounter = requireCounter(context, op.toCounter);
      const entry = await entryOfStop(context, op.entryId);
      const status = nextStatus(entry, 'hand_over');
      const next = await updateEntry(trx, entry, { status, counter: null, handedOverTo: toCounter });
      await addEvent(context, 'handed_over', entry, toCounter);
      return {
        entry: entryState(next),
        subjectType: subjectOf(entry),
        details: { fromCounter: entry.counter, toCounter },
      };
    }

    case 'finish': {
      const entry = await entryOfStop(context, op.entryId);
      const status = servedAnyway(entry) ? 'finished' : nextStatus(entry, 'finish');
      await validServices(context, op.deliveredServices);
      const next = await updateEntry(trx, entry, {
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
        ...(entry.status !== 'in_service' ? { reason: `overrode-${entry.status.replace(/_/g, '-')}` } : {}),
      };
    }
  }
}
