import { sql, type Kysely } from 'kysely';
import type { CaseChannel, CaseEventChannel, CaseEventKind, CaseStatus, Database } from '../../db/schema.ts';
import { withStaffTables } from '../../db/staffSchema.ts';
import { ageInDays, taskIsOverdue, type ProcessActor } from '../../domain/caseProcess.ts';
import { stepsOf } from '../cases/caseWorkflow.ts';
import { notFound } from '../problem.ts';

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));

export interface CaseListFilter {
  status?: CaseStatus | undefined;
  serviceId?: string | undefined;
  departmentId?: string | undefined;
  /** A case number, a booking code or part of the citizen's name. */
  search?: string | undefined;
  caseId?: string;
}

export interface CaseListItem {
  id: string;
  number: string;
  serviceId: string;
  serviceNameDe: string;
  serviceNameEn: string;
  departmentId: string | null;
  status: CaseStatus;
  channel: CaseChannel;
  currentStep: { key: string; name: string } | null;
  openTasks: number;
  overdueTasks: number;
  demo: boolean;
  createdAt: string;
  updatedAt: string;
}

const bookingCodeOf = (search: string) => {
  const compact = search.toUpperCase().replace(/[\s-]/g, '');
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : search.toUpperCase();
};

/**
 * Cases of the municipality, the latest first (at most 200), narrowed by status, service, department and a
 * search for a case number, a booking code or part of the citizen's name. `scope` limits them to departments
 * (a department lead's own; an empty scope sees nothing). The items carry no personal data.
 */
export async function listCases(
  db: Kysely<Database>,
  municipalityId: string,
  filter: CaseListFilter,
  scope: string[] | undefined,
  now: Date,
): Promise<CaseListItem[]> {
  if (scope && scope.length === 0) return [];
  let query = db
    .selectFrom('cases')
    .innerJoin('services', (join) =>
      join
        .onRef('services.id', '=', 'cases.service_id')
        .onRef('services.municipality_id', '=', 'cases.municipality_id'),
    )
    .innerJoin('process_definitions', 'process_definitions.id', 'cases.process_definition_id')
    .leftJoin('bookings', 'bookings.id', 'cases.booking_id')
    .select([
      'cases.id',
      'cases.number',
      'cases.service_id',
      'services.name_de',
      'services.name_en',
      'cases.department_id',
      'cases.status',
      'cases.channel',
      'cases.current_step_key',
      'process_definitions.steps',
      'cases.demo',
      'cases.created_at',
      'cases.updated_at',
    ])
    .select((eb) => [
      eb
        .selectFrom('tasks')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('tasks.case_id', '=', 'cases.id')
        .where('tasks.status', 'in', ['open', 'in_progress'])
        .as('open_tasks'),
      eb
        .selectFrom('tasks')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('tasks.case_id', '=', 'cases.id')
        .where('tasks.status', 'in', ['open', 'in_progress'])
        .where('tasks.due_at', '<', now)
        .as('overdue_tasks'),
    ])
    .where('cases.municipality_id', '=', municipalityId);
  if (scope) query = query.where('cases.department_id', 'in', scope);
  if (filter.caseId) query = query.where('cases.id', '=', filter.caseId);
  if (filter.status) query = query.where('cases.status', '=', filter.status);
  if (filter.serviceId) query = query.where('cases.service_id', '=', filter.serviceId);
  if (filter.departmentId) query = query.where('cases.department_id', '=', filter.departmentId);
  const search = filter.search?.trim();
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('cases.number', '=', search.toUpperCase()),
        eb('bookings.code', '=', bookingCodeOf(search)),
        eb(sql<string>`lower(cases.citizen_name)`, 'like', pattern.toLowerCase()),
      ]),
    );
  }
  const rows = await query
    .orderBy('cases.created_at', 'desc')
    .orderBy('cases.number', 'desc')
    .limit(200)
    .execute();
  return rows.map((row) => {
    const step = stepsOf(row.steps).find((candidate) => candidate.key === row.current_step_key);
    return {
      id: row.id,
      number: row.number,
      serviceId: row.service_id,
      serviceNameDe: row.name_de,
      serviceNameEn: row.name_en,
      departmentId: row.department_id,
      status: row.status,
      channel: row.channel,
      currentStep: step ? { key: step.key, name: step.name } : null,
      openTasks: Number(row.open_tasks ?? 0),
      overdueTasks: Number(row.overdue_tasks ?? 0),
      demo: row.demo,
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
    };
  });
}

export type StepState = 'done' | 'current' | 'upcoming';

export interface CaseStepView {
  key: string;
  name: string;
  actor: ProcessActor;
  checklist: string[];
  deadlineDays: number | null;
  handOff: boolean;
  state: StepState;
}

export interface TaskView {
  id: string;
  caseId: string;
  caseNumber: string;
  serviceId: string;
  serviceNameDe: string;
  serviceNameEn: string;
  stepKey: string;
  stepName: string;
  checklist: string[];
  departmentId: string | null;
  assignee: { id: string; name: string } | null;
  status: 'open' | 'in_progress' | 'done' | 'cancelled';
  dueAt: string | null;
  createdAt: string;
  completedAt: string | null;
  ageDays: number;
  overdue: boolean;
}

export interface CaseView extends CaseListItem {
  processDefinition: { id: string; name: string; version: number; source: string };
  bookingCode: string | null;
  citizen: { name: string | null; email: string | null; phone: string | null };
  anonymised: boolean;
  closedAt: string | null;
  steps: CaseStepView[];
  events: {
    id: string;
    at: string;
    kind: CaseEventKind;
    stepKey: string | null;
    channel: CaseEventChannel | null;
    actor: string;
    data: Record<string, unknown>;
  }[];
  tasks: TaskView[];
  handOffs: {
    id: string;
    message: 'record' | 'file' | 'hand_over';
    status: 'queued' | 'written' | 'confirmed' | 'rejected' | 'failed';
    fileName: string | null;
    attempts: number;
    lastError: string | null;
    queuedAt: string;
    writtenAt: string | null;
    confirmedAt: string | null;
  }[];
  /** Documents captured for the case (content only through getCaseDocument, audited); gone ones as tombstones. */
  documents: {
    id: string;
    fileName: string | null;
    mediaType: string;
    sizeBytes: number;
    capturedAt: string;
    deleted: boolean;
  }[];
}

/** The step list with each step's state: done before the current step, upcoming after it (all done when closed). */
export function stepStates(
  steps: ReturnType<typeof stepsOf>,
  currentKey: string | null,
  status: CaseStatus,
): CaseStepView[] {
  const current = steps.findIndex((step) => step.key === currentKey);
  return steps.map((step, index) => ({
    ...step,
    state:
      current < 0
        ? status === 'closed'
          ? 'done'
          : 'upcoming'
        : index < current
          ? 'done'
          : index === current
            ? 'current'
            : 'upcoming',
  }));
}

/** One case with its timeline, steps, tasks and hand-offs; outside the municipality or the scope: 404. */
export async function getCase(
  db: Kysely<Database>,
  municipalityId: string,
  caseId: string,
  scope: string[] | undefined,
  now: Date,
): Promise<CaseView> {
  const row = await db
    .selectFrom('cases')
    .innerJoin('process_definitions', 'process_definitions.id', 'cases.process_definition_id')
    .leftJoin('bookings', 'bookings.id', 'cases.booking_id')
    .select([
      'cases.id',
      'cases.department_id',
      'cases.status',
      'cases.current_step_key',
      'cases.citizen_name',
      'cases.citizen_email',
      'cases.citizen_phone',
      'cases.anonymised_at',
      'cases.closed_at',
      'bookings.code',
      'process_definitions.id as definition_id',
      'process_definitions.name as definition_name',
      'process_definitions.version',
      'process_definitions.source',
      'process_definitions.steps',
    ])
    .where('cases.municipality_id', '=', municipalityId)
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
  if (!row || (scope && !scope.includes(row.department_id ?? ''))) throw notFound('case', 'caseId', caseId);
  const [[item], events, tasks, handOffs, documents] = await Promise.all([
    listCases(db, municipalityId, { caseId }, undefined, now),
    db
      .selectFrom('case_events')
      .select(['id', 'at', 'kind', 'step_key', 'channel', 'actor', 'data'])
      .where('municipality_id', '=', municipalityId)
      .where('case_id', '=', caseId)
      .orderBy('at')
      .orderBy('id')
      .execute(),
    listTasks(db, municipalityId, { caseId }, undefined, now),
    db
      .selectFrom('efile_hand_offs')
      .selectAll()
      .where('municipality_id', '=', municipalityId)
      .where('case_id', '=', caseId)
      .orderBy('queued_at')
      .execute(),
    db
      .selectFrom('documents')
      .select(['id', 'file_name', 'media_type', 'size_bytes', 'captured_at', 'deleted_at'])
      .where('municipality_id', '=', municipalityId)
      .where('owner_kind', '=', 'case')
      .where('owner_id', '=', caseId)
      .orderBy('captured_at')
      .orderBy('id')
      .execute(),
  ]);
  return {
    ...item!,
    processDefinition: {
      id: row.definition_id,
      name: row.definition_name,
      version: row.version,
      source: row.source,
    },
    bookingCode: row.code ?? null,
    citizen: { name: row.citizen_name, email: row.citizen_email, phone: row.citizen_phone },
    anonymised: row.anonymised_at !== null,
    closedAt: isoOrNull(row.closed_at),
    steps: stepStates(stepsOf(row.steps), row.current_step_key, row.status),
    events: events.map((event) => ({
      id: String(event.id),
      at: iso(event.at),
      kind: event.kind,
      stepKey: event.step_key,
      channel: event.channel,
      actor: event.actor,
      data: (typeof event.data === 'string' ? JSON.parse(event.data) : event.data) as Record<string, unknown>,
    })),
    tasks,
    handOffs: handOffs.map((handOff) => ({
      id: handOff.id,
      message: handOff.message,
      status: handOff.status,
      fileName: handOff.file_name,
      attempts: handOff.attempts,
      lastError: handOff.last_error,
      queuedAt: iso(handOff.queued_at),
      writtenAt: isoOrNull(handOff.written_at),
      confirmedAt: isoOrNull(handOff.confirmed_at),
    })),
    documents: documents.map((document) => ({
      id: document.id,
      fileName: document.file_name,
      mediaType: document.media_type,
      sizeBytes: document.size_bytes,
      capturedAt: iso(document.captured_at),
      deleted: document.deleted_at !== null,
    })),
  };
}

export interface TaskFilter {
  taskId?: string;
  caseId?: string;
  departmentId?: string | undefined;
  assigneeId?: string | undefined;
  status?: 'open' | 'in_progress' | 'done' | 'cancelled' | undefined;
  overdue?: boolean | undefined;
}

/**
 * Tasks (a department's inbox): by department, assignee and status, each with its age in days and whether it
 * is overdue (the domain's `taskIsOverdue`). Open tasks first, the oldest first; at most 500.
 */
export async function listTasks(
  db: Kysely<Database>,
  municipalityId: string,
  filter: TaskFilter,
  scope: string[] | undefined,
  now: Date,
): Promise<TaskView[]> {
  if (scope && scope.length === 0) return [];
  let query = withStaffTables(db)
    .selectFrom('tasks')
    .innerJoin('cases', 'cases.id', 'tasks.case_id')
    .innerJoin('services', (join) =>
      join
        .onRef('services.id', '=', 'cases.service_id')
        .onRef('services.municipality_id', '=', 'cases.municipality_id'),
    )
    .innerJoin('process_definitions', 'process_definitions.id', 'cases.process_definition_id')
    .leftJoin('staff_users', 'staff_users.id', 'tasks.assignee_id')
    .select([
      'tasks.id',
      'tasks.case_id',
      'cases.number',
      'cases.service_id',
      'services.name_de',
      'services.name_en',
      'tasks.step_key',
      'process_definitions.steps',
      'tasks.department_id',
      'tasks.assignee_id',
      'staff_users.name as assignee_name',
      'tasks.status',
      'tasks.due_at',
      'tasks.created_at',
      'tasks.completed_at',
    ])
    .where('tasks.municipality_id', '=', municipalityId);
  if (scope) query = query.where('tasks.department_id', 'in', scope);
  if (filter.taskId) query = query.where('tasks.id', '=', filter.taskId);
  if (filter.caseId) query = query.where('tasks.case_id', '=', filter.caseId);
  if (filter.departmentId) query = query.where('tasks.department_id', '=', filter.departmentId);
  if (filter.assigneeId) query = query.where('tasks.assignee_id', '=', filter.assigneeId);
  if (filter.status) query = query.where('tasks.status', '=', filter.status);
  if (filter.overdue !== undefined) {
    query = filter.overdue
      ? query.where('tasks.status', 'in', ['open', 'in_progress']).where('tasks.due_at', '<', now)
      : query.where((eb) =>
          eb.or([
            eb('tasks.status', 'not in', ['open', 'in_progress']),
            eb('tasks.due_at', 'is', null),
            eb('tasks.due_at', '>=', now),
          ]),
        );
  }
  const rows = await query
    .orderBy(sql`case when tasks.status in ('open', 'in_progress') then 0 else 1 end`)
    .orderBy('tasks.created_at')
    .orderBy('tasks.id')
    .limit(500)
    .execute();
  return rows.map((row) => {
    const step = stepsOf(row.steps).find((candidate) => candidate.key === row.step_key);
    const dueAt = row.due_at === null ? null : new Date(row.due_at);
    return {
      id: row.id,
      caseId: row.case_id,
      caseNumber: row.number,
      serviceId: row.service_id,
      serviceNameDe: row.name_de,
      serviceNameEn: row.name_en,
      stepKey: row.step_key,
      stepName: step?.name ?? row.step_key,
      checklist: step?.checklist ?? [],
      departmentId: row.department_id,
      assignee:
        row.assignee_id && row.assignee_name ? { id: row.assignee_id, name: row.assignee_name } : null,
      status: row.status,
      dueAt: isoOrNull(dueAt),
      createdAt: iso(row.created_at),
      completedAt: isoOrNull(row.completed_at),
      ageDays: ageInDays(new Date(row.created_at), row.completed_at ? new Date(row.completed_at) : now),
      overdue: taskIsOverdue({ status: row.status, dueAt }, now),
    };
  });
}

export interface CitizenCaseView {
  number: string;
  serviceNameDe: string;
  serviceNameEn: string;
  status: CaseStatus;
  steps: { key: string; name: string; actor: ProcessActor; handOff: boolean; state: StepState }[];
}

/** A booking's cases as its citizen sees them: status and steps, no notes, no staff, no events. */
export async function citizenCasesOfBooking(
  db: Kysely<Database>,
  municipalityId: string,
  bookingId: string,
): Promise<CitizenCaseView[]> {
  const rows = await db
    .selectFrom('cases')
    .innerJoin('services', (join) =>
      join
        .onRef('services.id', '=', 'cases.service_id')
        .onRef('services.municipality_id', '=', 'cases.municipality_id'),
    )
    .innerJoin('process_definitions', 'process_definitions.id', 'cases.process_definition_id')
    .select([
      'cases.number',
      'services.name_de',
      'services.name_en',
      'cases.status',
      'cases.current_step_key',
      'process_definitions.steps',
    ])
    .where('cases.municipality_id', '=', municipalityId)
    .where('cases.booking_id', '=', bookingId)
    .where('cases.status', '<>', 'cancelled')
    .orderBy('cases.number')
    .execute();
  return rows.map((row) => ({
    number: row.number,
    serviceNameDe: row.name_de,
    serviceNameEn: row.name_en,
    status: row.status,
    steps: stepStates(stepsOf(row.steps), row.current_step_key, row.status).map((step) => ({
      key: step.key,
      name: step.name,
      actor: step.actor,
      handOff: step.handOff,
      state: step.state,
    })),
  }));
}
