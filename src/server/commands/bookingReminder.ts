import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { reminderMail } from '../mail/templates.ts';
import { loadBookingView } from '../queries/bookingQueries.ts';

/** Sends the reminder of a confirmed appointment, unless it was cancelled or moved meanwhile. */
export async function remindBooking(
  db: Kysely<Database>,
  props: { municipalityId: string; bookingId: string; startsAt?: string },
) {
  await db.transaction().execute(async (trx) => {
    const view = await loadBookingView(trx, props.municipalityId, props.bookingId);
    if (!view || view.status !== 'confirmed' || !view.email) return;
    if (props.startsAt && view.start.toISOString() !== props.startsAt) return;
    await enqueueMail(trx, {
      municipalityId: props.municipalityId,
      purpose: 'booking.reminder',
      to: view.email,
      ...reminderMail(view.locale, view),
    });
  });
}
