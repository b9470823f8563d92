import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

/** Kysely's view of the tables; the SQL migrations in ./migrations are the source of truth. */
type Json<T> = ColumnType<T, string | T, string | T>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type Confidence = 'high' | 'medium' | 'low';

/** The languages of the portal, the mails and the walk-in pages. */
export type Locale = 'de' | 'en' | 'tr' | 'uk' | 'ar';

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
  contact: ColumnType<MunicipalityContact, string | undefined, string>;
  legal: ColumnType<MunicipalityLegal, string | undefined, string>;
  created_at: Generated<Date>;
  /** Links in mails, feeds and posters; null: PUBLIC_BASE_URL. */
  public_base_url: string | null;
}

/** How citizens reach the municipality (help page, privacy notice). */
export interface MunicipalityContact {
  phone?: string;
  email?: string;
  /** the nationwide authority number 115 answers for this municipality */
  serviceNumber115?: boolean;
  hours?: LocalizedText;
}

/** German text, with translations where the municipality has them. */
export type LocalizedText = { de: string } & Partial<Record<'en' | 'tr' | 'uk' | 'ar', string>>;

export interface LegalSection {
  heading: LocalizedText;
  paragraphs: LocalizedText[];
}

/** The municipality's own legal texts: sections of headings and paragraphs. */
export interface MunicipalityLegal {
  imprint?: LegalSection[];
  accessibility?: LegalSection[];
  /** the municipality's part of the privacy notice: controller, data protection officer, supervisory authority */
  privacy?: LegalSection[];
  /** marks texts the municipality has not yet approved */
  draft?: boolean;
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
  /** GeoJSON outline (migration 036); null where the data has none */
  outline: ColumnType<DistrictOutline | null, string | null | undefined, string | null>;
}

/** A district's outline as GeoJSON geometry: [longitude, latitude] positions, rings closed. */
export type DistrictOutline =
  { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

/** A site's access information in the portal's further languages (German: sites.accessibility). */
export type AccessibilityTranslations = Partial<Record<'en' | 'tr' | 'uk' | 'ar', string>>;

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
  /** migration 036 */
  accessibility_translations: ColumnType<AccessibilityTranslations, string | undefined, string>;
  placeholder: boolean;
  facts: string[];
  confidence: Confidence;
  sources: string[];
  /** migration 045: venue facts; only a usable site is a scenario's candidate (never a placeholder). */
  usable: Generated<boolean>;
  venue_owner: string | null;
  /** NULL: not known yet. */
  step_free: boolean | null;
  power_for_van: boolean | null;
  parking: boolean | null;
  kit_room: boolean | null;
  cost_per_day_eur: number | null;
  venue_note: string | null;
  venue_updated_at: Date | null;
}

export interface Fee {
  variant: string;
  labelDe: string;
  labelEn: string;
  eur: number;
}

export interface FeeExtra {
  /** the research wording (English) */
  item: string;
  /** for citizens, where a plain-language version exists */
  labelDe?: string;
  labelEn?: string;
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
  presence_reasons_en: string[];
  second_visit: string | null;
  typical_minutes: number;
  minutes_basis: string | null;
  fees: Json<Fee[]>;
  fee_extras: Json<FeeExtra[]>;
  fee_note: string | null;
  after_visit_de: string | null;
  after_visit_en: string | null;
  fee_valid_from: string | null;
  online_available: OnlineAvailability;
  online_note: string | null;
  online_url: string | null;
  documents: string[];
  documents_en: string[];
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

export interface UnitsTable {
  municipality_id: string;
  id: string;
  name: string;
  kind: 'van' | 'kit';
  counters: number;
  home_site_id: string | null;
  active: Generated<boolean>;
}

export interface UnitEquipmentTable {
  municipality_id: string;
  unit_id: string;
  equipment_kind_id: string;
}

export interface SchedulesTable {
  municipality_id: string;
  id: Generated<string>;
  unit_id: string;
  site_id: string;
  rule: Json<Record<string, unknown>>;
  status: Generated<'draft' | 'active' | 'paused' | 'ended'>;
  source: Generated<string>;
  skipped_dates: Generated<string[]>;
  created_at: Generated<Date>;
}

export type StopStatus = 'scheduled' | 'open' | 'closed' | 'cancelled';

export interface StopsTable {
  municipality_id: string;
  id: Generated<string>;
  unit_id: string;
  site_id: string;
  schedule_id: string | null;
  local_date: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  setup_minutes: number;
  teardown_minutes: number;
  occupied_from: Timestamp;
  occupied_until: Timestamp;
  counters: number;
  slot_minutes: Generated<number>;
  status: Generated<StopStatus>;
  cancel_reason: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Why the stop was opened without a signed-off checklist (migration 026). */
  opened_without_checklist_reason: string | null;
  opened_without_checklist_at: NullableTimestamp;
  /** Simulated activity of a demo database (migration 034). */
  demo: Generated<boolean>;
}

export type BookingRowStatus =
  | 'held'
  | 'confirmed'
  | 'checked_in'
  | 'called'
  | 'in_service'
  | 'parked'
  | 'finished'
  | 'no_show'
  | 'cancelled'
  | 'expired';

export interface BookingsTable {
  municipality_id: string;
  id: Generated<string>;
  stop_id: string;
  counter: number;
  starts_at: Timestamp;
  ends_at: Timestamp;
  duration_minutes: number;
  status: BookingRowStatus;
  code: string;
  token_hash: string;
  hold_expires_at: Timestamp | null;
  origin: Generated<'citizen' | 'waitlist' | 'staff'>;
  waitlist_request_id: string | null;
  name: string | null;
  email: string | null;
  email_key: string | null;
  phone: string | null;
  locale: Generated<Locale>;
  district_id: string | null;
  created_at: Generated<Date>;
  confirmed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  anonymised_at: Timestamp | null;
  /** Keyed hash of the client address that placed a citizen's hold (migration 007). */
  client_key: string | null;
  // The station day (migration 004).
  display_number: string | null;
  checked_in_at: Timestamp | null;
  called_at: Timestamp | null;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  counter_served: number | null;
  handed_over_to: number | null;
  outcome: ServiceOutcome | null;
  delivered: Json<DeliveredService[] | null>;
  // Visit feedback (migration 029).
  feedback_opt_out: Generated<boolean>;
  feedback_token_hash: string | null;
  feedback_invited_at: Timestamp | null;
}

export interface BookingServicesTable {
  municipality_id: string;
  booking_id: string;
  service_id: string;
  quantity: number;
  minutes_each: number;
}

export interface WaitlistRequestsTable {
  municipality_id: string;
  id: Generated<string>;
  services: Json<{ serviceId: string; quantity: number }[]>;
  district_ids: string[];
  site_ids: string[];
  date_from: string;
  date_to: string;
  status: Generated<'pending' | 'active' | 'offered' | 'booked' | 'expired' | 'cancelled'>;
  token_hash: string;
  name: string | null;
  email: string | null;
  email_key: string | null;
  locale: Generated<Locale>;
  excluded_stop_ids: Generated<string[]>;
  created_at: Generated<Date>;
  anonymised_at: Timestamp | null;
  confirmed_at: Timestamp | null;
  confirm_sent_at: Timestamp | null;
  /** Where the person comes from (optional, migration 025); kept after anonymisation. */
  origin_district_id: Generated<string | null>;
}

export interface SiteSubscriptionsTable {
  municipality_id: string;
  id: Generated<string>;
  site_id: string;
  email: string;
  email_key: string;
  locale: Generated<Locale>;
  token_hash: string;
  status: Generated<'pending' | 'active' | 'cancelled'>;
  created_at: Generated<Date>;
  confirm_sent_at: Timestamp | null;
}

export interface MailsTable {
  municipality_id: string;
  id: Generated<string>;
  purpose: string;
  to_address: string | null;
  subject: string;
  text_body: string;
  attachments: Json<unknown[]>;
  status: Generated<'pending' | 'sent' | 'failed' | 'purged'>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Generated<Date>;
  sent_at: Timestamp | null;
  /** When a failed send is tried again (null: at once). */
  next_attempt_at: Timestamp | null;
  failed_at: Timestamp | null;
  /** Keyed hash of the normalised recipient, for the daily cap. */
  recipient_key: string | null;
}

export interface MailSuppressionsTable {
  municipality_id: string;
  id: Generated<string>;
  purpose: string;
  recipient_key: string | null;
  reason: 'daily_cap';
  created_at: Generated<Date>;
}

export interface HashKeysTable {
  purpose: string;
  key: string;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  payload: Json<Record<string, unknown>>;
  run_at: Timestamp;
  status: Generated<'pending' | 'running' | 'done' | 'failed'>;
  attempts: Generated<number>;
  locked_until: Timestamp | null;
  last_error: string | null;
  unique_key: string | null;
  created_at: Generated<Date>;
  finished_at: Timestamp | null;
}

export interface CaptchaUsesTable {
  signature: string;
  expires_at: Timestamp;
}

/** Rate-limit counters shared across processes (migration 024); `key` is a keyed hash, never an address. */
export interface RateLimitCountersTable {
  key: string;
  hits: number;
  reset_at: Timestamp;
}

// --- The station day (tracker issue 4, migration 004) ---
export type ServiceOutcome = 'done' | 'follow_up' | 'referred';

export interface DeliveredService {
  serviceId: string;
  quantity: number;
}

export interface TicketService extends DeliveredService {
  minutesEach: number;
}

export type TicketRowStatus =
  'waiting' | 'called' | 'in_service' | 'finished' | 'no_show' | 'parked' | 'cancelled';

export interface TicketsTable {
  municipality_id: string;
  id: string;
  stop_id: string;
  display_number: string;
  status: Generated<TicketRowStatus>;
  origin: 'self' | 'staff';
  name: string | null;
  token_hash: string | null;
  locale: Generated<Locale>;
  services: Json<TicketService[]>;
  duration_minutes: number;
  counter: number | null;
  handed_over_to: number | null;
  created_at: Timestamp;
  recorded_at: Generated<Date>;
  called_at: Timestamp | null;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  outcome: ServiceOutcome | null;
  delivered: Json<DeliveredService[] | null>;
  anonymised_at: Timestamp | null;
  /** Keyed hash of the client address that drew the ticket (self-issued only). */
  client_key: string | null;
  /** Where the person comes from (optional, migration 025); kept after anonymisation. */
  origin_district_id: Generated<string | null>;
}

export type QueueEntryKind = 'appointment' | 'walk_in';

export type QueueEventType =
  | 'stop_opened'
  | 'stop_closed'
  | 'checked_in'
  | 'ticket_issued'
  | 'called'
  | 'recalled'
  | 'resumed'
  | 'service_started'
  | 'finished'
  | 'no_show'
  | 'cancelled'
  | 'parked'
  | 'handed_over';

export interface QueueEventsTable {
  id: Generated<number>;
  municipality_id: string;
  stop_id: string;
  entry_kind: QueueEntryKind | null;
  entry_id: string | null;
  type: QueueEventType;
  counter: number | null;
  at: Timestamp;
  recorded_at: Generated<Date>;
  actor: string;
  device_id: string | null;
  op_id: string | null;
}

export type StationOperationOutcome = 'applied' | 'conflict' | 'rejected';

export interface StationOperationsTable {
  op_id: string;
  municipality_id: string;
  stop_id: string;
  device_id: string;
  type: string;
  at: Timestamp;
  actor: string;
  received_at: Generated<Date>;
  outcome: StationOperationOutcome | null;
  reason: string | null;
  entry_kind: QueueEntryKind | null;
  entry_id: string | null;
}

export interface StopPostersTable {
  municipality_id: string;
  stop_id: string;
  token_hash: string;
  created_at: Generated<Date>;
}
// --- end station day ---

export interface Database {
  municipalities: MunicipalitiesTable;
  equipment_kinds: EquipmentKindsTable;
  districts: DistrictsTable;
  sites: SitesTable;
  services: ServicesTable;
  service_equipment: ServiceEquipmentTable;
  audit_events: AuditEventsTable;
  units: UnitsTable;
  unit_equipment: UnitEquipmentTable;
  schedules: SchedulesTable;
  stops: StopsTable;
  bookings: BookingsTable;
  booking_services: BookingServicesTable;
  waitlist_requests: WaitlistRequestsTable;
  site_subscriptions: SiteSubscriptionsTable;
  mails: MailsTable;
  jobs: JobsTable;
  captcha_uses: CaptchaUsesTable;
  rate_limit_counters: RateLimitCountersTable;
  tickets: TicketsTable;
  queue_events: QueueEventsTable;
  station_operations: StationOperationsTable;
  stop_posters: StopPostersTable;
  // Abuse hardening (migration 007).
  hash_keys: HashKeysTable;
  mail_suppressions: MailSuppressionsTable;
}

// Planning scenarios (migration 005_planning.sql). The JSON shapes are typed in src/server/commands/planning/scenarioTypes.ts.
export type PlanningScenarioStatus = 'draft' | 'queued' | 'running' | 'done' | 'failed';
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface PlanningScenariosTable {
  municipality_id: string;
  id: Generated<string>;
  name: string;
  inputs: Json<Record<string, unknown>>;
  status: Generated<PlanningScenarioStatus>;
  progress: Json<Record<string, unknown> | null>;
  result: Json<Record<string, unknown> | null>;
  error: Json<Record<string, unknown> | null>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  approved_at: NullableTimestamp;
  approved_by: string | null;
  approved_schedule_ids: Generated<string[]>;
  /** The scenario runner (one per server process) that queued or runs it; see `scenario_runners`. */
  runner_id: string | null;
}

export interface ScenarioRunnersTable {
  id: string;
  started_at: Generated<Date>;
  seen_at: Generated<Date>;
}

// Declaration merging: adds the table to Kysely's view without touching the interface above.
export interface Database {
  planning_scenarios: PlanningScenariosTable;
  scenario_runners: ScenarioRunnersTable;
}

// Departments, release of services and demand estimates (migration 010_departments.sql).
export interface ServicesTable {
  department_id: string | null;
  released: Generated<boolean>;
  efile_live: Generated<boolean>;
  efile_live_since: string | null;
  process_reviewed: Generated<boolean>;
  readiness_changed_at: NullableTimestamp;
}

export interface DepartmentsTable {
  municipality_id: string;
  id: string;
  name_de: string;
  name_en: string;
  note: string | null;
  confidence: Confidence;
  sources: string[];
}

export interface StaffUserDepartmentsTable {
  municipality_id: string;
  user_id: string;
  department_id: string;
}

export interface DemandEstimatesTable {
  municipality_id: string;
  id: Generated<string>;
  department_id: string;
  service_id: string;
  district_id: string;
  contacts_per_month: number;
  comment: string | null;
  submitted_by: string;
  submitted_at: Generated<Date>;
}

export interface StopChecklistItem {
  key: string;
  status: 'ok' | 'problem';
  note: string | null;
}

export interface StopChecklistsTable {
  municipality_id: string;
  stop_id: string;
  items: Json<StopChecklistItem[]>;
  problems: number;
  signed_off_by: string;
  signed_off_at: Generated<Date>;
}

export interface Database {
  stop_checklists: StopChecklistsTable;
  departments: DepartmentsTable;
  staff_user_departments: StaffUserDepartmentsTable;
  demand_estimates: DemandEstimatesTable;
}

// Equipment items (migration 011_equipment_items.sql).
export type EquipmentItemStatus = 'ok' | 'maintenance' | 'defective' | 'lost';

export interface EquipmentItemsTable {
  municipality_id: string;
  id: Generated<string>;
  equipment_kind_id: string;
  serial_number: string;
  status: Generated<EquipmentItemStatus>;
  maintenance_due: string | null;
  unit_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface Database {
  equipment_items: EquipmentItemsTable;
}

// Controlled items and their stock per unit (migration 027_controlled_stock.sql).
export type ControlledItemCountUnit = 'piece' | 'pad' | 'euro';
export type StockMovementKind = 'received' | 'issued' | 'returned' | 'written_off' | 'counted';

export interface ControlledItemKindsTable {
  municipality_id: string;
  id: string;
  name_de: string;
  name_en: string;
  count_unit: ControlledItemCountUnit;
  minimum_stock: number;
  serial_numbered: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface ControlledStockBalancesTable {
  municipality_id: string;
  unit_id: string;
  kind_id: string;
  quantity: Generated<number>;
  updated_at: Generated<Date>;
}

export interface ControlledStockMovementsTable {
  municipality_id: string;
  id: Generated<string>;
  unit_id: string;
  kind_id: string;
  movement: StockMovementKind;
  quantity_change: number;
  balance_after: number;
  reason: string | null;
  stop_id: string | null;
  serial_first: number | null;
  serial_last: number | null;
  actor: string;
  recorded_at: Generated<Date>;
}

export interface Database {
  controlled_item_kinds: ControlledItemKindsTable;
  controlled_stock_balances: ControlledStockBalancesTable;
  controlled_stock_movements: ControlledStockMovementsTable;
}

// Staff roster (migration 019_staff_roster.sql).
export interface StaffMembersTable {
  municipality_id: string;
  id: Generated<string>;
  name: string;
  staff_user_id: string | null;
  share_percent: number;
  mobile_working_days: Generated<number[]>;
  preferred_district_ids: Generated<string[]>;
  earliest_start: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface StaffMemberQualificationsTable {
  municipality_id: string;
  staff_member_id: string;
  service_id: string;
}

export interface StaffMemberLeaveTable {
  municipality_id: string;
  id: Generated<string>;
  staff_member_id: string;
  first_day: string;
  last_day: string;
}

export type RosterAssignmentSource = 'proposal' | 'override';

export interface RosterAssignmentsTable {
  municipality_id: string;
  stop_id: string;
  staff_member_id: string;
  source: RosterAssignmentSource;
  assigned_at: Generated<Date>;
}

export interface Database {
  staff_members: StaffMembersTable;
  staff_member_qualifications: StaffMemberQualificationsTable;
  staff_member_leave: StaffMemberLeaveTable;
  roster_assignments: RosterAssignmentsTable;
}

// Visit feedback (migration 029): answers without any link to the person or the visit.
export type WouldUseAgain = 'yes' | 'no' | 'unsure';
export type TimeCompared = 'saved_much' | 'saved_some' | 'same' | 'more' | 'unsure';
export type TravelMode = 'foot' | 'bike' | 'bus' | 'car' | 'other';

export interface VisitFeedbackTable {
  id: Generated<string>;
  municipality_id: string;
  stop_id: string;
  channel: 'booked' | 'walk_in';
  satisfaction: number;
  would_use_again: WouldUseAgain;
  time_compared: TimeCompared | null;
  travel_mode: TravelMode | null;
}

/** The used-flag of a visit's survey: the hash of its token, nothing else. */
export interface VisitFeedbackUsesTable {
  visit_key: string;
}

export interface FeedbackOptOutsTable {
  municipality_id: string;
  recipient_key: string;
}

// "Why not online" (migration 030).
export type InPersonReason = 'did_not_know' | 'no_eid' | 'needs_help' | 'legal_presence' | 'other';

export interface InPersonReasonsTable {
  municipality_id: string;
  stop_id: string;
  entry_kind: QueueEntryKind;
  entry_id: string;
  service_id: string;
  reason: InPersonReason;
  recorded_at: Generated<Date>;
}

export interface Database {
  visit_feedback: VisitFeedbackTable;
  visit_feedback_uses: VisitFeedbackUsesTable;
  feedback_opt_outs: FeedbackOptOutsTable;
  in_person_reasons: InPersonReasonsTable;
}

// The evaluation's cost assumptions (migration 031_evaluation_assumptions.sql).
export interface EvaluationAssumptionsTable {
  municipality_id: string;
  staff_hour_rate_eur: number;
  unit_day_cost_eur: number;
  travel_cost_per_stop_eur: number;
  note: string | null;
  updated_by: string;
  updated_at: Generated<Date>;
}

export interface Database {
  evaluation_assumptions: EvaluationAssumptionsTable;
}

// Demo data of a fresh embedded development database (migration 034_demo_data.sql).
export interface DemoDatasetsTable {
  municipality_id: string;
  kind: 'simulated_activity';
  seed: number;
  period_from: string;
  period_to: string;
  stops: number;
  visits: number;
  created_at: Generated<Date>;
}

export interface Database {
  demo_datasets: DemoDatasetsTable;
}

// The evaluation's read model (migration 035_stop_visit_digests.sql).
export interface StopVisitVersionsTable {
  stop_id: string;
  version: string;
}

export interface StopVisitDigestsTable {
  municipality_id: string;
  stop_id: string;
  version: string | number;
  visits: Json<unknown[]>;
  feedback: Json<unknown[]>;
  built_at: Generated<Date>;
}

export interface Database {
  stop_visit_versions: StopVisitVersionsTable;
  stop_visit_digests: StopVisitDigestsTable;
}

// Each stop's occupancy for the availability read model, kept by triggers (migration 042_stop_occupancy.sql):
// [start epoch ms, duration minutes, hold expiry epoch ms or null] per row that occupies a counter.
export type OccupancySpan = [number, number, number | null];

export interface StopOccupancyTable {
  stop_id: string;
  spans: OccupancySpan[];
}

export interface Database {
  stop_occupancy: StopOccupancyTable;
}

// The town hall's daily counts per service and their imports (migration 033_town_hall_counts.sql).
export interface TownHallImportsTable {
  municipality_id: string;
  id: Generated<string>;
  file_name: string;
  actor: string;
  imported_at: Generated<Date>;
  row_count: number;
  day_count: number;
  first_day: string;
  last_day: string;
  replaced_rows: number;
}

export interface TownHallCountsTable {
  municipality_id: string;
  day: string;
  service_id: string;
  count: number;
  import_id: string;
}

export interface Database {
  town_hall_imports: TownHallImportsTable;
  town_hall_counts: TownHallCountsTable;
}

// Test phases of the evaluation (migration 032_test_phases.sql).
export type TestPhaseKpiKey =
  | 'utilisation'
  | 'cost_per_contact'
  | 'satisfaction'
  | 'would_use_again_share'
  | 'outside_district_share'
  | 'contacts_per_stop'
  | 'wait_p90'
  | 'no_show_rate';

export interface TestPhasesTable {
  municipality_id: string;
  id: Generated<string>;
  name: string;
  start_date: string;
  end_date: string;
  created_by: string;
  created_at: Generated<Date>;
}

export interface TestPhaseSitesTable {
  municipality_id: string;
  test_phase_id: string;
  site_id: string;
}

export interface TestPhaseUnitsTable {
  municipality_id: string;
  test_phase_id: string;
  unit_id: string;
}

export interface TestPhaseTargetsTable {
  municipality_id: string;
  test_phase_id: string;
  position: number;
  kpi: TestPhaseKpiKey;
  comparator: 'at_least' | 'at_most';
  target: number;
  district_id: string | null;
}

export interface Database {
  test_phases: TestPhasesTable;
  test_phase_sites: TestPhaseSitesTable;
  test_phase_units: TestPhaseUnitsTable;
  test_phase_targets: TestPhaseTargetsTable;
}

// Cases, processes, tasks and e-file hand-offs (migration 037_cases_and_processes.sql).
export type CaseStatus =
  'open' | 'in_progress' | 'waiting' | 'handing_off' | 'handed_off' | 'closed' | 'cancelled';
export type CaseChannel = 'online' | 'stop' | 'back_office';
export type CaseEventKind =
  | 'created'
  | 'booked'
  | 'visited'
  | 'step_started'
  | 'step_completed'
  | 'document_added'
  | 'task_created'
  | 'task_completed'
  | 'hand_off_queued'
  | 'handed_off'
  | 'hand_off_confirmed'
  | 'hand_off_failed'
  | 'closed'
  | 'cancelled';
export type CaseEventChannel = 'online' | 'stop' | 'back_office' | 'department' | 'town_hall' | 'system';

export interface ProcessDefinitionsTable {
  municipality_id: string;
  id: Generated<string>;
  service_id: string;
  version: number;
  name: string;
  source: 'bpmn' | 'form' | 'seed';
  /** ProcessStep[] (src/domain/caseProcess.ts), as JSON text on insert. */
  steps: ColumnType<unknown, string, string>;
  efile_message: 'record' | 'hand_over';
  bpmn_xml: string | null;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface CaseNumberCountersTable {
  municipality_id: string;
  year: number;
  last_number: number;
}

export interface CasesTable {
  municipality_id: string;
  id: Generated<string>;
  number: string;
  service_id: string;
  department_id: string | null;
  process_definition_id: string;
  status: Generated<CaseStatus>;
  current_step_key: string | null;
  channel: CaseChannel;
  booking_id: string | null;
  ticket_id: string | null;
  citizen_name: string | null;
  citizen_email: string | null;
  citizen_phone: string | null;
  anonymised_at: Date | null;
  demo: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  closed_at: Date | null;
}

export interface CaseEventsTable {
  municipality_id: string;
  id: GeneratedAlways<string>;
  case_id: string;
  at: Generated<Date>;
  kind: CaseEventKind;
  step_key: string | null;
  channel: CaseEventChannel | null;
  actor: string;
  data: ColumnType<unknown, string | undefined, string>;
}

export interface TasksTable {
  municipality_id: string;
  id: Generated<string>;
  case_id: string;
  step_key: string;
  department_id: string | null;
  assignee_id: string | null;
  status: Generated<'open' | 'in_progress' | 'done' | 'cancelled'>;
  due_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  completed_at: Date | null;
  completed_by: string | null;
}

export interface EfileHandOffsTable {
  municipality_id: string;
  id: Generated<string>;
  case_id: string;
  message: 'record' | 'file' | 'hand_over';
  status: Generated<'queued' | 'written' | 'confirmed' | 'rejected' | 'failed'>;
  file_name: string | null;
  attempts: Generated<number>;
  last_error: string | null;
  queued_at: Generated<Date>;
  written_at: Date | null;
  confirmed_at: Date | null;
  /** The DMS's id of the record (0630), migration 041. */
  dms_record_id: string | null;
  dms_location: string | null;
  /** Documents the message carried. */
  documents: Generated<number>;
}

export interface Database {
  process_definitions: ProcessDefinitionsTable;
  case_number_counters: CaseNumberCountersTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  tasks: TasksTable;
  efile_hand_offs: EfileHandOffsTable;
}

// Documents captured for a case, encrypted at rest (migration 038_documents.sql).
export type DocumentMediaType = 'application/pdf' | 'image/jpeg' | 'image/png';

export interface ServicesTable {
  /** Days a captured document is kept; null: DOCUMENT_RETENTION_DAYS. */
  document_retention_days: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface DocumentsTable {
  municipality_id: string;
  id: string;
  owner_kind: string;
  owner_id: string;
  service_id: string;
  /** Null once deleted (a tombstone), like every column holding content. */
  file_name: string | null;
  media_type: DocumentMediaType;
  size_bytes: number;
  sha256: Buffer | null;
  key_id: string | null;
  iv: Buffer | null;
  auth_tag: Buffer | null;
  ciphertext: Buffer | null;
  captured_at: Generated<Date>;
  captured_by: string;
  retain_until: Timestamp;
  client_upload_id: string | null;
  deleted_at: NullableTimestamp;
}

export interface Database {
  documents: DocumentsTable;
}

// Webhooks for specialist procedures and their deliveries (migration 039_webhooks.sql).
export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface WebhooksTable {
  municipality_id: string;
  id: Generated<string>;
  department_id: string | null;
  service_id: string | null;
  url: string;
  secret_encrypted: string;
  event_types: string[];
  description: string | null;
  active: Generated<boolean>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface WebhookDeliveriesTable {
  municipality_id: string;
  id: Generated<string>;
  webhook_id: string;
  event_id: string;
  event_type: string;
  payload: Json<Record<string, unknown>>;
  status: Generated<WebhookDeliveryStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  last_status_code: number | null;
  next_attempt_at: NullableTimestamp;
  delivered_at: NullableTimestamp;
  created_at: Generated<Date>;
}

export interface Database {
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

// The version of each municipality's service offer, set anew on every change to what the offer is computed
// from (migration 043_service_offer_versions.sql); the per-process offer cache compares it.
export interface ServiceOfferVersionsTable {
  municipality_id: string;
  version: string;
}

// Home visits (migration 046_home_visits.sql).
export type HomeVisitStatus = 'requested' | 'accepted' | 'declined' | 'planned' | 'done' | 'cancelled';
export type HomeVisitFor = 'self' | 'relative' | 'care_home';

export interface HomeVisitAvailability {
  date: string;
  from: string;
  until: string;
}

export interface HomeVisitsTable {
  municipality_id: string;
  id: Generated<string>;
  status: Generated<HomeVisitStatus>;
  visit_for: HomeVisitFor;
  service_ids: string[];
  district_id: string;
  availability: Json<HomeVisitAvailability[]>;
  requester_name: string | null;
  requester_email: string | null;
  locale: Generated<string>;
  consent_text: string | null;
  consent_at: Date | string | null;
  sealed_key_id: string | null;
  sealed_iv: Buffer | null;
  sealed_auth_tag: Buffer | null;
  sealed_data: Buffer | null;
  decision_reason: string | null;
  decision_channel: 'email' | 'letter' | null;
  decided_at: Date | string | null;
  decided_by: string | null;
  service_minutes: number | null;
  day_id: string | null;
  route_position: number | null;
  window_start: Date | string | null;
  window_end: Date | string | null;
  verification_code_hash: string | null;
  created_at: Generated<Date>;
  anonymised_at: Date | string | null;
}

export interface HomeVisitDaysTable {
  municipality_id: string;
  id: Generated<string>;
  visit_date: string;
  unit_id: string;
  staff_member_ids: string[];
  day_start: string;
  day_end: string;
  route: Json<Record<string, unknown>>;
  created_by: string | null;
  created_at: Generated<Date>;
}

// Demand layers of the needs analysis (migration 048_demand_layers.sql).
export type DemandLayerKind = 'grid' | 'points';

export interface DemandLayersTable {
  municipality_id: string;
  id: Generated<string>;
  kind: DemandLayerKind;
  name: string;
  file_name: string;
  source: string;
  source_date: string | null;
  licence: string;
  cell_size_m: number | null;
  clip: 'outline' | 'box' | null;
  point_count: number;
  rows_read: number;
  rows_outside: Generated<number>;
  weight_total: number;
  residents_65plus_total: number | null;
  imported_by: string;
  imported_at: Generated<Date>;
}

export interface DemandLayerPointsTable {
  layer_id: string;
  seq: number;
  lat: number;
  lon: number;
  weight: number;
  residents_65plus: number | null;
  label: string | null;
  category: string | null;
}

export interface Database {
  service_offer_versions: ServiceOfferVersionsTable;
  home_visits: HomeVisitsTable;
  home_visit_days: HomeVisitDaysTable;
  demand_layers: DemandLayersTable;
  demand_layer_points: DemandLayerPointsTable;
}

// Participation (migration 050_participation.sql): suggestions, supports, comments, reports, moderation.
export type ContentStatus = 'pending' | 'published' | 'rejected' | 'hidden';
export type SuggestionAnswer = 'planned' | 'not_planned' | 'done';
export type ParticipationLocale = 'de' | 'en' | 'tr' | 'uk' | 'ar';

export interface SuggestionsTable {
  municipality_id: string;
  id: Generated<string>;
  site_id: string | null;
  lat: number | null;
  lon: number | null;
  district_id: string | null;
  reason: string;
  service_ids: Generated<string[]>;
  status: Generated<ContentStatus>;
  email: string | null;
  email_hash: string | null;
  locale: Generated<ParticipationLocale>;
  confirm_token_hash: string | null;
  confirmed_at: Date | string | null;
  answer: SuggestionAnswer | null;
  answer_reason: string | null;
  answered_at: Date | string | null;
  answered_by: string | null;
  published_at: Date | string | null;
  created_at: Generated<Date>;
  anonymised_at: Date | string | null;
}

export interface SuggestionSupportsTable {
  municipality_id: string;
  id: Generated<string>;
  suggestion_id: string;
  email_hash: string;
  token_hash: string;
  status: Generated<'pending' | 'confirmed' | 'withdrawn'>;
  created_at: Generated<Date>;
  confirmed_at: Date | string | null;
  withdrawn_at: Date | string | null;
}

export interface CommentsTable {
  municipality_id: string;
  id: Generated<string>;
  target_type: 'project' | 'suggestion';
  suggestion_id: string | null;
  reply_to: string | null;
  body: string;
  status: Generated<ContentStatus>;
  official: Generated<boolean>;
  staff_user_id: string | null;
  email: string | null;
  email_hash: string | null;
  locale: Generated<ParticipationLocale>;
  confirm_token_hash: string | null;
  confirmed_at: Date | string | null;
  post_moderated: Generated<boolean>;
  published_at: Date | string | null;
  created_at: Generated<Date>;
  anonymised_at: Date | string | null;
}

export type ReportReason = 'spam' | 'offensive' | 'personal_data' | 'off_topic' | 'other';

export interface CommentReportsTable {
  municipality_id: string;
  id: Generated<string>;
  comment_id: string;
  reason: ReportReason;
  note: string | null;
  client_key: string;
  created_at: Generated<Date>;
  resolved_at: Date | string | null;
}

export type ModerationReasonCode =
  'fits_rules' | 'spam' | 'offensive' | 'personal_data' | 'off_topic' | 'duplicate' | 'other';

export interface ModerationDecisionsTable {
  municipality_id: string;
  id: Generated<string>;
  content_type: 'suggestion' | 'comment';
  content_id: string;
  decision: 'publish' | 'reject' | 'hide';
  reason_code: ModerationReasonCode;
  decided_by: string;
  decided_at: Generated<Date>;
}

export interface Database {
  suggestions: SuggestionsTable;
  suggestion_supports: SuggestionSupportsTable;
  comments: CommentsTable;
  comment_reports: CommentReportsTable;
  moderation_decisions: ModerationDecisionsTable;
}

// Public transport timetables (migration 049_gtfs_feeds.sql). `feed` is src/planning/gtfs.ts' GtfsFeed.
export interface GtfsFeedsTable {
  municipality_id: string;
  id: Generated<string>;
  name: string;
  file_name: string;
  uploaded_at: Generated<Date>;
  uploaded_by: string;
  valid_from: string;
  valid_to: string;
  stop_count: number;
  route_count: number;
  trip_count: number;
  stop_time_count: number;
  feed: Json<Record<string, unknown>>;
}

export interface Database {
  gtfs_feeds: GtfsFeedsTable;
}
