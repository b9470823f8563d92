import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  efileMessages,
  MAX_CHECKLIST_ITEMS,
  MAX_DEADLINE_DAYS,
  MAX_PROCESS_STEPS,
  processActors,
} from '../../../domain/caseProcess.ts';
import { computeProcessFigures, workChannels } from '../../../domain/processFigures.ts';
import { DomainError } from '../../../domain/errors.ts';
import { recordAudit, staffActor } from '../../audit.ts';
import { importProcessDefinition } from '../../commands/processDefinitionImporter.ts';
import { saveProcessDefinition } from '../../commands/processDefinitionSaver.ts';
import { MAX_BPMN_BYTES } from '../../processes/bpmnProcessReader.ts';
import { processLogCsv, processLogXes } from '../../processes/processLogExport.ts';
import { departmentScope } from '../../queries/departmentQueries.ts';
import { listProcessDefinitions, loadProcessLog } from '../../queries/processQueries.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem } from './staffSchemas.ts';

const Slug = (description: string) =>
  Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100, description });
const IsoDate = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: `${description} (YYYY-MM-DD)` });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const Actor = Type.Enum(processActors, {
  description: 'stop: at the stop; back_office: the back office; department: the owning department',
});
const EfileMessage = Type.Enum(efileMessages, {
  description:
    'record: xdomea FVDaten.SGOErstellen (0604) then SGOAblegen (0605); hand_over: Abgabe.Abgabe (0401)',
});

export const ProcessStepDto = Type.Object({
  key: Type.String({ description: 'Stable within a definition: a–z, 0–9, "-" and "_"' }),
  name: Type.String(),
  actor: Actor,
  checklist: Type.Array(Type.String()),
  deadlineDays: Nullable(Type.Integer({ description: 'Days from the step’s start to its deadline' })),
  handOff: Type.Boolean({ description: 'Reaching this step hands the case to the e-file' }),
});

const VersionProperties = {
  id: Type.String({ format: 'uuid' }),
  version: Type.Integer(),
  name: Type.String(),
  source: Type.Union([Type.Literal('bpmn'), Type.Literal('form'), Type.Literal('seed')]),
  efileMessage: EfileMessage,
  active: Type.Boolean(),
  hasBpmn: Type.Boolean({ description: 'Imported from a BPMN 2.0 file (kept with the version)' }),
  createdAt: Type.String({ format: 'date-time' }),
};

export const ProcessDefinitionListDto = Type.Object({
  items: Type.Array(
    Type.Object({
      serviceId: Type.String(),
      nameDe: Type.String(),
      nameEn: Type.String(),
      departmentId: Nullable(Type.String()),
      active: Nullable(
        Type.Object(
          { ...VersionProperties, steps: Type.Array(ProcessStepDto) },
          {
            description: 'The version in force; null: the service has no definition yet',
          },
        ),
      ),
      versions: Type.Array(Type.Object(VersionProperties), {
        description: 'Every version, the newest first',
      }),
    }),
  ),
});

export const ProcessDefinitionCreatedDto = Type.Object({
  id: Type.String({ format: 'uuid' }),
  serviceId: Type.String(),
  version: Type.Integer(),
});

const LeadTimeCellDto = Type.Object(
  {
    count: Nullable(Type.Integer()),
    medianHours: Nullable(Type.Number()),
    p90Hours: Nullable(Type.Number()),
  },
  { description: 'Hours; all null when fewer than 5 cases make the cell' },
);
const BottleneckDto = Type.Object({
  serviceId: Type.String(),
  stepKey: Type.String(),
  medianHours: Type.Number(),
  p90Hours: Type.Number(),
  waitingMedianHours: Nullable(Type.Number()),
  count: Type.Integer(),
  overdueShare: Nullable(Type.Number()),
});

export const ProcessFiguresDto = Type.Object({
  suppressBelow: Type.Integer(),
  services: Type.Array(
    Type.Object({
      serviceId: Type.String(),
      cases: LeadTimeCellDto,
      steps: Type.Array(
        Type.Object({
          stepKey: Type.String(),
          leadTime: LeadTimeCellDto,
          waiting: LeadTimeCellDto,
          overdue: Nullable(Type.Integer()),
          overdueShare: Nullable(Type.Number()),
        }),
      ),
    }),
  ),
  channels: Type.Array(Type.Object({ channel: Type.Enum(workChannels), leadTime: LeadTimeCellDto })),
  startChannels: Type.Array(
    Type.Object({
      channel: Type.Union([Type.Literal('online'), Type.Literal('stop'), Type.Literal('back_office')]),
      cases: LeadTimeCellDto,
    }),
  ),
  bottlenecks: Type.Object({ byLeadTime: Type.Array(BottleneckDto), byOverdue: Type.Array(BottleneckDto) }),
});

const LogFilter = {
  serviceId: Type.Optional(Slug('Only this service')),
  from: Type.Optional(IsoDate('Events from this day (UTC)')),
  to: Type.Optional(IsoDate('Events up to and including this day (UTC)')),
};

const problems = { 400: problem, 401: problem, 403: problem, 404: problem, 422: problem };

function period(query: { from?: string | undefined; to?: string | undefined }) {
  const day = (text: string, field: string) => {
    const at = new Date(`${text}T00:00:00Z`);
    if (Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== text)
      throw new DomainError('invalid_date', { field, message: `Not a date: ${text}` });
    return at;
  };
  const from = query.from ? day(query.from, 'from') : undefined;
  const to = query.to ? new Date(day(query.to, 'to').getTime() + 86_400_000) : undefined;
  if (from && to && from >= to)
    throw new DomainError('invalid_range', { field: 'to', message: 'The period ends before it starts.' });
  return { from, to };
}

/**
 * Process definitions and figures (tracker issue 11, items 3 and 7). Admins and planners define the processes
 * of every service, a department lead those of the own departments' services; the same holds for the figures
 * and the event log export. Clerks work the steps at the stop and need none of this.
 */
export const processRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db }) => {
  app.get(
    '/process-definitions',
    {
      config: { staffRoles: ['admin', 'planner', 'department'] },
      schema: {
        operationId: 'listProcessDefinitions',
        tags: ['processes'],
        summary:
          'The services with their process definition in force (steps, actors, checklists, deadlines, hand-off) and every version; a department lead sees the own departments’ services',
        response: { 200: ProcessDefinitionListDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const scope = await departmentScope(db, staff);
      return { items: await listProcessDefinitions(db, staff.municipalityId, scope) };
    },
  );

  app.post(
    '/process-definitions/import',
    {
      config: { staffRoles: ['admin', 'planner', 'department'] },
      bodyLimit: MAX_BPMN_BYTES * 2,
      schema: {
        operationId: 'importProcessDefinition',
        tags: ['processes'],
        summary:
          'Imports a BPMN 2.0 model as the service’s next process version (the previous one is retired). A linear process: one start event, tasks in sequence-flow order to an end event; lanes or mr:actor name who acts, documentation lines "- …" the checklist, timer boundary events (P5D) the deadline, mr:handOff or a send task for the e-file the hand-off. Problems are listed in details.issues',
        body: Type.Object(
          {
            serviceId: Slug('The service the process is for'),
            efileMessage: Type.Optional(EfileMessage),
            bpmnXml: Type.String({
              minLength: 1,
              maxLength: MAX_BPMN_BYTES,
              description: 'The BPMN 2.0 XML',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 201: ProcessDefinitionCreatedDto, ...problems, 413: problem },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const created = await importProcessDefinition(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        userId: staff.userId,
        serviceId: request.body.serviceId,
        efileMessage: request.body.efileMessage ?? 'record',
        bpmnXml: request.body.bpmnXml,
        scope: await departmentScope(db, staff),
      });
      return reply.code(201).send({ ...created, serviceId: request.body.serviceId });
    },
  );

  app.post(
    '/process-definitions',
    {
      config: { staffRoles: ['admin', 'planner', 'department'] },
      schema: {
        operationId: 'saveProcessDefinition',
        tags: ['processes'],
        summary:
          'Saves a process definition from the simple form (for services without a BPMN model) as the service’s next version',
        body: Type.Object(
          {
            serviceId: Slug('The service the process is for'),
            name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
            efileMessage: EfileMessage,
            steps: Type.Array(
              Type.Object(
                {
                  key: Type.String({ maxLength: 63 }),
                  name: Type.String({ maxLength: 200 }),
                  actor: Actor,
                  checklist: Type.Array(Type.String({ maxLength: 300 }), { maxItems: MAX_CHECKLIST_ITEMS }),
                  deadlineDays: Nullable(Type.Integer({ minimum: 0, maximum: MAX_DEADLINE_DAYS })),
                  handOff: Type.Boolean(),
                },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: MAX_PROCESS_STEPS },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: ProcessDefinitionCreatedDto, ...problems },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const created = await saveProcessDefinition(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        userId: staff.userId,
        serviceId: request.body.serviceId,
        name: request.body.name ?? null,
        efileMessage: request.body.efileMessage,
        steps: request.body.steps,
        scope: await departmentScope(db, staff),
      });
      return reply.code(201).send({ ...created, serviceId: request.body.serviceId });
    },
  );

  app.get(
    '/process-figures',
    {
      config: { staffRoles: ['admin', 'planner', 'department'] },
      schema: {
        operationId: 'getProcessFigures',
        tags: ['processes'],
        summary:
          'Lead times (median, p90) per service and step, per channel and per start channel, and the bottlenecks, from the case event log; cells of fewer than 5 cases are hidden',
        querystring: Type.Object(LogFilter, { additionalProperties: false }),
        response: { 200: ProcessFiguresDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const { cases, events } = await loadProcessLog(db, {
        municipalityId: staff.municipalityId,
        scope: await departmentScope(db, staff),
        serviceId: request.query.serviceId,
        ...period(request.query),
      });
      return computeProcessFigures(cases, events);
    },
  );

  app.get(
    '/process-log',
    {
      config: { staffRoles: ['admin', 'planner', 'department'] },
      schema: {
        operationId: 'exportProcessLog',
        tags: ['processes'],
        summary:
          'The case event log for process-mining tools: XES (IEEE 1849-2016; a trace per case number, events with concept:name, time:timestamp, lifecycle:transition and the channel as org:resource) or CSV. No personal data and no staff',
        querystring: Type.Object(
          { format: Type.Union([Type.Literal('xes'), Type.Literal('csv')]), ...LogFilter },
          { additionalProperties: false },
        ),
        response: {
          200: {
            description: 'The log as XES (application/xml) or CSV (text/csv)',
            content: {
              'application/xml': { schema: Type.Unsafe<string>({ type: 'string' }) },
              'text/csv': { schema: Type.Unsafe<string>({ type: 'string' }) },
            },
          },
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const scope = await departmentScope(db, staff);
      const { from, to } = period(request.query);
      const { cases, events } = await loadProcessLog(db, {
        municipalityId: staff.municipalityId,
        scope,
        serviceId: request.query.serviceId,
        from,
        to,
      });
      const format = request.query.format;
      const municipality = await db
        .selectFrom('municipalities')
        .select('slug')
        .where('id', '=', staff.municipalityId)
        .executeTakeFirstOrThrow();
      const rows = cases.map((row) => ({
        caseId: row.caseId,
        number: row.number,
        serviceId: row.serviceId,
        channel: row.channel,
      }));
      const body =
        format === 'xes'
          ? processLogXes(rows, events, { municipality: municipality.slug, exportedAt: new Date() })
          : processLogCsv(rows, events);
      await recordAudit(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        action: 'process_log.exported',
        subjectType: 'process_log',
        details: {
          format,
          serviceId: request.query.serviceId ?? null,
          from: request.query.from ?? null,
          to: request.query.to ?? null,
          cases: cases.length,
          events: events.length,
          departmentView: scope !== undefined,
        },
      });
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .type(format === 'xes' ? 'application/xml; charset=utf-8' : 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="prozessprotokoll-${stamp}.${format}"`)
        .send(body);
    },
  );
};
