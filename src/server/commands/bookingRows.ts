import { sql, type Insertable, type Transaction } from 'kysely';
import type { BookingsTable, Database } from '../../db/schema.ts';
import { pgErrorCode, pgErrorCodes } from '../dbErrors.ts';
import { newBookingCode } from '../secrets.ts';

/**
 * Writes a booking row with a fresh booking code, retrying a (rare) duplicate code under a savepoint so the
 * transaction survives it; then its services. Shared by the citizen's hold and the staff booking.
 */
export async function insertBookingRows(
  trx: Transaction<Database>,
  row: Omit<Insertable<BookingsTable>, 'code'>,
  services: { serviceId: string; quantity: number; minutesEach: number }[],
): Promise<{ bookingId: string; code: string }> {
  let inserted: { bookingId: string; code: string } | undefined;
  for (let attempt = 0; !inserted; attempt++) {
    try {
      await sql`SAVEPOINT booking_code`.execute(trx);
      const code = newBookingCode();
      const { id } = await trx
        .insertInto('bookings')
        .values({ ...row, code })
        .returning('id')
        .executeTakeFirstOrThrow();
      inserted = { bookingId: id, code };
    } catch (error) {
      const duplicateCode = pgErrorCode(error) === pgErrorCodes.uniqueViolation && attempt < 5;
      if (!duplicateCode) throw error;
      await sql`ROLLBACK TO SAVEPOINT booking_code`.execute(trx);
    }
  }
  await trx
    .insertInto('booking_services')
    .values(
      services.map((service) => ({
        municipality_id: row.municipality_id,
        booking_id: inserted!.bookingId,
        service_id: service.serviceId,
        quantity: service.quantity,
        minutes_each: service.minutesEach,
      })),
    )
    .execute();
  return inserted;
}
