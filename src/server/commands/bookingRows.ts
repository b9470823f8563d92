import { sql, type Insertable, type Transaction } from 'kysely';
import type { BookingsTable, Database } from '../../db/schema.ts';
import { newBookingCode } from '../secrets.ts';

/**
 * Writes a booking row with a fresh booking code and its services in one statement (the services' insert
 * reads the booking's from a data-modifying CTE). A (rare) duplicate code inserts nothing and is tried again
 * with another code; the transaction goes on. Shared by the citizen's hold and the staff booking.
 */
export async function insertBookingRows(
  trx: Transaction<Database>,
  row: Omit<Insertable<BookingsTable>, 'code'>,
  services: { serviceId: string; quantity: number; minutesEach: number }[],
): Promise<{ bookingId: string; code: string }> {
  const serviceRows = JSON.stringify(
    services.map((service) => ({
      service_id: service.serviceId,
      quantity: service.quantity,
      minutes_each: service.minutesEach,
    })),
  );
  for (let attempt = 0; attempt < 6; attempt++) {
    const code = newBookingCode();
    const inserted = await trx
      .with('b', (db) =>
        db
          .insertInto('bookings')
          .values({ ...row, code })
          .onConflict((conflict) => conflict.columns(['municipality_id', 'code']).doNothing())
          .returning(['id', 'municipality_id']),
      )
      .with('s', (db) =>
        db
          .insertInto('booking_services')
          .columns(['municipality_id', 'booking_id', 'service_id', 'quantity', 'minutes_each'])
          .expression(
            sql`SELECT b.municipality_id, b.id, v.service_id, v.quantity, v.minutes_each
                FROM b CROSS JOIN jsonb_to_recordset(${serviceRows}::jsonb)
                  AS v(service_id text, quantity integer, minutes_each integer)`,
          ),
      )
      .selectFrom('b')
      .select('id')
      .executeTakeFirst();
    if (inserted) return { bookingId: inserted.id, code };
  }
  throw new Error('no free booking code after six attempts');
}
