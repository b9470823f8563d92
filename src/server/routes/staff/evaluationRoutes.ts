import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { recordAudit, staffActor } from '../../audit.ts';
import { updateEvaluationAssumptions } from '../../commands/evaluationAssumptionsUpdater.ts';
import { departmentScope } from '../../queries/departmentQueries.ts';
import { evaluationOptions, servicesOfDepartments } from '../../queries/evaluationOptions.ts';
import { evaluate, onlineCandidates, type EvaluationFilter } from '../../queries/evaluationQuery.ts';
import { townHallComparison } from '../../queries/townHallQuery.ts';
import { getTestPhase } from '../../queries/testPhaseQueries.ts';
import {
  evaluationTables,
  evaluationCsv,
  evaluationWorkbook,
  type EvaluationTableName,
} from '../../evaluation/evaluationExport.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem } from './staffSchemas.ts';

const Slug = (description: string) =>
  Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100, description });
const IsoDate = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: `${description} (YYYY-MM-DD)` });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
/** A count of 1 to 4 is null: too small to show. */
const ShownCount = Nullable(Type.Integer({ minimum: 0 }));
const Figure = Nullable(Type.Number());

const Channel = Type.Union([
  Type.Literal('booked'),
  Type.Literal('waitlist'),
  Type.Literal('staff_booked'),
  Type.Literal('walk_in'),
]);

const filterProperties = {
  from: IsoDate('First day'),
  to: IsoDate('Last day'),
  siteId: Type.Optional(Slug('Only stops at this site')),
  districtId: Type.Optional(Slug('Only stops at sites in this district')),
  unitId: Type.Optional(Slug('Only stops of this unit')),
  serviceId: Type.Optional(Slug('Only visits with this service')),
  channel: Type.Optional(Channel),
  testPhaseId: Type.Optional(
    Type.String({
      format: 'uuid',
      description:
        "A test phase: its period replaces from and to, and only its sites' and units' stops count",
    }),
  ),
};
const FilterQuery = Type.Object(filterProperties, { additionalProperties: false });

const measureProperties = {
  visits: ShownCount,
  contacts: ShownCount,
  servicesDelivered: ShownCount,
  cancellations: ShownCount,
  noShows: ShownCount,
  waitMedianMinutes: Figure,
  waitP90Minutes: Figure,
  handlingMedianMinutes: Figure,
  handlingP90Minutes: Figure,
  utilisation: Figure,
  walkInShare: Figure,
  costPerContactEur: Figure,
  feedbackAnswers: ShownCount,
  satisfactionMean: Figure,
  wouldUseAgainShare: Figure,
};
export const MeasuresDto = Type.Object(measureProperties);
const Measures = MeasuresDto;
const Row = Type.Object({ key: Type.String(), ...measureProperties });

export const AssumptionsDto = Type.Object({
  staffHourRateEur: Type.Number(),
  unitDayCostEur: Type.Number(),
  travelCostPerStopEur: Type.Number(),
  custom: Type.Boolean({ description: "False while the product's defaults apply" }),
  note: Nullable(Type.String()),
  updatedAt: Nullable(Type.String({ format: 'date-time' })),
});

const Named = Type.Object({ id: Type.String(), name: Type.String() });

export const CatchmentRowDto = Type.Object({
  districtId: Nullable(Type.String()),
  contacts: ShownCount,
  population: Nullable(Type.Integer()),
  contactsPer1000: Figure,
});

/** A district with its reference point and area, as the catchment map draws it (no outlines are known yet). */
export const DistrictAreaDto = Type.Object({
  id: Type.String(),
  name: Type.String(),
  parentId: Nullable(Type.String({ description: 'The district a quarter belongs to' })),
  lat: Type.Number({ description: 'Reference point (WGS 84)' }),
  lon: Type.Number(),
  areaKm2: Nullable(Type.Number()),
});

export const EvaluationDto = Type.Object({
  filter: Type.Object(filterProperties),
  suppressBelow: Type.Integer({
    description: 'Counts under this are shown as null, and figures on fewer contacts',
  }),
  totals: Measures,
  stopsHeld: Type.Integer(),
  openCounterMinutes: Type.Number(),
  totalCostEur: Figure,
  staffHours: Type.Number(),
  bySite: Type.Array(Row),
  byService: Type.Array(Row),
  byChannel: Type.Array(Row),
  byPeriod: Type.Array(Row),
  periodGranularity: Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')]),
  byPeriodChannel: Type.Array(
    Type.Object({
      period: Type.String({ description: 'A key of byPeriod' }),
      channel: Channel,
      contacts: ShownCount,
    }),
    {
      description:
        'Contacts per period and channel: every period of byPeriod × every channel, zeros included',
    },
  ),
  satisfactionDistribution: Type.Array(
    Type.Object({ score: Type.Integer({ minimum: 1, maximum: 5 }), answers: ShownCount }),
    {
      description: 'Survey answers per satisfaction score (1 to 5); empty where answers cannot be attributed',
    },
  ),
  catchment: Type.Array(CatchmentRowDto),
  assumptions: AssumptionsDto,
  options: Type.Object({
    sites: Type.Array(Named),
    districts: Type.Array(DistrictAreaDto, {
      description: 'Districts with their reference point and area: the catchment map draws them',
    }),
    units: Type.Array(Named),
    testPhases: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        startDate: Type.String({ format: 'date' }),
        endDate: Type.String({ format: 'date' }),
      }),
      { description: 'The test phases the period filter offers' },
    ),
    services: Type.Array(Type.Object({ id: Type.String(), nameDe: Type.String(), nameEn: Type.String() })),
  }),
  departmentView: Type.Boolean({
    description: "True for a department lead: only the own departments' services",
  }),
  demo: Type.Boolean({
    description: 'True when the selection holds simulated demo activity (a demo database only)',
  }),
});

const reasonCounts = Type.Object({
  did_not_know: ShownCount,
  no_eid: ShownCount,
  needs_help: ShownCount,
  legal_presence: ShownCount,
  other: ShownCount,
});

export const OnlineCandidatesDto = Type.Object({
  filter: Type.Object(filterProperties),
  items: Type.Array(
    Type.Object({
      serviceId: Type.String(),
      nameDe: Type.String(),
      nameEn: Type.String(),
      onlineAvailable: Type.Union([
        Type.Literal('yes'),
        Type.Literal('partial'),
        Type.Literal('no'),
        Type.Literal('unknown'),
      ]),
      onlineUrl: Nullable(Type.String()),
      presence: Type.Union([
        Type.Literal('required'),
        Type.Literal('optional'),
        Type.Literal('not_required'),
        Type.Literal('depends'),
      ]),
      typicalMinutes: Type.Integer(),
      contacts: ShownCount,
      reasonsRecorded: ShownCount,
      reasons: reasonCounts,
      couldBeOnlineShare: Figure,
      shareBasis: Type.Union(
        [Type.Literal('reasons'), Type.Literal('catalogue'), Type.Literal('legal_presence')],
        {
          description:
            'Where the share comes from: recorded reasons (5 or more), the catalogue, or legal presence',
        },
      ),
      potentialMinutes: Figure,
    }),
  ),
});

const problems = { 400: problem, 401: problem, 403: problem, 422: problem };

/**
 * The evaluation of the test phase (tracker issue 10): figures for planners and admins, a department lead's
 * own services, exports as CSV and XLSX, and the cost assumptions. Reading figures is audited.
 */
export const evaluationRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db }) => {
  async function scopeOf(staff: {
    municipalityId: string;
    userId: string;
    role: Parameters<typeof departmentScope>[1]['role'];
  }) {
    const departments = await departmentScope(db, staff);
    return departments === undefined
      ? undefined
      : servicesOfDepartments(db, staff.municipalityId, departments);
  }

  /** The selection of a query; a test phase brings its period, sites and units. */
  const filterOf = async (municipalityId: string, query: EvaluationFilter): Promise<EvaluationFilter> => {
    const filter: EvaluationFilter = {
      from: query.from,
      to: query.to,
      siteId: query.siteId,
      districtId: query.districtId,
      unitId: query.unitId,
      serviceId: query.serviceId,
      channel: query.channel,
    };
    if (!query.testPhaseId) return filter;
    const phase = await getTestPhase(db, municipalityId, query.testPhaseId);
    return {
      ...filter,
      from: phase.startDate,
      to: phase.endDate,
      testPhaseId: phase.id,
      siteIds: phase.siteIds,
      unitIds: phase.unitIds,
    };
  };
  /** What the audit trail keeps of a selection: the filter without the phase's id lists. */
  const audited = ({ siteIds: _sites, unitIds: _units, ...filter }: EvaluationFilter) => filter;

  app.get(
    '/evaluation',
    {
      config: { staffRoles: ['admin', 'planner', 'department'] },
      schema: {
        operationId: 'getEvaluation',
        tags: ['evaluation'],
        summary:
          'Figures of the stops in a period: contacts, waits, utilisation, cost per contact, catchment (no personal data; counts under 5 hidden)',
        querystring: FilterQuery,
        response: { 200: EvaluationDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const scope = await scopeOf(staff);
      const filter = await filterOf(staff.municipalityId, request.query);
      const [result, options] = await Promise.all([
        evaluate(db, staff.municipalityId, filter, scope),
        evaluationOptions(db, staff.municipalityId, scope),
      ]);
      await recordAudit(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        action: 'evaluation.read',
        subjectType: 'evaluation',
        details: { ...audited(filter) },
      });
      const { serviceScope, ...figures } = result;
      return { ...figures, suppressBelow: 5, options, departmentView: serviceScope !== undefined };
    },
  );

  app.get(
    '/evaluation/online-candidates',
    {
      config: { staffRoles: ['admin', 'planner', 'department'] },
      schema: {
        operationId: 'listOnlineCandidates',
        tags: ['evaluation'],
        summary:
          'What goes online next: services delivered in person, ranked by contacts × typical minutes × the share that could have been online',
        querystring: FilterQuery,
        response: { 200: OnlineCandidatesDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const filter = await filterOf(staff.municipalityId, request.query);
      const result = await onlineCandidates(db, staff.municipalityId, filter, await scopeOf(staff));
      await recordAudit(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        action: 'evaluation.read',
        subjectType: 'evaluation',
        details: { ...audited(filter), view: 'online_candidates' },
      });
      return result;
    },
  );

  app.get(
    '/evaluation/export',
    {
      config: { staffRoles: ['admin', 'planner', 'department'] },
      schema: {
        operationId: 'exportEvaluation',
        tags: ['evaluation'],
        summary:
          'The evaluation as a spreadsheet: one table as CSV, or every table as sheets of an XLSX workbook (counts under 5 hidden)',
        querystring: Type.Object(
          {
            ...filterProperties,
            format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
            table: Type.Optional(Type.Union(evaluationTables.map((table) => Type.Literal(table)))),
            lang: Type.Optional(Type.Union([Type.Literal('de'), Type.Literal('en')])),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Unsafe<string>({ type: 'string', format: 'binary', description: 'text/csv or XLSX' }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const scope = await scopeOf(staff);
      const filter = await filterOf(staff.municipalityId, request.query);
      const [result, options, candidates, townHall] = await Promise.all([
        evaluate(db, staff.municipalityId, filter, scope),
        evaluationOptions(db, staff.municipalityId, scope),
        onlineCandidates(db, staff.municipalityId, filter, scope),
        // The town hall is one place: only the period and the service apply to the comparison.
        townHallComparison(
          db,
          staff.municipalityId,
          { from: filter.from, to: filter.to, serviceId: filter.serviceId },
          scope,
        ),
      ]);
      const language = request.query.lang ?? 'de';
      const table: EvaluationTableName = request.query.table ?? 'totals';
      await recordAudit(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        action: 'evaluation.exported',
        subjectType: 'evaluation',
        details: {
          ...audited(filter),
          format: request.query.format,
          table: request.query.format === 'csv' ? table : 'all',
        },
      });
      const name = `auswertung-${filter.from}-${filter.to}${result.demo ? '-demo' : ''}`;
      if (request.query.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}-${table}.csv"`)
          .send(evaluationCsv(result, options, table, language, candidates, townHall));
      }
      const workbook = await evaluationWorkbook(result, options, language, candidates, townHall);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .send(workbook);
    },
  );

  app.put(
    '/evaluation/assumptions',
    {
      config: { staffRoles: ['admin', 'planner'] },
      schema: {
        operationId: 'updateEvaluationAssumptions',
        tags: ['evaluation'],
        summary:
          'The cost assumptions of the evaluation: a staff hour, a unit’s day, the trip to a stop (euros)',
        body: Type.Object(
          {
            staffHourRateEur: Type.Number({ minimum: 0, maximum: 1000 }),
            unitDayCostEur: Type.Number({ minimum: 0, maximum: 100000 }),
            travelCostPerStopEur: Type.Number({ minimum: 0, maximum: 100000 }),
            note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
          },
          { additionalProperties: false },
        ),
        response: { 200: AssumptionsDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return updateEvaluationAssumptions(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        userId: staff.userId,
        staffHourRateEur: request.body.staffHourRateEur,
        unitDayCostEur: request.body.unitDayCostEur,
        travelCostPerStopEur: request.body.travelCostPerStopEur,
        note: request.body.note?.trim() || null,
      });
    },
  );
};
