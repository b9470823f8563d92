import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { tokenMatches } from '../secrets.ts';
import { DomainError } from '../../domain/errors.ts';

/**
 * Finds a citizen's booking by id and its secret link token, locked for change. A wrong token answers
 * exactly like an unknown id, so ids cannot be probed.
 */
export async function lockBookingByToken(
  trx: Transaction<Database>,
  municipalityId: string,
  bookingId: string,
  token: string,
) {
  const booking = await trx
    .selectFrom('bookings')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', bookingId)
    .forUpdate()
    .executeTakeFirst();
  if (!booking || !tokenMatches(token, booking.token_hash)) {
    throw new DomainError('booking_not_found', {
      field: 'token',
      message: 'No appointment matches this link.',
    });
  }
  return booking;
}
