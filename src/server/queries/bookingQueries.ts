import type { Kysely, Transaction } from 'kysely';
import type { BookingRowStatus, Database, Fee, Locale } from '../../db/schema.ts';
import type { BookedService, PlaceAndTime } from '../mail/templates.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export interface BookingView extends PlaceAndTime {
  id: string;
  municipalityId: string;
  code: string;
  status: BookingRowStatus;
  holdExpiresAt: Date | null;
  durationMinutes: number;
  tokenHash: string;
  locale: Locale;
  name: string | null;
  email: string | null;
  origin: 'citizen' | 'waitlist' | 'staff';
  waitlistRequestId: string | null;
  stop: {
    id: string;
    status: string;
    siteId: string;
    districtId: string | null;
    lat: number;
    lon: number;
    unitName: string;
  };
  services: (BookedService & { id: string; minutesEach: number })[];
}

export async function loadBookingView(
  db: Executor,
  municipalityId: string,
  bookingId: string,
): Promise<BookingView | undefined> {
  const row = await db
    .selectFrom('bookings as b')
    .innerJoin('stops as s', 's.id', 'b.stop_id')
    .innerJoin('sites as site', (join) =>
      join.onRef('site.municipality_id', '=', 's.municipality_id').onRef('site.id', '=', 's.site_id'),
    )
    .innerJoin('units as u', (join) =>
      join.onRef('u.municipality_id', '=', 's.municipality_id').onRef('u.id', '=', 's.unit_id'),
    )
    .select([
      'b.id',
      'b.municipality_id',
      'b.code',
      'b.status',
      'b.hold_expires_at',
      'b.starts_at',
      'b.ends_at',
      'b.duration_minutes',
      'b.token_hash',
      'b.locale',
      'b.name',
      'b.email',
      'b.origin',
      'b.waitlist_request_id',
      's.id as stop_id',
      's.status as stop_status',
      'site.id as site_id',
      'site.name as site_name',
      'site.address as site_address',
      'site.district_id',
      'site.lat',
      'site.lon',
      'u.name as unit_name',
    ])
    .where('b.municipality_id', '=', municipalityId)
    .where('b.id', '=', bookingId)
    .executeTakeFirst();
  if (!row) return undefined;
  const services = await db
    .selectFrom('booking_services as bs')
    .innerJoin('services as sv', (join) =>
      join.onRef('sv.municipality_id', '=', 'bs.municipality_id').onRef('sv.id', '=', 'bs.service_id'),
    )
    .select([
      'sv.id',
      'sv.name_de',
      'sv.name_en',
      'sv.documents',
      'sv.documents_en',
      'sv.fees',
      'bs.quantity',
      'bs.minutes_each',
    ])
    .where('bs.booking_id', '=', bookingId)
    .orderBy('sv.id')
    .execute();
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    code: row.code,
    status: row.status,
    holdExpiresAt: row.hold_expires_at ? new Date(row.hold_expires_at) : null,
    start: new Date(row.starts_at),
    end: new Date(row.ends_at),
    durationMinutes: row.duration_minutes,
    tokenHash: row.token_hash,
    locale: row.locale,
    name: row.name,
    email: row.email,
    origin: row.origin,
    waitlistRequestId: row.waitlist_request_id,
    siteName: row.site_name,
    address: row.site_address,
    stop: {
      id: row.stop_id,
      status: row.stop_status,
      siteId: row.site_id,
      districtId: row.district_id,
      lat: row.lat,
      lon: row.lon,
      unitName: row.unit_name,
    },
    services: services.map((service) => ({
      id: service.id,
      nameDe: service.name_de,
      nameEn: service.name_en,
      quantity: service.quantity,
      minutesEach: service.minutes_each,
      documents: service.documents,
      documentsEn: service.documents_en.length > 0 ? service.documents_en : service.documents,
      fees: (service.fees as Fee[]).map((fee) => ({
        variant: fee.variant,
        labelDe: fee.labelDe,
        labelEn: fee.labelEn,
        eur: fee.eur,
      })),
    })),
  };
}
