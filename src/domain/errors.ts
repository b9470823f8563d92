/**
 * The one error vocabulary: domain rules and server commands throw `DomainError`. The server turns it into
 * RFC 9457 problem+json (src/server/problem.ts, the only mapper) with `code` in the body; the UI translates
 * by `code`, so `message` is a technical, language-neutral description for logs and developers, not text
 * shown to citizens. Codes are snake_case; the problem `type` URI carries the same code in kebab-case.
 */

export type DomainErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 423 | 429 | 502 | 503;

/** Stable error codes with the HTTP status each maps to. Never rename a code: clients switch on it. */
export const domainErrorStatusByCode = {
  // Malformed input (syntax).
  invalid_date: 400,
  invalid_time: 400,
  invalid_instant: 400,
  invalid_email: 400,
  // A NUL character (U+0000) in a string: PostgreSQL cannot store it.
  invalid_character: 400,
  invalid_name: 400,
  validation: 400,
  captcha_invalid: 400,
  // Who is asking (401) and whether they may (403).
  not_signed_in: 401,
  sign_in_failed: 401,
  csrf_token_invalid: 403,
  password_change_required: 403,
  poster_token_invalid: 403,
  role_not_allowed: 403,
  wrong_municipality: 403,
  oidc_sign_in_refused: 403,
  // A station tablet an admin reported lost: refused until reinstated, and it wipes its data.
  device_lost: 403,
  // Well-formed but semantically invalid input.
  invalid_range: 422,
  invalid_quantity: 422,
  invalid_duration: 422,
  invalid_granularity: 422,
  invalid_counters: 422,
  invalid_recurrence: 422,
  invalid_travel_time: 422,
  no_services: 422,
  duplicate_service: 422,
  unknown_service: 422,
  unknown_department: 422,
  department_scope: 403,
  departments_only_for_leads: 422,
  unknown_equipment_kind: 422,
  item_on_other_unit: 409,
  // Controlled items (secure blank forms, the cash float) and their stock per unit.
  unknown_controlled_item_kind: 422,
  controlled_item_kind_exists: 409,
  stock_insufficient: 409,
  invalid_serial_range: 422,
  unknown_stop: 422,
  reason_required: 422,
  duration_too_long: 422,
  horizon_too_long: 422,
  stop_in_past: 422,
  schedule_end_in_past: 422,
  checklist_incomplete: 422,
  // Cases: the step sent is not the case's current one; the role may not act on this step; the assignee is
  // not a member of the task's department.
  step_not_current: 409,
  step_not_for_role: 403,
  assignee_not_in_department: 422,
  checklist_not_signed_off: 422,
  password_too_short: 422,
  // The mail server cannot deliver to a non-ASCII local part (no SMTPUTF8).
  email_needs_smtputf8: 422,
  invalid_scenario: 422,
  no_timetable: 422,
  password_unchanged: 422,
  wrong_password: 422,
  service_not_of_department: 422,
  unknown_district: 422,
  efile_since_without_live: 422,
  service_without_department: 409,
  unknown_unit: 422,
  unit_exists: 409,
  unknown_site: 422,
  // Venues (migration 045): a district reference point is never a venue; opening hours must close after opening.
  placeholder_not_a_venue: 422,
  invalid_opening_hours: 422,
  // An import file with wrong rows (file:row:field in `details.issues`): nothing was imported.
  import_invalid: 422,
  // Test phases: a KPI target outside its range, or a second target for the same KPI.
  invalid_kpi_target: 422,
  duplicate_kpi: 422,
  // Process definitions (issue 11): a BPMN file that cannot be read as a linear process (every problem in
  // `details.issues`: code, BPMN element id, step field), or steps that break the rules of caseProcess.ts.
  bpmn_invalid: 422,
  invalid_process_steps: 422,
  // Staff roster: staff members, their leave, the proposal and a planner's override.
  unknown_staff_member: 422,
  unknown_staff_user: 422,
  staff_user_taken: 409,
  leave_overlap: 422,
  roster_missing_qualification: 422,
  roster_understaffed: 422,
  roster_unsolved: 503,
  crew_too_small: 422,
  missing_qualification: 422,
  staff_unavailable: 422,
  staff_busy: 409,
  staff_over_share: 422,
  // Home visits (issue 15): a day whose windows allow no order, or too many visits for the exact order.
  route_infeasible: 422,
  route_too_large: 422,
  consent_required: 422,
  outside_municipality: 422,
  home_visit_not_open: 409,
  // Participation (issue 15): a second support by the same e-mail, a comment over the length limit, a link
  // for a support or a comment that matches nothing, a support before its e-mail is confirmed.
  already_supported: 409,
  comment_too_long: 422,
  participation_link_invalid: 404,
  email_not_confirmed: 409,
  suggestion_not_open: 409,
  comment_already_reported: 409,
  // A home visit's verification code that is wrong, unknown or no longer valid: nothing else is said.
  visit_code_invalid: 404,
  // Documents (issue 11): a file that is not what its name says, too large, empty, or a name that is not a name.
  invalid_file_name: 422,
  document_empty: 422,
  document_type_not_allowed: 422,
  document_type_mismatch: 422,
  document_too_large: 413,
  // An offline upload id sent again with a different file.
  client_upload_id_reused: 409,
  // A document deleted after its retention period.
  document_deleted: 410,
  // Webhooks to specialist procedures: an endpoint that is not https (or localhost outside production), an
  // event type outside the catalogue, a delivery that is not dead and so cannot be sent again.
  invalid_webhook_url: 422,
  unknown_event_type: 422,
  delivery_not_dead: 409,
  // State conflicts.
  stop_conflict: 409,
  slot_full: 409,
  slot_unavailable: 409,
  illegal_transition: 409,
  counter_closed: 409,
  account_without_password: 409,
  account_inactive: 409,
  // A one-time link that was used, replaced or has run out.
  reset_link_invalid: 410,
  // Too many failed sign-ins: wait before the next attempt.
  sign_in_throttled: 429,
  // Limits against abuse (per person, per client address, per stop).
  booking_limit: 409,
  hold_limit_reached: 429,
  hold_share_reached: 409,
  ticket_already_active: 409,
  ticket_limit_reached: 429,
  poster_token_expired: 410,
  // Links whose time has run out or whose request is over.
  link_expired: 410,
  request_gone: 410,
  // Missing things.
  not_found: 404,
  // Temporarily unable to serve (the database cannot be reached); the request may be repeated.
  database_unavailable: 503,
  booking_not_cancellable: 409,
  booking_not_movable: 409,
  booking_started: 409,
  email_taken: 409,
  last_admin: 409,
  no_password: 409,
  password_changed_meanwhile: 409,
  scenario_approved: 409,
  scenario_not_done: 409,
  scenario_running: 409,
  schedule_not_draft: 409,
  schedule_ended: 409,
  stop_closed: 409,
  stop_has_bookings: 409,
  stop_not_changeable: 409,
  stop_not_open: 409,
  feedback_already_given: 409,
  feedback_not_open: 409,
  // Missing things, and things that are gone for good.
  booking_not_found: 404,
  oidc_not_configured: 404,
  subscription_not_found: 404,
  ticket_not_found: 404,
  feedback_link_invalid: 404,
  waitlist_request_not_found: 404,
  booking_gone: 410,
  hold_expired: 410,
  // Locked for a while.
  account_locked: 423,
  // The service cannot answer now.
  oidc_unavailable: 502,
  no_municipality: 503,
  shutting_down: 503,
} as const satisfies Record<string, DomainErrorStatus>;

export type DomainErrorCode = keyof typeof domainErrorStatusByCode;

export interface DomainErrorOptions {
  /** The input field the error concerns (JSON pointer-ish name such as `services[0].quantity`). */
  field?: string;
  message?: string;
  /** Extra machine-readable facts (e.g. the conflicts found). Must be JSON-serialisable. */
  details?: Readonly<Record<string, unknown>>;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: DomainErrorCode;
  readonly status: DomainErrorStatus;
  readonly field: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: DomainErrorCode, options: DomainErrorOptions = {}) {
    super(options.message ?? code.replaceAll('_', ' '));
    this.code = code;
    this.status = domainErrorStatusByCode[code];
    this.field = options.field;
    this.details = options.details;
  }
}

export function isDomainError(value: unknown, code?: DomainErrorCode): value is DomainError {
  return value instanceof DomainError && (code === undefined || value.code === code);
}
