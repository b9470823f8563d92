import { assertKnownDistrict } from '../commands/knownDistrict.ts';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, DeliveredService, Locale, TicketRowStatus } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { DomainError } from '../../domain/errors.ts';
import { localDateOf } from '../../domain/time.ts';
import { lockStop } from '../commands/bookingCapacity.ts';
import { retryOnTransientConflict } from '../dbErrors.ts';
import { notFound } from '../problem.ts';
import { hashToken, newLinkToken, tokenMatches } from '../secrets.ts';
import { servicesMinutes } from './stationEntries.ts';
import { posterTokenMatches } from './stationPoster.ts';
import { DEFAULT_WALK_IN_MINUTES, loadQueueRows, stopQueue } from './stationQueue.ts';

export interface WalkInJoinerProps {
  municipalityId: string;
  stopId: string;
  posterToken: string;
  services: DeliveredService[];
  /** "Aus welchem Stadtteil kommen Sie?" (optional); kept after anonymisation. */
  originDistrictId?: string | undefined;
  locale: Locale;
  now: Date;
  /** Keyed hash of the client address (clientKey.ts). */
  clientKey: string;
  /** The ticket this device drew before (from its signed cookie), if any. */
  deviceTicketId?: string | undefined;
  /** Active tickets one client address may hold at one stop. */
  ticketsPerClient: number;
}

/** Ticket states in which a ticket still waits or is being served. */
export const activeTicketStatuses = ['waiting', 'called', 'in_service', 'parked'] as const;

/**
 * A walk-in draws a ticket by phone, having scanned the poster at the stop. Only while the stop is open, with
 * the poster of this stop day, one active ticket per device (signed cookie) and a few per client address.
 * The phone gets a secret token (only its hash is stored) to follow its place in the queue.
 */
export async function joinWalkInQueue(
  db: Kysely<Database>,
  props: WalkInJoinerProps,
): Promise<{ ticketId: string; displayNumber: string; token: string }> {
  return retryOnTransientConflict(() =>
    db.transaction().execute(async (trx) => {
      if (props.originDistrictId)
        await assertKnownDistrict(trx, props.municipalityId, props.originDistrictId, 'originDistrictId');
      const stop = await lockStop(trx, props.municipalityId, props.stopId);
      if (!(await posterTokenMatches(trx, props.municipalityId, stop.id, props.posterToken))) {
        throw new DomainError('poster_token_invalid', {
          field: 'posterToken',
          message: 'This QR code does not belong to this stop. Please scan the poster at the stop again.',
        });
      }
      if (localDateOf(props.now.getTime()) > stop.local_date) {
        throw new DomainError('poster_token_expired', {
          field: 'posterToken',
          message: `This QR code was for the stop on ${stop.local_date} only. Please scan the poster at today's stop.`,
          details: { stopDate: stop.local_date },
        });
      }
      if (stop.status !== 'open') {
        throw new DomainError('stop_not_open', {
          field: 'stopId',
          message: `The stop is ${stop.status}: no tickets now.`,
        });
      }
      if (props.deviceTicketId) {
        const existing = await trx
          .selectFrom('tickets')
          .select(['id', 'stop_id', 'display_number', 'status'])
          .where('municipality_id', '=', props.municipalityId)
          .where('id', '=', props.deviceTicketId)
          .where('status', 'in', activeTicketStatuses)
          .executeTakeFirst();
        if (existing) {
          throw new DomainError('ticket_already_active', {
            field: 'posterToken',
            message: `This device holds ticket ${existing.display_number} already; one ticket per device at a time.`,
            details: {
              ticketId: existing.id,
              stopId: existing.stop_id,
              displayNumber: existing.display_number,
            },
          });
        }
      }
      const { fromClient } = await trx
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll<number>().as('fromClient'))
        .where('stop_id', '=', stop.id)
        .where('client_key', '=', props.clientKey)
        .where('status', 'in', activeTicketStatuses)
        .executeTakeFirstOrThrow();
      if (Number(fromClient) >= props.ticketsPerClient) {
        throw new DomainError('ticket_limit_reached', {
          field: 'posterToken',
          message: `At most ${props.ticketsPerClient} waiting tickets from one network at this stop; please ask at the counter.`,
          details: { limit: props.ticketsPerClient },
        });
      }
      const { minutes, minutesEach } = await servicesMinutes(trx, props.municipalityId, props.services);
      const selfIssued = await trx
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('stop_id', '=', stop.id)
        .where('origin', '=', 'self')
        .executeTakeFirstOrThrow();
      // Devices number 'W-<counter><seq>' with counters from 1: a leading 0 never collides with them.
      const displayNumber = `W-0${String(Number(selfIssued.n) + 1).padStart(2, '0')}`;
      const ticketId = randomUUID();
      const token = newLinkToken();
      await trx
        .insertInto('tickets')
        .values({
          municipality_id: props.municipalityId,
          id: ticketId,
          stop_id: stop.id,
          display_number: displayNumber,
          origin: 'self',
          token_hash: hashToken(token),
          locale: props.locale,
          services: JSON.stringify(
            props.services.map((s) => ({ ...s, minutesEach: minutesEach.get(s.serviceId)! })),
          ),
          duration_minutes: minutes === 0 ? DEFAULT_WALK_IN_MINUTES : minutes,
          created_at: props.now,
          client_key: props.clientKey,
          origin_district_id: props.originDistrictId ?? null,
        })
        .execute();
      await trx
        .insertInto('queue_events')
        .values({
          municipality_id: props.municipalityId,
          stop_id: stop.id,
          entry_kind: 'walk_in',
          entry_id: ticketId,
          type: 'ticket_issued',
          at: props.now,
          actor: 'citizen',
        })
        .execute();
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: 'citizen',
        action: 'ticket.issued',
        subjectType: 'ticket',
        subjectId: ticketId,
        details: { stopId: stop.id, origin: 'self', services: props.services.length },
      });
      return { ticketId, displayNumber, token };
    }),
  );
}

export interface WalkInStatus {
  displayNumber: string;
  status: TicketRowStatus;
  position: number | null;
  estimatedWaitMinutes: number | null;
  calledToCounter: number | null;
  /** The visit is over and its survey not yet answered: the page offers the three questions. */
  feedbackOpen: boolean;
}

/** What the walk-in's phone shows: its number, place and wait. No names. A wrong token is a 404. */
export async function walkInStatus(
  db: Kysely<Database>,
  municipalityId: string,
  ticketId: string,
  token: string,
  now: Date,
): Promise<WalkInStatus> {
  const ticket = await db
    .selectFrom('tickets')
    .select(['id', 'stop_id', 'display_number', 'status', 'counter', 'token_hash'])
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', ticketId)
    .executeTakeFirst();
  if (!ticket || ticket.token_hash === null || !tokenMatches(token, ticket.token_hash)) {
    throw new DomainError('ticket_not_found', { field: 'token', message: 'No ticket matches this link.' });
  }
  const stop = await db
    .selectFrom('stops')
    .select(['id', 'status', 'counters', 'ends_at'])
    .where('id', '=', ticket.stop_id)
    .executeTakeFirstOrThrow();
  const { appointments, tickets } = await loadQueueRows(db, municipalityId, stop.id);
  const queued = stopQueue(stop, appointments, tickets, now).find((entry) => entry.id === ticket.id);
  const answered =
    ticket.status === 'finished'
      ? await db
          .selectFrom('visit_feedback_uses')
          .select('visit_key')
          .where('visit_key', '=', ticket.token_hash)
          .executeTakeFirst()
      : undefined;
  return {
    displayNumber: ticket.display_number,
    status: ticket.status,
    position: queued?.position ?? null,
    estimatedWaitMinutes: queued?.estimatedWaitMinutes ?? null,
    calledToCounter: ticket.status === 'called' || ticket.status === 'in_service' ? ticket.counter : null,
    feedbackOpen: ticket.status === 'finished' && !answered,
  };
}

export interface CallDisplay {
  called: { displayNumber: string; counter: number; calledAt: string }[];
  waiting: number;
}

/** The call display at the stop: numbers being called and to which counter, and how many wait. No names. */
export async function callDisplay(
  db: Kysely<Database>,
  municipalityId: string,
  stopId: string,
): Promise<CallDisplay> {
  const stop = await db
    .selectFrom('stops')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', stopId)
    .executeTakeFirst();
  if (!stop) throw notFound('stop', 'stopId', stopId);
  const [bookings, tickets] = await Promise.all([
    db
      .selectFrom('bookings')
      .select(['display_number', 'counter_served as counter', 'called_at', 'status'])
      .where('municipality_id', '=', municipalityId)
      .where('stop_id', '=', stopId)
      .where('status', 'in', ['called', 'checked_in'])
      .execute(),
    db
      .selectFrom('tickets')
      .select(['display_number', 'counter', 'called_at', 'status'])
      .where('municipality_id', '=', municipalityId)
      .where('stop_id', '=', stopId)
      .where('status', 'in', ['called', 'waiting'])
      .execute(),
  ]);
  const all = [...bookings, ...tickets];
  const called = all
    .filter((e) => e.status === 'called' && e.display_number !== null && e.counter !== null)
    .map((e) => ({
      displayNumber: e.display_number!,
      counter: e.counter!,
      calledAt: new Date(e.called_at ?? 0).toISOString(),
    }))
    .sort((a, b) => (a.calledAt < b.calledAt ? 1 : a.calledAt > b.calledAt ? -1 : 0));
  return { called, waiting: all.filter((e) => e.status !== 'called').length };
}
