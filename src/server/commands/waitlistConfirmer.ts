import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import { localDateOf } from '../../domain/time.ts';
import { assertRoomForAnother } from '../../domain/waitlist.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { retryOnTransientConflict } from '../dbErrors.ts';
import { enqueueJob } from '../jobs/jobQueue.ts';
import { tokenMatches } from '../secrets.ts';
import { loadPersonalCommitments, lockPerson } from './personalLimit.ts';

export interface WaitlistConfirmerProps {
  municipalityId: string;
  requestId: string;
  token: string;
  now: Date;
  maxActiveBookingsPerPerson: number;
}

/**
 * The second step of the waitlist's double opt-in: the link from the mail makes the request active, so it
 * can receive offers, if the person is still within the limit; then the stops in its period are searched.
 */
export async function confirmWaitlistRequest(
  db: Kysely<Database>,
  props: WaitlistConfirmerProps,
): Promise<{ alreadyConfirmed: boolean }> {
  return retryOnTransientConflict(() =>
    db.transaction().execute(async (trx) => {
      const found = await trx
        .selectFrom('waitlist_requests')
        .select(['id', 'token_hash', 'email_key'])
        .where('municipality_id', '=', props.municipalityId)
        .where('id', '=', props.requestId)
        .executeTakeFirst();
      if (!found || !tokenMatches(props.token, found.token_hash) || found.email_key === null) {
        throw new DomainError('waitlist_request_not_found', {
          field: 'token',
          message: 'No waiting-list request matches this link.',
        });
      }
      // The person lock first, then the row: the order every path that counts a person's requests takes.
      await lockPerson(trx, props.municipalityId, found.email_key);
      const request = await trx
        .selectFrom('waitlist_requests')
        .select(['id', 'status', 'date_to'])
        .where('id', '=', found.id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (request.status === 'active' || request.status === 'offered' || request.status === 'booked') {
        return { alreadyConfirmed: true };
      }
      if (request.status !== 'pending' || request.date_to < localDateOf(props.now.getTime())) {
        throw new DomainError('request_gone', {
          field: 'token',
          message: `this waiting-list request is ${request.status === 'pending' ? 'over' : request.status} and can no longer be confirmed`,
        });
      }
      assertRoomForAnother(
        await loadPersonalCommitments(trx, {
          municipalityId: props.municipalityId,
          emailKey: found.email_key,
          now: props.now,
        }),
        props.maxActiveBookingsPerPerson,
      );
      await trx
        .updateTable('waitlist_requests')
        .set({ status: 'active', confirmed_at: props.now })
        .where('id', '=', request.id)
        .execute();
      // A slot may be free already: look at the stops in the period at once.
      await enqueueJob(trx, {
        kind: 'waitlist.scan',
        payload: { municipalityId: props.municipalityId, requestId: request.id },
      });
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: 'citizen',
        action: 'waitlist.confirmed',
        subjectType: 'waitlist_request',
        subjectId: request.id,
      });
      return { alreadyConfirmed: false };
    }),
  );
}
