/**
 * Errors raised by domain rules. The server turns them into RFC 9457 problem+json responses
 * (`toProblemDetails`); the UI translates by `code`, so `message` is a technical, language-neutral
 * description for logs and developers, not text shown to citizens.
 */

export type DomainErrorStatus = 400 | 403 | 404 | 409 | 410 | 422 | 429 | 503;

/** Stable error codes with the HTTP status each maps to. Never rename a code: clients switch on it. */
export const domainErrorStatusByCode = {
  // Malformed input (syntax).
  invalid_date: 400,
  invalid_time: 400,
  invalid_instant: 400,
  invalid_email: 400,
  // A NUL character (U+0000) in a string: PostgreSQL cannot store it.
  invalid_character: 400,
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
  department_scope: 422,
  unknown_equipment_kind: 422,
  item_on_other_unit: 409,
  reason_required: 422,
  duration_too_long: 422,
  horizon_too_long: 422,
  stop_in_past: 422,
  password_too_short: 422,
  // The mail server cannot deliver to a non-ASCII local part (no SMTPUTF8).
  email_needs_smtputf8: 422,
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
  poster_token_invalid: 403,
  poster_token_expired: 410,
  // Links whose time has run out or whose request is over.
  link_expired: 410,
  request_gone: 410,
  // Missing things.
  not_found: 404,
  // Temporarily unable to serve (the database cannot be reached); the request may be repeated.
  database_unavailable: 503,
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

/** RFC 9457 problem details; `type` is a relative URI reference resolved against the API base. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: DomainErrorStatus;
  detail: string;
  code: DomainErrorCode;
  errors?: { field: string; code: DomainErrorCode; detail: string }[];
  details?: Readonly<Record<string, unknown>>;
}

export function toProblemDetails(error: DomainError): ProblemDetails {
  const problem: ProblemDetails = {
    type: `/problems/${error.code.replaceAll('_', '-')}`,
    title: error.code.replaceAll('_', ' '),
    status: error.status,
    detail: error.message,
    code: error.code,
  };
  if (error.field !== undefined) {
    problem.errors = [{ field: error.field, code: error.code, detail: error.message }];
  }
  if (error.details !== undefined) problem.details = error.details;
  return problem;
}
