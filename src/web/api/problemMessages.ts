import type { DomainErrorCode } from '../../contracts/problem.ts';
import { ApiProblem } from './client.ts';

// The staff apps (station, planner) show a server error by its code: each code has the message key
// `problems.<code>` in both apps' message files (de, en; test/architecture/staffProblemMessages.test.ts checks
// them against src/domain/errors.ts), and any other error shows `problems.generic`. Never the English `detail`.

/** Codes besides the domain's: the client's own when the network failed, the server's own failure. */
type ClientCode = 'network_error' | 'internal';

/** The codes with a message of their own; the type makes a new domain code fail the build until it has one. */
export const problemCodesWithMessages: Readonly<Record<DomainErrorCode | ClientCode, true>> = {
  network_error: true,
  internal: true,
  invalid_date: true,
  invalid_time: true,
  invalid_instant: true,
  invalid_email: true,
  invalid_character: true,
  invalid_name: true,
  validation: true,
  captcha_invalid: true,
  not_signed_in: true,
  sign_in_failed: true,
  csrf_token_invalid: true,
  password_change_required: true,
  poster_token_invalid: true,
  role_not_allowed: true,
  wrong_municipality: true,
  oidc_sign_in_refused: true,
  invalid_range: true,
  invalid_quantity: true,
  invalid_duration: true,
  invalid_granularity: true,
  invalid_counters: true,
  invalid_recurrence: true,
  invalid_travel_time: true,
  no_services: true,
  duplicate_service: true,
  unknown_service: true,
  unknown_department: true,
  department_scope: true,
  departments_only_for_leads: true,
  unknown_equipment_kind: true,
  item_on_other_unit: true,
  reason_required: true,
  duration_too_long: true,
  horizon_too_long: true,
  stop_in_past: true,
  password_too_short: true,
  email_needs_smtputf8: true,
  invalid_scenario: true,
  no_timetable: true,
  password_unchanged: true,
  wrong_password: true,
  service_not_of_department: true,
  unknown_district: true,
  efile_since_without_live: true,
  service_without_department: true,
  unknown_unit: true,
  unit_exists: true,
  unknown_site: true,
  stop_conflict: true,
  slot_full: true,
  slot_unavailable: true,
  illegal_transition: true,
  counter_closed: true,
  account_without_password: true,
  account_inactive: true,
  reset_link_invalid: true,
  sign_in_throttled: true,
  booking_limit: true,
  hold_limit_reached: true,
  hold_share_reached: true,
  ticket_already_active: true,
  ticket_limit_reached: true,
  poster_token_expired: true,
  link_expired: true,
  request_gone: true,
  not_found: true,
  database_unavailable: true,
  booking_not_cancellable: true,
  booking_not_movable: true,
  booking_started: true,
  email_taken: true,
  last_admin: true,
  no_password: true,
  password_changed_meanwhile: true,
  scenario_approved: true,
  scenario_not_done: true,
  scenario_running: true,
  schedule_not_draft: true,
  stop_closed: true,
  stop_has_bookings: true,
  stop_not_changeable: true,
  stop_not_open: true,
  booking_not_found: true,
  oidc_not_configured: true,
  subscription_not_found: true,
  ticket_not_found: true,
  waitlist_request_not_found: true,
  booking_gone: true,
  hold_expired: true,
  account_locked: true,
  oidc_unavailable: true,
  no_municipality: true,
  shutting_down: true,
  unknown_staff_member: true,
  unknown_staff_user: true,
  staff_user_taken: true,
  leave_overlap: true,
  roster_missing_qualification: true,
  roster_understaffed: true,
  roster_unsolved: true,
  crew_too_small: true,
  missing_qualification: true,
  staff_unavailable: true,
  staff_busy: true,
  staff_over_share: true,
};

/** The message key for what a call threw: `problems.<code>` for a known code, else `problems.generic`. */
export function problemMessageKey(error: unknown): string {
  if (!(error instanceof ApiProblem)) return 'problems.generic';
  const code = error.status === 0 ? 'network_error' : error.code;
  return code !== undefined && Object.hasOwn(problemCodesWithMessages, code)
    ? `problems.${code}`
    : 'problems.generic';
}

/** The text for what a call threw, in the page's language. */
export const problemText = (t: (key: string) => string, error: unknown): string =>
  t(problemMessageKey(error));
