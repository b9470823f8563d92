import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { notFound } from '../problem.ts';
import { loadBookingView } from './bookingQueries.ts';

export interface StaffBookingConfirmation {
  bookingId: string;
  code: string;
  status: string;
  startsAt: string;
  endsAt: string;
  siteName: string;
  address: string | null;
  name: string | null;
  phone: string | null;
  services: {
    id: string;
    nameDe: string;
    nameEn: string;
    quantity: number;
    documents: string[];
    documentsEn: string[];
  }[];
  /** the municipality's number for cancelling or changing by phone */
  contactPhone: string | null;
}

/** What the printed confirmation of a staff booking shows (it replaces the mail); reading it is audited. */
export async function viewStaffBookingConfirmation(
  db: Kysely<Database>,
  props: { municipalityId: string; bookingId: string; actor: string },
): Promise<StaffBookingConfirmation> {
  return db.transaction().execute(async (trx) => {
    const view = await loadBookingView(trx, props.municipalityId, props.bookingId);
    if (!view) throw notFound('booking', 'bookingId', props.bookingId);
    const phone = await trx
      .selectFrom('bookings')
      .select('phone')
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', view.id)
      .executeTakeFirstOrThrow();
    const municipality = await trx
      .selectFrom('municipalities')
      .select('contact')
      .where('id', '=', props.municipalityId)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'booking.confirmation_viewed',
      subjectType: 'booking',
      subjectId: view.id,
    });
    return {
      bookingId: view.id,
      code: view.code,
      status: view.status,
      startsAt: view.start.toISOString(),
      endsAt: view.end.toISOString(),
      siteName: view.siteName,
      address: view.address,
      name: view.name,
      phone: phone.phone,
      services: view.services.map((service) => ({
        id: service.id,
        nameDe: service.nameDe,
        nameEn: service.nameEn,
        quantity: service.quantity,
        documents: service.documents,
        documentsEn: service.documentsEn,
      })),
      contactPhone: municipality.contact.phone ?? null,
    };
  });
}
