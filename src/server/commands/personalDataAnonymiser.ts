import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface AnonymisedCounts {
  bookings: number;
  waitlistRequests: number;
  mails: number;
  subscriptions: number;
  /** Walk-in tickets: the name given at the station and the phone's token. */
  tickets: number;
  /** Cases: the citizen's name, e-mail and phone. */
  cases: number;
  /** Home visits: who asked, the sealed address and reason, the verification code. */
  homeVisits: number;
  /** Participation: the e-mail of suggestions and comments, supports withdrawn or never confirmed. */
  participation: number;
}

/**
 * Removes personal data once it is no longer needed: bookings `retentionDays` after the appointment,
 * finished waitlist requests, sent mails, cancelled subscriptions and walk-in tickets `retentionDays` after
 * their stop (name and phone token), and cases' citizen data with their booking's or ticket's. Times,
 * services, stops and outcomes
 * stay, so the evaluation figures keep working on anonymised rows.
 */
export async function anonymisePersonalData(
  db: Kysely<Database>,
  now: Date,
  retentionDays: number,
): Promise<AnonymisedCounts> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  return db.transaction().execute(async (trx) => {
    const bookings = await trx
      .updateTable('bookings')
      .set({
        name: null,
        email: null,
        email_key: null,
        phone: null,
        client_key: null,
        // The survey link dies with the address; visit_feedback never pointed at the booking.
        feedback_token_hash: null,
        anonymised_at: now,
      })
      .where('anonymised_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('ends_at', '<', cutoff),
          eb.and([eb('status', 'in', ['expired', 'cancelled']), eb('created_at', '<', cutoff)]),
        ]),
      )
      .executeTakeFirst();
    const waitlistRequests = await trx
      .updateTable('waitlist_requests')
      .set({ name: null, email: null, email_key: null, anonymised_at: now })
      .where('anonymised_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('date_to', '<', cutoff.toISOString().slice(0, 10)),
          // Never confirmed by its link: nothing will come of it.
          eb('status', 'in', ['booked', 'cancelled', 'expired', 'pending']),
        ]),
      )
      .where('created_at', '<', cutoff)
      .executeTakeFirst();
    const mails = await trx
      .updateTable('mails')
      .set({ status: 'purged', to_address: null, recipient_key: null, text_body: '', attachments: '[]' })
      .where('status', 'in', ['sent', 'failed'])
      .where('created_at', '<', cutoff)
      .executeTakeFirst();
    // Suppressed mails are kept as a record only until the cap they belong to is long over.
    await trx.deleteFrom('mail_suppressions').where('created_at', '<', cutoff).execute();
    const subscriptions = await trx
      .deleteFrom('site_subscriptions')
      .where((eb) =>
        eb.or([
          eb('status', '=', 'cancelled'),
          eb.and([eb('status', '=', 'pending'), eb('created_at', '<', cutoff)]),
        ]),
      )
      .executeTakeFirst();
    const tickets = await trx
      .updateTable('tickets')
      .set({ name: null, token_hash: null, client_key: null, anonymised_at: now })
      .where('anonymised_at', 'is', null)
      .where('stop_id', 'in', (eb) => eb.selectFrom('stops').select('id').where('ends_at', '<', cutoff))
      .executeTakeFirst();
    // Cases follow their booking's or ticket's retention (anonymised above, now or earlier); a case without
    // either keeps its citizen's data until `retentionDays` after it was closed or cancelled.
    const cases = await trx
      .updateTable('cases')
      .set({ citizen_name: null, citizen_email: null, citizen_phone: null, anonymised_at: now })
      .where('anonymised_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb(
            'booking_id',
            'in',
            eb.selectFrom('bookings').select('id').where('anonymised_at', 'is not', null),
          ),
          eb('ticket_id', 'in', eb.selectFrom('tickets').select('id').where('anonymised_at', 'is not', null)),
          eb.and([
            eb('booking_id', 'is', null),
            eb('ticket_id', 'is', null),
            eb('status', 'in', ['closed', 'cancelled']),
            eb('updated_at', '<', cutoff),
          ]),
        ]),
      )
      .executeTakeFirst();
    // Home visits: `retentionDays` after the visit's window, or after the decline or the request that was
    // never planned; the sealed address and health reason are deleted, not merely hidden.
    const homeVisits = await trx
      .updateTable('home_visits')
      .set({
        requester_name: null,
        requester_email: null,
        sealed_key_id: null,
        sealed_iv: null,
        sealed_auth_tag: null,
        sealed_data: null,
        decision_reason: null,
        verification_code_hash: null,
        anonymised_at: now,
      })
      .where('anonymised_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('window_end', '<', cutoff),
          eb.and([eb('status', 'in', ['declined', 'cancelled']), eb('decided_at', '<', cutoff)]),
          eb.and([eb('status', 'in', ['requested', 'accepted']), eb('created_at', '<', cutoff)]),
        ]),
      )
      .executeTakeFirst();
    // Participation (migration 050): the writer's address served the confirmation and the decision mails; after
    // `retentionDays` it goes (the keyed hash stays, a pseudonym that keeps "first-time writer" decidable).
    // Supports hold no address; a withdrawn or never confirmed one is deleted.
    let participation = 0;
    for (const table of ['suggestions', 'comments'] as const) {
      const result = await trx
        .updateTable(table)
        .set({ email: null, confirm_token_hash: null, anonymised_at: now })
        .where('anonymised_at', 'is', null)
        .where('email', 'is not', null)
        .where('created_at', '<', cutoff)
        .executeTakeFirst();
      participation += Number(result.numUpdatedRows);
    }
    const supports = await trx
      .deleteFrom('suggestion_supports')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'withdrawn'), eb('withdrawn_at', '<', cutoff)]),
          eb.and([eb('status', '=', 'pending'), eb('created_at', '<', cutoff)]),
        ]),
      )
      .executeTakeFirst();
    participation += Number(supports.numDeletedRows);
    return {
      participation,
      homeVisits: Number(homeVisits.numUpdatedRows),
      cases: Number(cases.numUpdatedRows),
      bookings: Number(bookings.numUpdatedRows),
      waitlistRequests: Number(waitlistRequests.numUpdatedRows),
      mails: Number(mails.numUpdatedRows),
      subscriptions: Number(subscriptions.numDeletedRows),
      tickets: Number(tickets.numUpdatedRows),
    };
  });
}
