import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { recipientKey } from '../mail/outbox.ts';
import { hashToken } from '../secrets.ts';

/**
 * "Keine Umfragen mehr": the link in a survey mail. The booking is marked opted out and the recipient (as a keyed
 * hash, like the mail cap) gets no survey mail after future visits. Repeating it changes nothing.
 */
export async function optOutOfVisitFeedback(
  db: Kysely<Database>,
  props: { municipalityId: string; token: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const booking = await trx
      .selectFrom('bookings')
      .select(['id', 'email'])
      .where('municipality_id', '=', props.municipalityId)
      .where('feedback_token_hash', '=', hashToken(props.token))
      .executeTakeFirst();
    if (!booking) {
      throw new DomainError('feedback_link_invalid', {
        field: 'token',
        message: 'No visit matches this survey link.',
      });
    }
    await trx.updateTable('bookings').set({ feedback_opt_out: true }).where('id', '=', booking.id).execute();
    if (booking.email) {
      await trx
        .insertInto('feedback_opt_outs')
        .values({
          municipality_id: props.municipalityId,
          recipient_key: await recipientKey(trx, booking.email),
        })
        .onConflict((conflict) => conflict.columns(['municipality_id', 'recipient_key']).doNothing())
        .execute();
    }
  });
}
