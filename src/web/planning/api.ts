import type {
  ApprovedSchedule,
  Scenario,
  ScenarioInputs,
  ScenarioReportMap,
  ScenarioRequest,
  ScenarioResultView,
} from '../../contracts/planning.ts';

import type { CatalogueResearch } from '../../contracts/catalogue.ts';
import type {
  CaseEventTypeName,
  CreatedWebhook,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookList,
} from '../../contracts/webhook.ts';
import type { Case, CaseList, CaseStatus, Task, TaskList } from '../../contracts/cases.ts';
import type { EfileHandOff, EfileHandOffList, QueuedEfileHandOff } from '../../contracts/efile.ts';
import type {
  HomeVisitDay,
  HomeVisitDayRequest,
  HomeVisitList,
  HomeVisitTriage,
  HomeVisitTriageResult,
  PlannedHomeVisitDay,
} from '../../contracts/homeVisit.ts';
import type {
  ModerationDecision,
  ModerationQueue,
  ModerationReasonCode,
  ModerationResult,
  OfficialAnswerCreated,
  PlannerSuggestion,
  PlannerSuggestionList,
  SuggestionAnswer,
} from '../../contracts/participation.ts';
import { ApiProblem, createApiClient } from '../api/client.ts';
import type {
  DemandLayer,
  DemandLayerImport,
  DemandLayerKind,
  DemandLayers,
  GtfsFeed,
  ImportIssue,
} from '../../contracts/demandLayer.ts';
import type {
  Roster,
  RosterStop,
  StaffMember,
  StaffMemberList,
  StaffMemberRequest,
} from '../../contracts/roster.ts';
import type {
  Evaluation,
  EvaluationAssumptions,
  EvaluationChannel,
  EvaluationFilter,
  EvaluationMeasures,
  EvaluationRow,
  OnlineCandidateRow,
  OnlineCandidates,
} from '../../contracts/evaluation.ts';
import type {
  LeadTimeCell,
  ProcessBottleneck,
  ProcessDefinitionCreated,
  ProcessDefinitionList,
  ProcessFigures,
  ProcessStepView,
  ServiceProcess,
} from '../../contracts/process.ts';
import type {
  TownHallComparison,
  TownHallFigures,
  TownHallImportIssue,
  TownHallImportResult,
  TownHallImports,
  TownHallPeriod,
} from '../../contracts/townHall.ts';
import type { Venue, VenueFacts } from '../../contracts/venues.ts';
import type {
  TestPhase,
  TestPhaseComparator,
  TestPhaseDecision,
  TestPhaseKpi,
  TestPhaseKpiDefinition,
  TestPhaseKpiResult,
  TestPhaseList,
  TestPhaseReason,
  TestPhaseReport,
} from '../../contracts/testPhase.ts';

export type {
  ApprovedSchedule,
  Scenario,
  ScenarioInputs,
  ScenarioReportMap,
  ScenarioRequest,
  ScenarioResultView,
};
export type { Roster, RosterStop, StaffMember, StaffMemberList, StaffMemberRequest };
export type { CatalogueResearch };
export type { DemandLayer, DemandLayerImport, DemandLayerKind, DemandLayers, GtfsFeed, ImportIssue };
export type { Venue, VenueFacts };
export type {
  ModerationDecision,
  ModerationQueue,
  ModerationReasonCode,
  PlannerSuggestion,
  SuggestionAnswer,
};
export type { HomeVisit, HomeVisitDay, HomeVisitList, HomeVisitRoute } from '../../contracts/homeVisit.ts';
export type { CaseEventTypeName, CreatedWebhook, Webhook, WebhookDelivery, WebhookDeliveryList, WebhookList };
export type { Case, CaseList, CaseStatus, Task, TaskList };
export type { EfileHandOff, EfileHandOffList, QueuedEfileHandOff };
export type {
  Evaluation,
  EvaluationAssumptions,
  EvaluationChannel,
  EvaluationFilter,
  EvaluationMeasures,
  EvaluationRow,
  OnlineCandidateRow,
  OnlineCandidates,
};
export type {
  LeadTimeCell,
  ProcessBottleneck,
  ProcessDefinitionCreated,
  ProcessDefinitionList,
  ProcessFigures,
  ProcessStepView,
  ServiceProcess,
};
export type {
  TownHallComparison,
  TownHallFigures,
  TownHallImportIssue,
  TownHallImportResult,
  TownHallImports,
  TownHallPeriod,
};
export type {
  TestPhase,
  TestPhaseComparator,
  TestPhaseDecision,
  TestPhaseKpi,
  TestPhaseKpiDefinition,
  TestPhaseKpiResult,
  TestPhaseList,
  TestPhaseReason,
  TestPhaseReport,
};

/** The body of `createTestPhase`. */
export interface TestPhaseRequest {
  name: string;
  startDate: string;
  endDate: string;
  siteIds: string[];
  unitIds: string[];
  targets: { kpi: TestPhaseKpi; comparator: TestPhaseComparator; target: number; districtId?: string }[];
}

/** Where the process event log is downloaded (XES or CSV). */
export const processLogHref = (format: 'xes' | 'csv') => `/api/v1/staff/process-log?format=${format}`;

/** Where a scenario's council report is downloaded as a PDF (drawn on the server). */
export const scenarioPdfHref = (id: string, language: 'de' | 'en') =>
  `/api/v1/staff/planning/scenarios/${encodeURIComponent(id)}/report?format=pdf&lang=${language}`;

/** Where a test phase's report is downloaded as a PDF. */
export const testPhasePdfHref = (id: string, language: 'de' | 'en') =>
  `/api/v1/staff/test-phases/${encodeURIComponent(id)}/report?format=pdf&lang=${language}`;

/** The query string of an evaluation selection (empty filters left out). */
export function evaluationQuery(filter: EvaluationFilter, extra: Record<string, string> = {}): string {
  const entries = Object.entries({ ...filter, ...extra }).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
  );
  return `?${new URLSearchParams(entries).toString()}`;
}

export type StaffRole = 'admin' | 'planner' | 'department' | 'clerk';

export interface StaffSession {
  user: { id: string; name: string; email: string; role: StaffRole; mustChangePassword?: boolean };
  csrfToken: string;
}

/** A staff account as `listStaffUsers` gives it. */
export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  active: boolean;
  mustChangePassword: boolean;
  singleSignOn: boolean;
  departmentIds: string[];
  lockedUntil: string | null;
  createdAt: string;
}

export interface DepartmentService {
  id: string;
  nameDe: string;
  nameEn: string;
  released: boolean;
  efileLive: boolean;
  efileLiveSince: string | null;
  processReviewed: boolean;
  requiredEquipment: string[];
}

export interface Department {
  id: string;
  nameDe: string;
  nameEn: string;
  note: string | null;
  confidence: 'high' | 'medium' | 'low';
  sources: string[];
  services: DepartmentService[];
  demandEstimates: {
    id: string;
    serviceId: string;
    districtId: string;
    contactsPerMonth: number;
    comment: string | null;
    submittedAt: string;
  }[];
}

export interface ServiceRelease {
  released: boolean;
  efileLive: boolean;
  efileLiveSince: string | null;
  processReviewed: boolean;
}

/** A registered station tablet (listDevices). */
export interface Device {
  id: string;
  label: string | null;
  status: 'active' | 'lost';
  firstSeenAt: string;
  lastSeenAt: string;
  lastUser: { id: string; name: string } | null;
  lostAt: string | null;
  lostReason: string | null;
  activeSessions: number;
}

export interface Unit {
  id: string;
  name: string;
  kind: 'van' | 'kit';
  counters: number;
  homeSiteId: string | null;
  equipment: string[];
}

export type EquipmentItemStatus = 'ok' | 'maintenance' | 'defective' | 'lost';

export interface EquipmentItem {
  id: string;
  kind: string;
  serialNumber: string;
  status: EquipmentItemStatus;
  maintenanceDue: string | null;
  unitId: string | null;
}

export type ControlledItemCountUnit = 'piece' | 'pad' | 'euro';
export type StockMovementKind = 'received' | 'issued' | 'returned' | 'written_off' | 'counted';

/** A kind of controlled item (secure blank forms, the cash float) as `listControlledItemKinds` gives it. */
export interface ControlledItemKind {
  id: string;
  nameDe: string;
  nameEn: string;
  countUnit: ControlledItemCountUnit;
  minimumStock: number;
  serialNumbered: boolean;
}

/** The balance of one kind on one unit (`listStock`). */
export interface StockBalance {
  unitId: string;
  unitName: string;
  kind: string;
  quantity: number;
  minimumStock: number;
  belowMinimum: boolean;
}

/** One movement of a controlled item (`listStockMovements`). */
export interface StockMovement {
  id: string;
  unitId: string;
  kind: string;
  movement: StockMovementKind;
  quantityChange: number;
  balanceAfter: number;
  reason: string | null;
  stopId: string | null;
  stop: { date: string; siteName: string } | null;
  serialFirst: number | null;
  serialLast: number | null;
  recordedBy: string | null;
  recordedAt: string;
}

export interface StockMovementRequest {
  unitId: string;
  kind: string;
  movement: StockMovementKind;
  quantity: number;
  reason?: string | null;
  stopId?: string | null;
  serialFirst?: number | null;
  serialLast?: number | null;
}

export interface EquipmentKind {
  id: string;
  nameDe: string;
  nameEn: string;
}

export interface District {
  id: string;
  name: string;
}

export interface MunicipalityInfo {
  name: string;
  center: { lat: number; lon: number } | null;
  map: { tileUrl: string | null; attribution: string | null };
  /** Set only on a demo database: the period of its simulated activity. */
  demo?: { from: string; to: string; seed: number } | null;
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

/** A stop as `listStaffStops` gives it (the fields the back office shows). */
export interface StaffStop {
  id: string;
  status: 'scheduled' | 'open' | 'closed' | 'cancelled';
  cancelReason: string | null;
  date: string;
  startsAt: string;
  endsAt: string;
  setupMinutes: number;
  teardownMinutes: number;
  scheduleId: string | null;
  site: { id: string; name: string };
  unit: { id: string; name: string };
}

export interface Site {
  id: string;
  name: string;
}

/** A new stop, or the changed fields of one (`stopId`), for `checkStopConflicts`. */
export interface StopProposal {
  stopId?: string;
  unitId?: string;
  siteId?: string;
  date?: string;
  startTime?: string;
  endTime?: string;
}

export interface StopConflictExplained {
  kind: 'overlap' | 'travel' | 'site_closed';
  blocking: boolean;
  overlapMinutes?: number;
  direction?: 'from_previous' | 'to_next';
  requiredMinutes?: number;
  availableMinutes?: number;
  other?: { stopId: string; siteName: string; startsAt: string; endsAt: string };
  reason?: 'holiday' | 'closed_that_day' | 'outside_opening_hours';
  holidayName?: string;
  opens?: string;
  closes?: string;
}

/**
 * A stop that needs the planners' look: problems a clerk reported when signing off its readiness checklist,
 * or its opening without a signed-off checklist (with the clerk's reason).
 */
export interface ChecklistProblem {
  stopId: string;
  date: string;
  siteName: string;
  unitName: string;
  signedOffAt: string | null;
  problems: { key: string; note: string }[];
  openedWithoutChecklist: { reason: string; at: string } | null;
}

export type ScheduleStatus = 'draft' | 'active' | 'paused' | 'ended';

export interface Schedule {
  id: string;
  status: ScheduleStatus;
  source: string;
  unit: { id: string; name: string };
  site: { id: string; name: string };
  pattern: {
    kind: 'weekly' | 'every_n_weeks' | 'monthly_nth_weekday';
    weekdays?: number[];
    intervalWeeks?: number;
  };
  startTime: string;
  endTime: string;
  validFrom: string;
  validUntil: string | null;
  exceptionDates: string[];
  skippedDates: string[];
  upcomingStops: number;
  nextStopDate: string | null;
}

// The planner's calls through the one API client (src/web/api/client.ts), with the session's CSRF token on
// unsafe methods. Errors are `ApiProblem`s; pages choose messages by code (problemMessages.ts).
const client = createApiClient();

/** The session's CSRF token, also for uploads through XMLHttpRequest (`uploadWithProgress`). */
let csrfToken = '';

export const setCsrfToken = (token: string) => {
  csrfToken = token;
  client.setCsrfToken(token);
};

/**
 * POSTs a file as it is (the body) with XMLHttpRequest, which, unlike fetch, reports the upload's progress:
 * `onProgress` gets the share sent (0 to 1). Errors are `ApiProblem`s as with the API client.
 */
export function uploadWithProgress<T>(
  path: string,
  file: Blob,
  contentType: string,
  onProgress: (share: number) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', contentType);
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiProblem({ status: 0, code: 'network_error', title: 'Network error' }));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as T);
      } else {
        reject(new ApiProblem({ ...(body as object | undefined), status: xhr.status }));
      }
    };
    xhr.send(file);
  });
}

const request = <T>(method: string, path: string, body?: unknown): Promise<T> =>
  client.request<T>(method, path, body === undefined ? {} : { body });

const scenarios = '/api/v1/staff/planning/scenarios';

/** A query string of the given values, leaving out empty ones. */
const searchOf = (query: Record<string, string | undefined>) =>
  new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])),
  ).toString();

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
  getScenarioReportMap: (id: string) =>
    request<{ map: ScenarioReportMap }>('GET', `${scenarios}/${encodeURIComponent(id)}/report`),
  createScenario: (body: Record<string, unknown>) => request<Scenario>('POST', scenarios, body),
  deleteScenario: (id: string) => request<void>('DELETE', `${scenarios}/${id}`),
  runScenario: (id: string) => request<Scenario>('POST', `${scenarios}/${id}/run`, {}),
  approveScenario: (id: string) => request<Scenario>('POST', `${scenarios}/${id}/approve`, {}),
  activateSchedule: (id: string) =>
    request<{ stopIds: string[] }>('POST', `/api/v1/staff/schedules/${id}/activate`, {}),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<{ revokedSessions: number }>('POST', '/api/v1/staff/password', { currentPassword, newPassword }),
  signOutEverywhere: () =>
    request<{ revokedSessions: number }>('POST', '/api/v1/staff/sessions/revoke-all', {}),
  listUsers: () => request<{ items: StaffUser[] }>('GET', '/api/v1/staff/users'),
  createUser: (body: { email: string; name: string; role: StaffRole; departmentIds?: string[] }) =>
    request<{ user: { id: string }; initialPassword?: string }>('POST', '/api/v1/staff/users', body),
  updateUser: (id: string, body: { role?: StaffRole; active?: boolean; departmentIds?: string[] }) =>
    request<{ id: string }>('PATCH', `/api/v1/staff/users/${id}`, body),
  // sendStaffPasswordReset: a one-time link by mail to the person.
  sendPasswordReset: (id: string) => request<unknown>('POST', `/api/v1/staff/users/${id}/password-reset`, {}),
  listDepartments: () => request<{ items: Department[] }>('GET', '/api/v1/staff/departments'),
  updateServiceRelease: (serviceId: string, body: ServiceRelease) =>
    request<unknown>('PUT', `/api/v1/staff/services/${serviceId}/release`, body),
  submitDemandEstimate: (
    departmentId: string,
    body: { serviceId: string; districtId: string; contactsPerMonth: number; comment?: string },
  ) => request<unknown>('POST', `/api/v1/staff/departments/${departmentId}/demand-estimates`, body),
  listUnits: () => request<{ items: Unit[] }>('GET', '/api/v1/staff/units'),
  createUnit: (body: {
    id: string;
    name: string;
    kind: 'van' | 'kit';
    counters: number;
    equipment: string[];
  }) => request<{ id: string }>('POST', '/api/v1/staff/units', body),
  listEquipmentItems: () =>
    request<{ items: EquipmentItem[]; kinds: EquipmentKind[] }>('GET', '/api/v1/staff/equipment-items'),
  createEquipmentItem: (body: {
    kind: string;
    serialNumber: string;
    unitId: string | null;
    maintenanceDue: string | null;
  }) => request<{ id: string }>('POST', '/api/v1/staff/equipment-items', body),
  updateEquipmentItem: (id: string, body: { status: EquipmentItemStatus }) =>
    request<{ id: string }>('PATCH', `/api/v1/staff/equipment-items/${id}`, body),
  listDevices: () => request<{ items: Device[] }>('GET', '/api/v1/staff/devices'),
  listCases: (query: string) => request<CaseList>('GET', `/api/v1/staff/cases${query}`),
  getCase: (id: string, purpose: string) =>
    request<Case>('GET', `/api/v1/staff/cases/${id}?purpose=${encodeURIComponent(purpose)}`),
  addCaseDocument: (caseId: string, file: File) =>
    client.request<{ id: string; replayed: boolean }>(
      'POST',
      `/api/v1/staff/cases/${encodeURIComponent(caseId)}/documents?fileName=${encodeURIComponent(file.name)}`,
      { raw: file, headers: { 'content-type': file.type || 'application/octet-stream' } },
    ),
  caseDocumentUrl: (caseId: string, documentId: string, purpose: string) =>
    `/api/v1/staff/cases/${encodeURIComponent(caseId)}/documents/${encodeURIComponent(documentId)}?purpose=${encodeURIComponent(purpose)}`,
  handOffCaseToEfile: (caseId: string) =>
    request<QueuedEfileHandOff>('POST', `/api/v1/staff/cases/${encodeURIComponent(caseId)}/efile-hand-off`),
  listEfileHandOffs: (status: string) =>
    request<EfileHandOffList>(
      'GET',
      `/api/v1/staff/efile-hand-offs${status ? `?status=${encodeURIComponent(status)}` : ''}`,
    ),
  completeCaseStep: (id: string, body: { stepKey: string; checklist: string[] }) =>
    request<{ status: CaseStatus; currentStepKey: string | null }>(
      'POST',
      `/api/v1/staff/cases/${id}/step-completions`,
      body,
    ),
  listTasks: (query: string) => request<TaskList>('GET', `/api/v1/staff/tasks${query}`),
  updateTask: (
    id: string,
    body: { assigneeId?: string | null; status?: 'in_progress' | 'done'; checklist?: string[] },
  ) => request<Task>('PATCH', `/api/v1/staff/tasks/${id}`, body),
  markDeviceLost: (id: string, reason: string) =>
    request<{ id: string; revokedSessions: number }>('POST', `/api/v1/staff/devices/${id}/lost`, { reason }),
  updateDevice: (id: string, body: { label?: string | null; status?: 'active' }) =>
    request<{ id: string }>('PATCH', `/api/v1/staff/devices/${id}`, body),
  listVenues: () => request<{ items: Venue[] }>('GET', '/api/v1/staff/venues'),
  updateVenue: (siteId: string, body: VenueFacts) =>
    request<{ id: string }>('PUT', `/api/v1/staff/venues/${encodeURIComponent(siteId)}`, body),
  listControlledItemKinds: () =>
    request<{ items: ControlledItemKind[] }>('GET', '/api/v1/staff/controlled-item-kinds'),
  createControlledItemKind: (body: ControlledItemKind) =>
    request<{ id: string }>('POST', '/api/v1/staff/controlled-item-kinds', body),
  updateControlledItemKind: (id: string, body: { minimumStock: number }) =>
    request<{ id: string }>('PATCH', `/api/v1/staff/controlled-item-kinds/${id}`, body),
  listStock: () => request<{ items: StockBalance[]; belowMinimum: number }>('GET', '/api/v1/staff/stock'),
  listStockMovements: (unitId: string) =>
    request<{ items: StockMovement[] }>(
      'GET',
      `/api/v1/staff/stock/movements${unitId ? `?unitId=${encodeURIComponent(unitId)}` : ''}`,
    ),
  recordStockMovement: (body: StockMovementRequest) =>
    request<{ id: string; balance: number; belowMinimum: boolean }>(
      'POST',
      '/api/v1/staff/stock/movements',
      body,
    ),
  listDistricts: () => request<{ items: District[] }>('GET', '/api/v1/districts'),
  getCatalogueResearch: () => request<CatalogueResearch>('GET', '/api/v1/staff/catalogue/research'),
  searchAudit: (search: AuditSearch) =>
    request<AuditPage>('GET', `/api/v1/staff/audit${auditQueryString(search)}`),
  getEvaluation: (filter: EvaluationFilter) =>
    request<Evaluation>('GET', `/api/v1/staff/evaluation${evaluationQuery(filter)}`),
  listOnlineCandidates: (filter: EvaluationFilter) =>
    request<OnlineCandidates>('GET', `/api/v1/staff/evaluation/online-candidates${evaluationQuery(filter)}`),
  updateEvaluationAssumptions: (body: {
    staffHourRateEur: number;
    unitDayCostEur: number;
    travelCostPerStopEur: number;
    note: string | null;
  }) => request<EvaluationAssumptions>('PUT', '/api/v1/staff/evaluation/assumptions', body),
  getTownHallComparison: (filter: { from: string; to: string; serviceId?: string | undefined }) =>
    request<TownHallComparison>('GET', `/api/v1/staff/evaluation/town-hall${evaluationQuery(filter)}`),
  listTownHallImports: () =>
    request<TownHallImports>('GET', '/api/v1/staff/evaluation/town-hall-counts/imports'),
  importTownHallCounts: (body: { fileName: string; content: string }) =>
    request<TownHallImportResult>('POST', '/api/v1/staff/evaluation/town-hall-counts', body),
  listDemandLayers: () => request<DemandLayers>('GET', '/api/v1/staff/demand-layers'),
  importDemandLayer: (
    kind: DemandLayerKind,
    file: Blob,
    query: { fileName: string; name?: string; source?: string; sourceDate?: string; licence?: string },
    onProgress: (share: number) => void,
  ) =>
    uploadWithProgress<DemandLayerImport>(
      `/api/v1/staff/demand-layers/${kind}?${searchOf(query)}`,
      file,
      'text/csv',
      onProgress,
    ),
  deleteDemandLayer: (layerId: string) =>
    request<void>('DELETE', `/api/v1/staff/demand-layers/${encodeURIComponent(layerId)}`),
  listGtfsFeeds: () => request<{ items: GtfsFeed[] }>('GET', '/api/v1/staff/planning/gtfs-feeds'),
  importGtfsFeed: (
    file: Blob,
    query: { name: string; fileName: string },
    onProgress: (share: number) => void,
  ) =>
    uploadWithProgress<GtfsFeed>(
      `/api/v1/staff/planning/gtfs-feeds?${searchOf(query)}`,
      file,
      'application/zip',
      onProgress,
    ),
  listProcessDefinitions: () => request<ProcessDefinitionList>('GET', '/api/v1/staff/process-definitions'),
  importProcessDefinition: (body: {
    serviceId: string;
    efileMessage: 'record' | 'hand_over';
    bpmnXml: string;
  }) => request<ProcessDefinitionCreated>('POST', '/api/v1/staff/process-definitions/import', body),
  saveProcessDefinition: (body: {
    serviceId: string;
    name: string | null;
    efileMessage: 'record' | 'hand_over';
    steps: ProcessStepView[];
  }) => request<ProcessDefinitionCreated>('POST', '/api/v1/staff/process-definitions', body),
  getProcessFigures: () => request<ProcessFigures>('GET', '/api/v1/staff/process-figures'),
  listWebhooks: () => request<WebhookList>('GET', '/api/v1/staff/webhooks'),
  createWebhook: (body: {
    url: string;
    eventTypes: string[];
    departmentId: string | null;
    serviceId: string | null;
    description: string | null;
  }) => request<CreatedWebhook>('POST', '/api/v1/staff/webhooks', body),
  updateWebhook: (
    id: string,
    body: { active?: boolean; eventTypes?: string[]; description?: string | null },
  ) => request<Webhook>('PATCH', `/api/v1/staff/webhooks/${encodeURIComponent(id)}`, body),
  deleteWebhook: (id: string) => request<void>('DELETE', `/api/v1/staff/webhooks/${encodeURIComponent(id)}`),
  listWebhookDeliveries: (filter: { status?: 'pending' | 'delivered' | 'dead'; webhookId?: string }) =>
    request<WebhookDeliveryList>(
      'GET',
      `/api/v1/staff/webhooks/deliveries?${new URLSearchParams(filter as Record<string, string>).toString()}`,
    ),
  redeliverWebhookDelivery: (id: string) =>
    request<WebhookDelivery>(
      'POST',
      `/api/v1/staff/webhooks/deliveries/${encodeURIComponent(id)}/redeliver`,
      {},
    ),
  listTestPhases: () => request<TestPhaseList>('GET', '/api/v1/staff/test-phases'),
  createTestPhase: (body: TestPhaseRequest) => request<TestPhase>('POST', '/api/v1/staff/test-phases', body),
  getTestPhaseReport: (id: string) =>
    request<TestPhaseReport>('GET', `/api/v1/staff/test-phases/${encodeURIComponent(id)}/report`),
  listFailedMails: () => request<{ items: FailedMail[]; total: number }>('GET', '/api/v1/staff/mails/failed'),
  retryMail: (id: string) => request<void>('POST', `/api/v1/staff/mails/${id}/retry`, {}),
  listStaffMembers: () => request<StaffMemberList>('GET', '/api/v1/staff/staff-members'),
  // Home visits (the coordinator: planner and admin); every list and route sheet opening is audited.
  listHomeVisits: () => request<HomeVisitList>('GET', '/api/v1/staff/home-visits'),
  triageHomeVisit: (id: string, body: HomeVisitTriage) =>
    request<HomeVisitTriageResult>(
      'POST',
      `/api/v1/staff/home-visits/${encodeURIComponent(id)}/triage`,
      body,
    ),
  planHomeVisitDay: (body: HomeVisitDayRequest) =>
    request<PlannedHomeVisitDay>('POST', '/api/v1/staff/home-visit-days', body),
  getHomeVisitDay: (dayId: string) =>
    request<HomeVisitDay>('GET', `/api/v1/staff/home-visit-days/${encodeURIComponent(dayId)}`),
  createStaffMember: (body: StaffMemberRequest) =>
    request<{ id: string }>('POST', '/api/v1/staff/staff-members', body),
  updateStaffMember: (id: string, body: Partial<StaffMemberRequest>) =>
    request<{ id: string }>('PATCH', `/api/v1/staff/staff-members/${id}`, body),
  listRoster: (from: string, to: string) =>
    request<Roster>(
      'GET',
      `/api/v1/staff/roster?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    ),
  proposeRoster: (from: string, to: string) =>
    request<Roster>('POST', '/api/v1/staff/roster/proposals', { from, to }),
  assignStaffToStop: (stopId: string, staffMemberIds: string[]) =>
    request<RosterStop>('PUT', `/api/v1/staff/stops/${stopId}/staff`, { staffMemberIds }),
  listSites: () => request<{ items: Site[] }>('GET', '/api/v1/sites'),
  listStaffStops: (from: string, to: string) =>
    request<{ items: StaffStop[] }>('GET', `/api/v1/staff/stops?from=${from}&to=${to}`),
  checkStop: (proposal: StopProposal) =>
    request<{ blocking: boolean; conflicts: StopConflictExplained[] }>(
      'POST',
      '/api/v1/staff/stops/check',
      proposal,
    ),
  createStop: (body: { unitId: string; siteId: string; date: string; startTime: string; endTime: string }) =>
    request<StaffStop>('POST', '/api/v1/staff/stops', body),
  changeStop: (id: string, body: { siteId?: string; date?: string; startTime?: string; endTime?: string }) =>
    request<StaffStop>('PATCH', `/api/v1/staff/stops/${id}`, body),
  cancelStop: (id: string, reason: string) =>
    request<{ bookingsCancelled: number }>('POST', `/api/v1/staff/stops/${id}/cancel`, { reason }),
  listChecklistProblems: () =>
    request<{ items: ChecklistProblem[] }>('GET', '/api/v1/staff/stop-checklists/problems'),
  listSchedules: () => request<{ items: Schedule[] }>('GET', '/api/v1/staff/schedules'),
  createSchedule: (body: {
    unitId: string;
    siteId: string;
    pattern:
      | { kind: 'weekly'; weekdays: number[] }
      | { kind: 'every_n_weeks'; intervalWeeks: number; anchorDate: string; weekdays: number[] };
    startTime: string;
    endTime: string;
    validFrom: string;
  }) => request<{ scheduleId: string; stopIds: string[] }>('POST', '/api/v1/staff/schedules', body),
  updateSchedule: (
    id: string,
    body: { status?: 'active' | 'paused'; exceptionDates?: string[]; reason?: string },
  ) =>
    request<{ status: string; stopsCreated: number; stopsCancelled: number }>(
      'PATCH',
      `/api/v1/staff/schedules/${id}`,
      body,
    ),
  endSchedule: (id: string, body: { endDate: string; reason?: string }) =>
    request<{ stopsCancelled: number }>('POST', `/api/v1/staff/schedules/${id}/end`, body),
  getModerationQueue: () => request<ModerationQueue>('GET', '/api/v1/staff/moderation'),
  moderateContent: (body: ModerationDecision) =>
    request<ModerationResult>('POST', '/api/v1/staff/moderation/decisions', body),
  answerCommentOfficially: (commentId: string, body: string) =>
    request<OfficialAnswerCreated>(
      'POST',
      `/api/v1/staff/comments/${encodeURIComponent(commentId)}/official-answers`,
      { body },
    ),
  listPlannerSuggestions: () => request<PlannerSuggestionList>('GET', '/api/v1/staff/suggestions'),
  answerSuggestion: (suggestionId: string, body: SuggestionAnswer) =>
    request<void>('PUT', `/api/v1/staff/suggestions/${encodeURIComponent(suggestionId)}/answer`, body),
};
