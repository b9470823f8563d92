import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { parseFeedbackAnswers, type RawFeedbackAnswers } from '../../domain/visitFeedback.ts';
import { hashToken, tokenMatches } from '../secrets.ts';

export interface VisitFeedbackProps {
  municipalityId: string;
  /** The survey token of the mail, or the walk-in ticket's token (with `ticketId`). */
  token: string;
  ticketId?: string | undefined;
  answers: RawFeedbackAnswers;
}

const invalidLink = () =>
  new DomainError('feedback_link_invalid', { field: 'token', message: 'No visit matches this survey link.' });

/**
 * Stores one survey answer. The answer row holds the stop, the channel and the answers only: no booking, ticket,
 * token or time. The visit's used-flag is a separate row keyed by the hash of its token, whose primary key lets
 * the database refuse a second answer for the same visit.
 */
export async function submitVisitFeedback(db: Kysely<Database>, props: VisitFeedbackProps): Promise<void> {
  const answers = parseFeedbackAnswers(props.answers);
  await db.transaction().execute(async (trx) => {
    let visit: { visitKey: string; stopId: string; channel: 'booked' | 'walk_in' };
    if (props.ticketId) {
      const ticket = await trx
        .selectFrom('tickets')
        .select(['stop_id', 'status', 'token_hash'])
        .where('municipality_id', '=', props.municipalityId)
        .where('id', '=', props.ticketId)
        .executeTakeFirst();
      if (!ticket || ticket.token_hash === null || !tokenMatches(props.token, ticket.token_hash))
        throw invalidLink();
      if (ticket.status !== 'finished') {
        throw new DomainError('feedback_not_open', {
          field: 'ticketId',
          message: 'The survey opens once the visit is finished.',
        });
      }
      visit = { visitKey: ticket.token_hash, stopId: ticket.stop_id, channel: 'walk_in' };
    } else {
      const visitKey = hashToken(props.token);
      const booking = await trx
        .selectFrom('bookings')
        .select(['stop_id'])
        .where('municipality_id', '=', props.municipalityId)
        .where('feedback_token_hash', '=', visitKey)
        .executeTakeFirst();
      if (!booking) throw invalidLink();
      visit = { visitKey, stopId: booking.stop_id, channel: 'booked' };
    }
    const used = await trx
      .insertInto('visit_feedback_uses')
      .values({ visit_key: visit.visitKey })
      .onConflict((conflict) => conflict.column('visit_key').doNothing())
      .returning('visit_key')
      .executeTakeFirst();
    if (!used) {
      throw new DomainError('feedback_already_given', {
        field: 'token',
        message: 'This visit has been rated already; one answer per visit.',
      });
    }
    await trx
      .insertInto('visit_feedback')
      .values({
        municipality_id: props.municipalityId,
        stop_id: visit.stopId,
        channel: visit.channel,
        satisfaction: answers.satisfaction,
        would_use_again: answers.wouldUseAgain,
        time_compared: answers.timeCompared,
        travel_mode: answers.travelMode,
      })
      .execute();
  });
}
