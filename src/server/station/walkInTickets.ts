import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, DeliveredService, Locale, TicketRowStatus } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { lockStop } from '../commands/bookingCapacity.ts';
import { retryOnTransientConflict } from '../dbErrors.ts';
import { notFound, ProblemError } from '../problem.ts';
import { hashToken, newLinkToken, tokenMatches } from '../secrets.ts';
import { servicesMinutes } from './stationEntries.ts';
import { posterTokenMatches } from './stationPoster.ts';
import { DEFAULT_WALK_IN_MINUTES, loadQueueRows, stopQueue } from './stationQueue.ts';

export interface WalkInJoinerProps {
  municipalityId: string;
  stopId: string;
  posterToken: string;
  services: DeliveredService[];
  locale: Locale;
  now: Date;
}

/**
 * A walk-in draws a ticket by phone, having scanned the poster at the stop. Only while the stop is open.
 * The phone gets a secret token (only its hash is stored) to follow its place in the queue.
 */
export async function joinWalkInQueue(
  db: Kysely<Database>,
  props: WalkInJoinerProps,
): Promise<{ ticketId: string; displayNumber: string; token: string }> {
  return retryOnTransientConflict(() =>
    db.transaction().execute(async (trx) => {
      const stop = await lockStop(trx, props.municipalityId, props.stopId);
      if (!(await posterTokenMatches(trx, props.municipalityId, stop.id, props.posterToken))) {
        throw new ProblemError(
          403,
          'poster-token-invalid',
          'This QR code does not belong to this stop. Please scan the poster at the stop again.',
          'posterToken',
        );
      }
      if (stop.status !== 'open') {
        throw new ProblemError(409, 'stop-not-open', `The stop is ${stop.status}: no tickets now.`, 'stopId');
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
    throw new ProblemError(404, 'ticket-not-found', 'No ticket matches this link.', 'token');
  }
  const stop = await db
    .selectFrom('stops')
    .select(['id', 'status', 'counters', 'ends_at'])
    .where('id', '=', ticket.stop_id)
    .executeTakeFirstOrThrow();
  const { appointments, tickets } = await loadQueueRows(db, municipalityId, stop.id);
  const queued = stopQueue(stop, appointments, tickets, now).find((entry) => entry.id === ticket.id);
  return {
    displayNumber: ticket.display_number,
    status: ticket.status,
    position: queued?.position ?? null,
    estimatedWaitMinutes: queued?.estimatedWaitMinutes ?? null,
    calledToCounter: ticket.status === 'called' || ticket.status === 'in_service' ? ticket.counter : null,
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
