import type {
  ApprovedSchedule,
  Scenario,
  ScenarioInputs,
  ScenarioRequest,
  ScenarioResultView,
} from '../../contracts/planning.ts';

export type { ApprovedSchedule, Scenario, ScenarioInputs, ScenarioRequest, ScenarioResultView };

export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  field?: string;
  errors?: { field: string; message: string }[];
}

export interface StaffSession {
  user: { id: string; name: string; email: string; role: 'admin' | 'planner' | 'clerk' };
  csrfToken: string;
}

export interface MunicipalityInfo {
  name: string;
  center: { lat: number; lon: number } | null;
  map: { tileUrl: string | null; attribution: string | null };
}

/** One row of the append-only audit trail (`GET /api/v1/staff/audit`). */
export interface AuditEvent {
  id: number;
  occurredAt: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  details: Record<string, unknown>;
}

/** The filters of `searchAuditEvents`: exact matches, `from` inclusive and `to` exclusive (ISO instants). */
export interface AuditSearch {
  subjectType?: string;
  subjectId?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: number;
}

export interface AuditPage {
  items: AuditEvent[];
  nextCursor: number | null;
}

const auditSearchKeys = [
  'subjectType',
  'subjectId',
  'actor',
  'action',
  'from',
  'to',
  'limit',
  'cursor',
] as const;

/** `?subjectType=…&…` with the given filters, blank ones left out (the API refuses empty strings). */
export function auditQueryString(search: AuditSearch): string {
  const params = new URLSearchParams();
  for (const key of auditSearchKeys) {
    const value = search[key];
    if (value === undefined) continue;
    const text = String(value).trim();
    if (text) params.set(key, text);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** A mail that failed after all attempts (`GET /api/v1/staff/mails/failed`): no recipient, subject or text. */
export interface FailedMail {
  id: string;
  purpose: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  failedAt: string | null;
}

export class PlanningApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

let csrfToken = '';
export const setCsrfToken = (token: string) => {
  csrfToken = token;
};

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' ? { 'x-csrf-token': csrfToken } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new PlanningApiError({
      status: 0,
      title: 'Network error',
      detail: 'The server cannot be reached.',
    });
  }
  const text = await response.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) throw new PlanningApiError({ ...(data as Problem), status: response.status });
  return data as T;
}

const scenarios = '/api/v1/staff/planning/scenarios';

export const planningApi = {
  session: () => request<StaffSession>('GET', '/api/v1/staff/session'),
  signIn: (email: string, password: string) =>
    request<StaffSession>('POST', '/api/v1/staff/session', { email, password }),
  signOut: () => request<void>('DELETE', '/api/v1/staff/session'),
  /** Sets a new password with the token of a one-time reset link (public: no session needed). */
  resetPassword: (token: string, newPassword: string) =>
    request<void>('POST', '/api/v1/staff/password-reset', { token, newPassword }),
  municipality: () => request<MunicipalityInfo>('GET', '/api/v1/municipality'),
  listScenarios: () => request<{ items: Scenario[] }>('GET', scenarios),
  getScenario: (id: string) => request<Scenario>('GET', `${scenarios}/${id}`),
  createScenario: (body: Record<string, unknown>) => request<Scenario>('POST', scenarios, body),
  deleteScenario: (id: string) => request<void>('DELETE', `${scenarios}/${id}`),
  runScenario: (id: string) => request<Scenario>('POST', `${scenarios}/${id}/run`, {}),
  approveScenario: (id: string) => request<Scenario>('POST', `${scenarios}/${id}/approve`, {}),
  activateSchedule: (id: string) =>
    request<{ stopIds: string[] }>('POST', `/api/v1/staff/schedules/${id}/activate`, {}),
  searchAudit: (search: AuditSearch) =>
    request<AuditPage>('GET', `/api/v1/staff/audit${auditQueryString(search)}`),
  listFailedMails: () => request<{ items: FailedMail[]; total: number }>('GET', '/api/v1/staff/mails/failed'),
  retryMail: (id: string) => request<void>('POST', `/api/v1/staff/mails/${id}/retry`, {}),
};
