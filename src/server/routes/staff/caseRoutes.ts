import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import Type from 'typebox';
import type { Database } from '../../../db/schema.ts';
import {
  caseAccessPurposes,
  caseStatuses,
  MAX_CHECKLIST_ITEMS,
  processActors,
} from '../../../domain/caseProcess.ts';
import { DomainError } from '../../../domain/errors.ts';
import { recordAudit, staffActor } from '../../audit.ts';
import type { StaffPrincipal } from '../../auth/sessions.ts';
import { createCase } from '../../commands/caseCreator.ts';
import { completeCaseStep } from '../../commands/caseStepCompleter.ts';
import { updateTask } from '../../commands/taskUpdater.ts';
import { getCase, listCases, listTasks } from '../../queries/caseQueries.ts';
import { departmentScope } from '../../queries/departmentQueries.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem } from './staffSchemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Id = (description: string) => Type.String({ format: 'uuid', description });
const Slug = (description: string) =>
  Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100, description });
const DateTime = Type.String({ format: 'date-time' });

const CaseStatus = Type.Enum(caseStatuses);
const Channel = Type.Enum(['online', 'stop', 'back_office'], {
  description: 'Where the case started: the portal, a stop, the back office',
});
const Purpose = Type.Enum(caseAccessPurposes, {
  description:
    'Why personal data is accessed, kept in the audit trail: processing (Bearbeitung des Vorgangs), ' +
    'citizen_inquiry (Auskunft an die Bürgerin / den Bürger), stop_service (Bedienung am Halt), ' +
    'supervision (Fachaufsicht), e_file (Übergabe an die E-Akte)',
});
const TaskStatus = Type.Enum(['open', 'in_progress', 'done', 'cancelled']);

export const CaseListItemDto = Type.Object({
  id: Id('Case id'),
  number: Type.String({ description: 'MR-<year>-<running number>' }),
  serviceId: Type.String(),
  serviceNameDe: Type.String(),
  serviceNameEn: Type.String(),
  departmentId: Nullable(Type.String()),
  status: CaseStatus,
  channel: Channel,
  currentStep: Nullable(Type.Object({ key: Type.String(), name: Type.String() })),
  openTasks: Type.Integer(),
  overdueTasks: Type.Integer(),
  demo: Type.Boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const TaskDto = Type.Object({
  id: Id('Task id'),
  caseId: Id('Case id'),
  caseNumber: Type.String(),
  serviceId: Type.String(),
  serviceNameDe: Type.String(),
  serviceNameEn: Type.String(),
  stepKey: Type.String(),
  stepName: Type.String(),
  checklist: Type.Array(Type.String(), { description: 'The step’s checklist: all items ticked to complete' }),
  departmentId: Nullable(Type.String()),
  assignee: Nullable(Type.Object({ id: Id('Staff user'), name: Type.String() })),
  status: TaskStatus,
  dueAt: Nullable(DateTime),
  createdAt: DateTime,
  completedAt: Nullable(DateTime),
  ageDays: Type.Integer({ description: 'Whole days since the task was created (until done)' }),
  overdue: Type.Boolean({ description: 'Open or in progress past its due date' }),
});

export const CaseDto = Type.Object({
  ...CaseListItemDto.properties,
  processDefinition: Type.Object({
    id: Type.String(),
    name: Type.String(),
    version: Type.Integer(),
    source: Type.String(),
  }),
  bookingCode: Nullable(Type.String()),
  citizen: Type.Object(
    { name: Nullable(Type.String()), email: Nullable(Type.String()), phone: Nullable(Type.String()) },
    { description: 'Personal data: every read is audited with its purpose; null once anonymised' },
  ),
  anonymised: Type.Boolean(),
  closedAt: Nullable(DateTime),
  steps: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      actor: Type.Enum(processActors),
      checklist: Type.Array(Type.String()),
      deadlineDays: Nullable(Type.Integer()),
      handOff: Type.Boolean(),
      state: Type.Enum(['done', 'current', 'upcoming']),
    }),
  ),
  events: Type.Array(
    Type.Object({
      id: Type.String(),
      at: DateTime,
      kind: Type.String(),
      stepKey: Nullable(Type.String()),
      channel: Nullable(Type.String()),
      actor: Type.String({ description: 'staff:<id>, citizen or system' }),
      data: Type.Record(Type.String(), Type.Unknown()),
    }),
    { description: 'The timeline, oldest first' },
  ),
  tasks: Type.Array(TaskDto),
  handOffs: Type.Array(
    Type.Object({
      id: Type.String(),
      message: Type.Enum(['record', 'file', 'hand_over']),
      status: Type.Enum(['queued', 'written', 'confirmed', 'rejected', 'failed']),
      fileName: Nullable(Type.String()),
      attempts: Type.Integer(),
      lastError: Nullable(Type.String()),
      queuedAt: DateTime,
      writtenAt: Nullable(DateTime),
      confirmedAt: Nullable(DateTime),
    }),
  ),
  documents: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      fileName: Nullable(Type.String({ description: 'null once deleted after its retention period' })),
      mediaType: Type.String(),
      sizeBytes: Type.Integer(),
      capturedAt: DateTime,
      deleted: Type.Boolean(),
    }),
  ),
});

export const CaseListDto = Type.Object({ items: Type.Array(CaseListItemDto) });
export const TaskListDto = Type.Object({ items: Type.Array(TaskDto) });

const CaseParams = Type.Object({ caseId: Id('Case id') });
const TaskParams = Type.Object({ taskId: Id('Task id') });
const Checklist = Type.Array(Type.String({ minLength: 1, maxLength: 300 }), {
  maxItems: MAX_CHECKLIST_ITEMS,
  description: 'The ticked items of the step’s checklist (their texts)',
});

const problems = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };

/**
 * The cases the caller may see: a department lead the own departments' cases, clerks (stop work) and admins
 * all of the municipality's. Planners plan stops and need no personal data: they have no case routes.
 */
export async function caseScope(db: Kysely<Database>, staff: StaffPrincipal): Promise<string[] | undefined> {
  if (staff.role === 'clerk' || staff.role === 'admin') return undefined;
  return departmentScope(db, staff);
}

/**
 * Cases and tasks (tracker issue 11, items 1, 3 and 6): staff find and read cases by role and department,
 * open them, complete their steps; departments work their tasks. Every access to a case's personal data — a
 * case read, a search that may match a name — is audited with the purpose the caller gives.
 */
export const caseRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db }) => {
  app.get(
    '/cases',
    {
      config: { staffRoles: ['admin', 'department', 'clerk'] },
      schema: {
        operationId: 'listCases',
        tags: ['cases'],
        summary:
          'Cases, the latest first, by status, service, department or a search (case number, booking code, citizen name); a department lead sees the own departments’ only',
        description:
          'A search may match a citizen’s name: it needs a purpose and is audited (without the search text). The items carry no personal data.',
        querystring: Type.Object(
          {
            status: Type.Optional(CaseStatus),
            serviceId: Type.Optional(Slug('Service')),
            departmentId: Type.Optional(Slug('Department')),
            search: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            purpose: Type.Optional(Purpose),
          },
          { additionalProperties: false },
        ),
        response: { 200: CaseListDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const { search, purpose, ...filters } = request.query;
      if (search && !purpose)
        throw new DomainError('validation', {
          field: 'purpose',
          message: 'a search may match personal data: give its purpose',
        });
      const scope = await caseScope(db, staff);
      const items = await listCases(db, staff.municipalityId, { ...filters, search }, scope, new Date());
      if (search && purpose) {
        await recordAudit(db, {
          municipalityId: staff.municipalityId,
          actor: staffActor(staff.userId),
          action: 'case.searched',
          subjectType: 'case',
          details: { purpose, results: items.length, ...filters },
        });
      }
      return { items };
    },
  );

  app.get(
    '/cases/:caseId',
    {
      config: { staffRoles: ['admin', 'department', 'clerk'] },
      schema: {
        operationId: 'getCase',
        tags: ['cases'],
        summary:
          'One case with its timeline, its process steps and checklists, its tasks and its hand-offs to the e-file',
        description: 'Holds the citizen’s personal data: the read is audited with the purpose given.',
        params: CaseParams,
        querystring: Type.Object({ purpose: Purpose }, { additionalProperties: false }),
        response: { 200: CaseDto, ...problems },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const view = await getCase(
        db,
        staff.municipalityId,
        request.params.caseId,
        await caseScope(db, staff),
        new Date(),
      );
      await recordAudit(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        action: 'case.read',
        subjectType: 'case',
        subjectId: view.id,
        details: {
          purpose: request.query.purpose,
          personalData: Object.values(view.citizen).some((value) => value !== null),
        },
      });
      reply.header('cache-control', 'no-store');
      return view;
    },
  );

  app.post(
    '/cases',
    {
      config: { staffRoles: ['admin', 'department', 'clerk'] },
      schema: {
        operationId: 'createCase',
        tags: ['cases'],
        summary:
          'Opens a case at a stop or in the back office: the next case number, the service’s process, its first step',
        body: Type.Object(
          {
            serviceId: Slug('Service'),
            channel: Type.Enum(['stop', 'back_office']),
            citizenName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            citizenEmail: Type.Optional(Type.String({ minLength: 3, maxLength: 254, format: 'email' })),
            citizenPhone: Type.Optional(Type.String({ minLength: 3, maxLength: 40 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Id('Case id'), number: Type.String() }), ...problems },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const created = await createCase(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        userId: staff.userId,
        departmentScope: await caseScope(db, staff),
        serviceId: request.body.serviceId,
        channel: request.body.channel,
        citizen: {
          name: request.body.citizenName ?? null,
          email: request.body.citizenEmail ?? null,
          phone: request.body.citizenPhone ?? null,
        },
        now: new Date(),
      });
      return reply.code(201).send(created);
    },
  );

  app.post(
    '/cases/:caseId/step-completions',
    {
      config: { staffRoles: ['admin', 'department', 'clerk'] },
      schema: {
        operationId: 'completeCaseStep',
        tags: ['cases'],
        summary:
          'Completes the case’s current step with its fully ticked checklist; the next step starts (a task in the department’s inbox, the hand-off to the e-file) or the case closes',
        description:
          'Stop steps are completed by clerks, back-office and department steps by the department (admins both). A wrong step is 409 naming stepKey; an unticked item 422 naming checklist/<index>.',
        params: CaseParams,
        body: Type.Object(
          { stepKey: Type.String({ minLength: 1, maxLength: 63 }), checklist: Checklist },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ status: CaseStatus, currentStepKey: Nullable(Type.String()) }),
          ...problems,
        },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return completeCaseStep(db, {
        municipalityId: staff.municipalityId,
        caseId: request.params.caseId,
        stepKey: request.body.stepKey,
        checklist: request.body.checklist,
        actor: staffActor(staff.userId),
        userId: staff.userId,
        role: staff.role,
        departmentScope: await caseScope(db, staff),
        at: new Date(),
      });
    },
  );

  app.get(
    '/tasks',
    {
      config: { staffRoles: ['admin', 'department'] },
      schema: {
        operationId: 'listTasks',
        tags: ['cases'],
        summary:
          'The task inbox: by department, assignee (or mine), status and overdue, each with its age in days; a department lead sees the own departments’ tasks',
        querystring: Type.Object(
          {
            departmentId: Type.Optional(Slug('Department')),
            assignee: Type.Optional(
              Type.Union([Type.Literal('me'), Id('Staff user')], {
                description: "'me' or a staff user's id",
              }),
            ),
            status: Type.Optional(TaskStatus),
            overdue: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: TaskListDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const { assignee, ...filters } = request.query;
      const items = await listTasks(
        db,
        staff.municipalityId,
        { ...filters, assigneeId: assignee === 'me' ? staff.userId : assignee },
        await caseScope(db, staff),
        new Date(),
      );
      return { items };
    },
  );

  app.patch(
    '/tasks/:taskId',
    {
      config: { staffRoles: ['admin', 'department'] },
      schema: {
        operationId: 'updateTask',
        tags: ['cases'],
        summary:
          'Assigns a task to a staff user of its department (or back to the inbox), starts it, or completes it with the step’s checklist',
        params: TaskParams,
        body: Type.Object(
          {
            assigneeId: Type.Optional(
              Nullable(Id('A staff user of the task’s department; null: unassigned')),
            ),
            status: Type.Optional(Type.Enum(['in_progress', 'done'])),
            checklist: Type.Optional(Checklist),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: TaskDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const scope = await caseScope(db, staff);
      const body = request.body;
      await updateTask(db, {
        municipalityId: staff.municipalityId,
        taskId: request.params.taskId,
        actor: staffActor(staff.userId),
        userId: staff.userId,
        role: staff.role,
        departmentScope: scope,
        change: {
          ...(body.assigneeId !== undefined ? { assigneeId: body.assigneeId } : {}),
          ...(body.status ? { status: body.status } : {}),
          ...(body.checklist ? { checklist: body.checklist } : {}),
        },
        now: new Date(),
      });
      const [task] = await listTasks(
        db,
        staff.municipalityId,
        { taskId: request.params.taskId },
        scope,
        new Date(),
      );
      return task!;
    },
  );
};
