import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables; the SQL migrations in ./migrations are the source of truth. */
type Json<T> = ColumnType<T, string | T, string | T>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type Confidence = 'high' | 'medium' | 'low';

export interface MunicipalitiesTable {
  id: Generated<string>;
  slug: string;
  name: string;
  official_key: string | null;
  address: string | null;
  population: number | null;
  population_date: string | null;
  population_source: string | null;
  timezone: Generated<string>;
  lat: number | null;
  lon: number | null;
  hostnames: Generated<string[]>;
  created_at: Generated<Date>;
}

export interface EquipmentKindsTable {
  municipality_id: string;
  id: string;
  name_de: string;
  name_en: string;
}

export interface DistrictsTable {
  municipality_id: string;
  id: string;
  name: string;
  type: string;
  parent_id: string | null;
  population: number | null;
  population_date: string | null;
  population_status: string | null;
  population_note: string | null;
  share_65plus: number | null;
  area_km2: number | null;
  lat: number;
  lon: number;
  reference_point_method: string | null;
  postal_codes: string[];
  confidence: Confidence;
  sources: string[];
}

export interface OpeningHoursEntry {
  days: Array<'mo' | 'tu' | 'we' | 'th' | 'fr' | 'sa' | 'su'>;
  opens?: string;
  closes?: string;
  note?: string;
}

export interface SitesTable {
  municipality_id: string;
  id: string;
  name: string;
  category: string;
  address: string | null;
  district_id: string | null;
  lat: number;
  lon: number;
  coordinate_quality: string | null;
  coordinate_uncertainty_m: number | null;
  coordinate_note: string | null;
  opening_hours: Json<OpeningHoursEntry[] | null>;
  accessibility: string | null;
  placeholder: boolean;
  facts: string[];
  confidence: Confidence;
  sources: string[];
}

export interface Fee {
  variant: string;
  labelDe: string;
  labelEn: string;
  eur: number;
}

export interface FeeExtra {
  item: string;
  eur: number | null;
}

export type Presence = 'required' | 'optional' | 'not_required' | 'depends';
export type OnlineAvailability = 'yes' | 'partial' | 'no' | 'unknown';

export interface ServicesTable {
  municipality_id: string;
  id: string;
  name_de: string;
  name_en: string;
  leika_key: string | null;
  leika_key_status: string | null;
  legal_basis: string | null;
  presence: Presence;
  presence_reasons: string[];
  second_visit: string | null;
  typical_minutes: number;
  minutes_basis: string | null;
  fees: Json<Fee[]>;
  fee_extras: Json<FeeExtra[]>;
  fee_note: string | null;
  fee_valid_from: string | null;
  online_available: OnlineAvailability;
  online_note: string | null;
  online_url: string | null;
  documents: string[];
  mobile_suitability: string | null;
  confidence: Confidence;
  sources: string[];
}

export interface ServiceEquipmentTable {
  municipality_id: string;
  service_id: string;
  equipment_kind_id: string;
}

export interface AuditEventsTable {
  id: Generated<number>;
  municipality_id: string;
  occurred_at: Timestamp;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string | null;
  details: Json<Record<string, unknown>>;
}

export interface Database {
  municipalities: MunicipalitiesTable;
  equipment_kinds: EquipmentKindsTable;
  districts: DistrictsTable;
  sites: SitesTable;
  services: ServicesTable;
  service_equipment: ServiceEquipmentTable;
  audit_events: AuditEventsTable;
}
