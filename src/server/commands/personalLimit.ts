import { sql, type Transaction } from 'kysely';
import { localDateOf } from '../../domain/time.ts';
import type { PersonalCommitments } from '../../domain/waitlist.ts';
import type { Database } from '../../db/schema.ts';
import { capacityStatuses } from './bookingCapacity.ts';

/**
 * Serialises everything that counts towards one person's limit (holds, waitlist requests, offers) under one
 * advisory lock per municipality and normalised e-mail, held until the transaction ends. Holds, offers and
 * waitlist confirmations all take it, so parallel requests cannot pass the limit together.
 */
export async function lockPerson(
  trx: Transaction<Database>,
  municipalityId: string,
  emailKey: string,
): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${personLockKey(municipalityId, emailKey)}))`.execute(trx);
}

/** What `lockPerson` locks (a hold takes it together with its client's lock, in one statement). */
export const personLockKey = (municipalityId: string, emailKey: string) => `${municipalityId}:${emailKey}`;

interface CommitmentProps {
  municipalityId: string;
  emailKey: string;
  now: Date;
  /** The request being offered a slot: its count moves to the offered hold. */
  excludeWaitlistRequestId?: string | undefined;
}

/** The two counts of `PersonalCommitments` as scalar subqueries, to load alone or with other facts. */
export function personalCommitmentCounts(trx: Transaction<Database>, props: CommitmentProps) {
  const bookings = trx
    .selectFrom('bookings')
    .select((eb) => eb.fn.countAll<number>().as('bookings'))
    .where('municipality_id', '=', props.municipalityId)
    .where('email_key', '=', props.emailKey)
    .where('status', 'in', capacityStatuses)
    .where('ends_at', '>', props.now)
    .where((eb) => eb.or([eb('status', '<>', 'held'), eb('hold_expires_at', '>', props.now)]));
  let waitlistRequests = trx
    .selectFrom('waitlist_requests')
    .select((eb) => eb.fn.countAll<number>().as('waitlistRequests'))
    .where('municipality_id', '=', props.municipalityId)
    .where('email_key', '=', props.emailKey)
    .where('status', '=', 'active')
    .where('confirmed_at', 'is not', null)
    .where('date_to', '>=', localDateOf(props.now.getTime()));
  if (props.excludeWaitlistRequestId)
    waitlistRequests = waitlistRequests.where('id', '<>', props.excludeWaitlistRequestId);
  return { bookings, waitlistRequests };
}

/** The person's current commitments as the domain rule counts them (see `PersonalCommitments`). */
export async function loadPersonalCommitments(
  trx: Transaction<Database>,
  props: CommitmentProps,
): Promise<PersonalCommitments> {
  const counts = personalCommitmentCounts(trx, props);
  const { bookings } = await counts.bookings.executeTakeFirstOrThrow();
  const { waitlistRequests } = await counts.waitlistRequests.executeTakeFirstOrThrow();
  return { bookings: Number(bookings), waitlistRequests: Number(waitlistRequests) };
}
