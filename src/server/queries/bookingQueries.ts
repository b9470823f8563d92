import { sql, type Kysely, type Transaction } from 'kysely';
import type { BookingRowStatus, Database, Fee, Locale } from '../../db/schema.ts';
import type { BookedService, PlaceAndTime } from '../mail/templates.ts';

type Executor = Kysely<Database> | Transaction<Database>;

interface ServiceRow {
  id: string;
  name_de: string;
  name_en: string;
  documents: string[];
  documents_en: string[];
  fees: unknown;
  quantity: number;
  minutes_each: number;
}

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
      // The services in the same statement (one round trip, one snapshot), in the order of their ids.
      (eb) =>
        eb
          .selectFrom('booking_services as bs')
          .innerJoin('services as sv', (join) =>
            join.onRef('sv.municipality_id', '=', 'bs.municipality_id').onRef('sv.id', '=', 'bs.service_id'),
          )
          .select(
            sql<ServiceRow[] | null>`json_agg(json_build_object(
              'id', sv.id, 'name_de', sv.name_de, 'name_en', sv.name_en, 'documents', sv.documents,
              'documents_en', sv.documents_en, 'fees', sv.fees, 'quantity', bs.quantity,
              'minutes_each', bs.minutes_each) ORDER BY sv.id)`.as('services'),
          )
          .whereRef('bs.booking_id', '=', 'b.id')
          .as('services'),
    ])
    .where('b.municipality_id', '=', municipalityId)
    .where('b.id', '=', bookingId)
    .executeTakeFirst();
  if (!row) return undefined;
  const services = row.services ?? [];
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
