export type Presence = 'required' | 'optional' | 'not_required' | 'depends';
export type OnlineAvailability = 'yes' | 'partial' | 'no' | 'unknown';
export type Confidence = 'high' | 'medium' | 'low';
export type Channel = 'online' | 'in_person';

export interface Municipality {
  slug: string;
  name: string;
  address: string | null;
  population: number | null;
  populationDate: string | null;
  center: { lat: number; lon: number } | null;
  map: { tileUrl: string | null; attribution: string | null };
  /** days after which personal data of past bookings is anonymised */
  retentionDays: number;
  contact: { phone?: string; email?: string; serviceNumber115?: boolean; hours?: LocalizedText };
  legal: {
    imprint?: LegalSection[];
    accessibility?: LegalSection[];
    privacy?: LegalSection[];
    draft?: boolean;
  };
}

/** German, with translations where the municipality has them. */
export type LocalizedText = { de: string } & Partial<Record<'en' | 'tr' | 'uk' | 'ar', string>>;
export interface LegalSection {
  heading: LocalizedText;
  paragraphs: LocalizedText[];
}

export interface Fee {
  variant: string;
  labelDe: string;
  labelEn: string;
  eur: number;
}

export interface Equipment {
  id: string;
  nameDe: string;
  nameEn: string;
}

export interface Service {
  id: string;
  nameDe: string;
  nameEn: string;
  leikaKey: string | null;
  legalBasis: string | null;
  presence: Presence;
  /** German */
  presenceReasons: string[];
  presenceReasonsEn: string[];
  typicalMinutes: number | null;
  fees: Fee[];
  /** extra costs in plain language */
  feeExtras: { labelDe: string; labelEn?: string; eur: number | null }[];
  /** what happens after the visit */
  afterVisitDe: string | null;
  afterVisitEn: string | null;
  feeValidFrom: string | null;
  onlineAvailable: OnlineAvailability;
  onlineUrl: string | null;
  /** German */
  documents: string[];
  documentsEn: string[];
  equipment: Equipment[];
}

export type Weekday = 'mo' | 'tu' | 'we' | 'th' | 'fr' | 'sa' | 'su';

export interface OpeningHours {
  days: Weekday[];
  opens?: string;
  closes?: string;
}

export interface Site {
  id: string;
  name: string;
  category: string;
  address: string | null;
  districtId: string | null;
  lat: number;
  lon: number;
  openingHours: OpeningHours[] | null;
  accessibility: string | null;
  /** how to get in, in the further languages where the city wrote it */
  accessibilityTranslations?: AccessibilityTranslations;
  placeholder: boolean;
}

export type AccessibilityTranslations = Partial<Record<'en' | 'tr' | 'uk' | 'ar', string>>;

/** A district's outline, GeoJSON geometry with [longitude, latitude] positions. */
export type DistrictOutline =
  { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface District {
  id: string;
  name: string;
  type: 'stadtteil' | 'kernstadt_quarter';
  parentId: string | null;
  population: number | null;
  populationDate: string | null;
  areaKm2: number | null;
  lat: number;
  lon: number;
  /** null where the data has no outline: the map shows the district's area as a circle instead */
  outline?: DistrictOutline | null;
}

export interface ListResponse<T> {
  items: T[];
  total: number;
}

/** RFC 9457 problem details as the API sends them. */
/** Problem details of a failed call (src/contracts/problem.ts, status 0 for a network failure). */
export type { Problem } from './client.ts';

// --- Stops, availability and bookings (tracker issue 3) ---

export type StopStatus = 'scheduled' | 'open' | 'closed' | 'cancelled';

export interface StopSite {
  id: string;
  name: string;
  address: string | null;
  districtId: string | null;
  districtName: string | null;
  lat: number;
  lon: number;
  accessibility: string | null;
  accessibilityTranslations?: AccessibilityTranslations;
}

export interface StopUnit {
  id: string;
  name: string;
  kind: 'van' | 'kit';
}

export interface OfferedService {
  id: string;
  nameDe: string;
  nameEn: string;
  typicalMinutes: number;
}

export interface UnavailableService {
  id: string;
  nameDe: string;
  nameEn: string;
  /** Needs no visit at all: done online or in writing. */
  onlineOnly: boolean;
  missingEquipment: Equipment[];
  /** Why it is not offered here, e.g. 'not_released' by its department or 'efile_not_live'. */
  reasons: (
    'online_only' | 'not_released' | 'efile_not_live' | 'process_not_reviewed' | 'missing_equipment'
  )[];
}

export interface Stop {
  id: string;
  status: StopStatus;
  cancelReason: string | null;
  /** local date, YYYY-MM-DD (Europe/Berlin) */
  date: string;
  startsAt: string;
  endsAt: string;
  counters: number;
  slotMinutes: number;
  site: StopSite;
  unit: StopUnit;
  services: OfferedService[];
  unavailableServices: UnavailableService[];
}

export interface Slot {
  startsAt: string;
  endsAt: string;
}

export interface StopAvailability {
  stop: Pick<Stop, 'id' | 'date' | 'startsAt' | 'endsAt' | 'site' | 'unit'>;
  durationMinutes: number;
  slots: Slot[];
}

export interface Availability {
  durationMinutes: number;
  stops: StopAvailability[];
}

/** A service with how many times it is needed (two ID cards for two people: quantity 2). */
export interface RequestedService {
  serviceId: string;
  quantity: number;
}

export type BookingStatus =
  | 'held'
  | 'confirmed'
  | 'cancelled'
  | 'expired'
  | 'checked_in'
  | 'called'
  | 'in_service'
  | 'parked'
  | 'finished'
  | 'missed'
  | (string & {});

export interface BookingDetails {
  id: string;
  code: string;
  status: BookingStatus;
  holdExpiresAt: string | null;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  qrCodeDataUrl: string;
  stop: { id: string; siteId: string; siteName: string; address: string | null; unitName: string };
  services: {
    id: string;
    nameDe: string;
    nameEn: string;
    quantity: number;
    minutesEach: number;
    documents: string[];
    documentsEn: string[];
    fees: { variant: string; labelDe: string; labelEn: string; eur: number }[];
  }[];
  paymentNoteDe: string | null;
  paymentNoteEn: string | null;
}

export interface OutboxMail {
  id: string;
  to: string | null;
  subject: string;
  text: string;
  createdAt: string;
  attachments: { filename: string; contentType: string }[];
}
