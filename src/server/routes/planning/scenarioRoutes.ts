import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import Type from 'typebox';
import type { AppConfig } from '../../../config.ts';
import type { Database } from '../../../db/schema.ts';
import { localDateOf } from '../../../domain/time.ts';
import { DEFAULT_DEMAND_WEIGHT_FACTORS } from '../../../planning/demand.ts';
import { DEFAULT_COST_PER_STAFF_HOUR, DEFAULT_COST_PER_UNIT_DAY } from '../../../planning/scenarioSetup.ts';
import { staffActor } from '../../audit.ts';
import { approveScenario } from '../../commands/planning/scenarioApprover.ts';
import { createScenario } from '../../commands/planning/scenarioCreator.ts';
import { deleteScenario } from '../../commands/planning/scenarioDeleter.ts';
import { ScenarioRunner } from '../../commands/planning/scenarioRunner.ts';
import type { ScenarioInputs } from '../../commands/planning/scenarioTypes.ts';
import { activateSchedule } from '../../commands/scheduleActivator.ts';
import { notFound } from '../../problem.ts';
import { scenarioPdf } from '../../planning/scenarioPdf.ts';
import { scenarioReportOf } from '../../queries/scenarioReportQueries.ts';
import { listScenarioViews } from '../../queries/scenarioQueries.ts';
import {
  problems,
  ReportMapDto,
  ScenarioBody,
  ScenarioDto,
  ScenarioIdParams,
  ScenarioReportQuery,
} from './scenarioSchemas.ts';

const planners = ['planner', 'admin'] as const;

/**
 * Planning scenarios (Bedarfsanalyse): create, run in a worker thread, compare, approve into draft
 * schedules, activate a schedule. Registered with the prefix /staff: the paths are
 * /api/v1/staff/planning/scenarios… and /api/v1/staff/schedules/:scheduleId/activate.
 */
export const scenarioRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<Database>; config: AppConfig }> = async (
  app,
  { db, config },
) => {
  const runner = new ScenarioRunner(db, app.log);
  app.addHook('onClose', async () => runner.close());
  // Runs a killed or crashed process left behind are failed at once, so they can be run again or deleted.
  await runner.startUp();
  const isRunning = (id: string) => runner.isRunning(id);

  const findView = async (municipalityId: string, scenarioId: string) => {
    const [view] = await listScenarioViews(db, municipalityId, { scenarioId, isRunning });
    if (!view) throw notFound('scenario', 'scenarioId', scenarioId);
    return view;
  };

  app.get(
    '/planning/scenarios',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'listScenarios',
        tags: ['planning'],
        summary: 'Planning scenarios of the municipality, newest first, with their results',
        response: { 200: Type.Object({ items: Type.Array(ScenarioDto) }), ...problems },
      },
    },
    async (request) => ({
      items: await listScenarioViews(db, request.staff!.municipalityId, { isRunning }),
    }),
  );

  app.post(
    '/planning/scenarios',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'createScenario',
        tags: ['planning'],
        summary:
          'Store a scenario as a draft; its inputs are checked against the districts, sites and units (422 naming the field)',
        body: ScenarioBody,
        response: { 201: ScenarioDto, ...problems },
      },
    },
    async (request, reply) => {
      const { name, ...body } = request.body;
      const inputs: ScenarioInputs = {
        objective: body.objective,
        units: body.units,
        staffDaysPerWeek: body.staffDaysPerWeek,
        ...(body.p !== undefined ? { p: body.p } : {}),
        ...(body.budgetPerMonth !== undefined ? { budgetPerMonth: body.budgetPerMonth } : {}),
        coverageThresholdMinutes: body.coverageThresholdMinutes,
        travelMode: body.travelMode,
        ...(body.transit ? { transit: body.transit } : {}),
        weights: body.weights ?? {
          residents: DEFAULT_DEMAND_WEIGHT_FACTORS.residents,
          residents65plus: DEFAULT_DEMAND_WEIGHT_FACTORS.residents65plus,
          limitedMobility: DEFAULT_DEMAND_WEIGHT_FACTORS.limitedMobility,
          pastBookings: DEFAULT_DEMAND_WEIGHT_FACTORS.pastBookings,
        },
        costPerStaffHour: body.costPerStaffHour ?? DEFAULT_COST_PER_STAFF_HOUR,
        costPerUnitDay: body.costPerUnitDay ?? DEFAULT_COST_PER_UNIT_DAY,
        ...(body.shareLimitedMobility !== undefined
          ? { shareLimitedMobility: body.shareLimitedMobility }
          : {}),
        ...(body.siteIds ? { siteIds: body.siteIds } : {}),
        ...(body.districtIds ? { districtIds: body.districtIds } : {}),
        timeLimitSeconds: body.timeLimitSeconds ?? 20,
        ...(body.layerWeights ? { layerWeights: body.layerWeights } : {}),
      };
      const municipalityId = request.staff!.municipalityId;
      const id = await createScenario(db, {
        municipalityId,
        name: name.trim() || 'Szenario',
        inputs,
        actor: staffActor(request.staff!.userId),
      });
      reply.status(201);
      return findView(municipalityId, id);
    },
  );

  app.get(
    '/planning/scenarios/:scenarioId',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'getScenario',
        tags: ['planning'],
        summary: 'One scenario: status and progress while it runs, the result when it is done',
        params: ScenarioIdParams,
        response: { 200: ScenarioDto, ...problems },
      },
    },
    async (request) => findView(request.staff!.municipalityId, request.params.scenarioId),
  );

  // The council report: its map as JSON for the page (projected on the server, so the planning rules stay out
  // of the browser bundle), or the whole report as a PDF. No personal data (sites, districts, aggregated
  // demand), so no audit row.
  app.get(
    '/planning/scenarios/:scenarioId/report',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'getScenarioReport',
        tags: ['planning'],
        summary:
          'The council report of a scenario that has run: the map of its sites, catchments and demand beyond the access limit as JSON, or with format=pdf the whole report as application/pdf (German unless lang=en); 409 before it has a result',
        params: ScenarioIdParams,
        querystring: ScenarioReportQuery,
        response: {
          200: {
            description: 'The map as JSON, or with format=pdf the report as application/pdf',
            content: {
              'application/json': { schema: Type.Object({ map: ReportMapDto }) },
              'application/pdf': { schema: Type.Unsafe<string>({ type: 'string', format: 'binary' }) },
            },
          },
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const report = await scenarioReportOf(db, request.staff!.municipalityId, request.params.scenarioId);
      if (request.query.format === 'pdf') {
        const pdf = await scenarioPdf(report, request.query.lang ?? 'de');
        return reply
          .type('application/pdf')
          .header(
            'content-disposition',
            `attachment; filename="bedarfsanalyse-${(report.scenario.finishedAt ?? '').slice(0, 10) || 'bericht'}.pdf"`,
          )
          .send(pdf);
      }
      return reply.type('application/json; charset=utf-8').send({ map: report.map });
    },
  );

  app.delete(
    '/planning/scenarios/:scenarioId',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'deleteScenario',
        tags: ['planning'],
        summary: 'Delete a scenario that is not running',
        params: ScenarioIdParams,
        response: { 204: Type.Null(), ...problems },
      },
    },
    async (request, reply) => {
      await deleteScenario(db, {
        municipalityId: request.staff!.municipalityId,
        scenarioId: request.params.scenarioId,
        actor: staffActor(request.staff!.userId),
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/planning/scenarios/:scenarioId/run',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'runScenario',
        tags: ['planning'],
        summary:
          'Start the solve in a worker thread; answers 202 at once. Poll getScenario for progress and the result',
        params: ScenarioIdParams,
        response: { 202: ScenarioDto, ...problems },
      },
    },
    async (request, reply) => {
      const municipalityId = request.staff!.municipalityId;
      await runner.start(municipalityId, request.params.scenarioId, staffActor(request.staff!.userId));
      reply.status(202);
      return findView(municipalityId, request.params.scenarioId);
    },
  );

  app.post(
    '/planning/scenarios/:scenarioId/approve',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'approveScenario',
        tags: ['planning'],
        summary:
          "Turn the scenario's timetable into DRAFT schedules (source scenario:<id>); they make stops once activated",
        params: ScenarioIdParams,
        response: { 200: ScenarioDto, ...problems },
      },
    },
    async (request) => {
      const municipalityId = request.staff!.municipalityId;
      await approveScenario(db, {
        municipalityId,
        scenarioId: request.params.scenarioId,
        today: localDateOf(Date.now()),
        actor: staffActor(request.staff!.userId),
      });
      return findView(municipalityId, request.params.scenarioId);
    },
  );

  app.post(
    '/schedules/:scheduleId/activate',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'activateSchedule',
        tags: ['staff'],
        summary:
          'Activate a draft schedule: its stops are generated up to the horizon; 409 when the unit is elsewhere on a date',
        params: Type.Object({ scheduleId: Type.String({ format: 'uuid', description: 'Schedule id' }) }),
        response: {
          200: Type.Object({
            scheduleId: Type.String(),
            status: Type.Literal('active'),
            stopIds: Type.Array(Type.String()),
            skipped: Type.Integer(),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const result = await activateSchedule(db, {
        municipalityId: request.staff!.municipalityId,
        scheduleId: request.params.scheduleId,
        horizonWeeks: config.booking.horizonWeeks,
        today: localDateOf(Date.now()),
        actor: staffActor(request.staff!.userId),
      });
      return { ...result, status: 'active' as const };
    },
  );
};
