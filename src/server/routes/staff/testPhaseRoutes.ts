import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  comparators,
  recommendationReasonCodes,
  testPhaseKpiKeys,
  testPhaseKpis,
} from '../../../domain/testPhase.ts';
import { recordAudit, staffActor } from '../../audit.ts';
import { createTestPhase } from '../../commands/testPhaseCreator.ts';
import { testPhasePdf } from '../../evaluation/testPhasePdf.ts';
import { departmentScope } from '../../queries/departmentQueries.ts';
import { evaluationOptions, servicesOfDepartments } from '../../queries/evaluationOptions.ts';
import { listTestPhases, testPhaseReportOf } from '../../queries/testPhaseQueries.ts';
import { AssumptionsDto, CatchmentRowDto, DistrictAreaDto, MeasuresDto } from './evaluationRoutes.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem } from './staffSchemas.ts';

const Slug = (description: string) =>
  Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100, description });
const IsoDate = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: `${description} (YYYY-MM-DD)` });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const KpiKey = Type.Enum(testPhaseKpiKeys, {
  description:
    'utilisation, would_use_again_share, outside_district_share and no_show_rate are shares (0–1); ' +
    'cost_per_contact in euros; satisfaction 1–5; contacts_per_stop contacts; wait_p90 minutes',
});
const Comparator = Type.Enum(comparators, {
  description: 'at_least: the actual must reach the target; at_most: it must not exceed it',
});

const TargetDto = Type.Object({
  kpi: KpiKey,
  comparator: Comparator,
  target: Type.Number(),
  districtId: Nullable(Type.String({ description: 'The reference district of outside_district_share' })),
});

export const TestPhaseDto = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  startDate: Type.String({ format: 'date' }),
  endDate: Type.String({ format: 'date' }),
  siteIds: Type.Array(Type.String()),
  unitIds: Type.Array(Type.String()),
  targets: Type.Array(TargetDto),
  createdAt: Type.String({ format: 'date-time' }),
});

const KpiResultDto = Type.Object({
  ...TargetDto.properties,
  actual: Nullable(
    Type.Number({ description: 'In the KPI’s unit; null: no data (under 5 cases or not attributable)' }),
  ),
  status: Type.Union([Type.Literal('met'), Type.Literal('missed'), Type.Literal('no_data')]),
  clearlyMissed: Type.Boolean({ description: 'Missed by more than clearMissMargin of the target' }),
});

const ReasonDto = Type.Object({
  code: Type.Enum(recommendationReasonCodes),
  count: Type.Optional(Type.Integer()),
  total: Type.Optional(Type.Integer()),
  kpi: Type.Optional(KpiKey),
  comparator: Type.Optional(Comparator),
  target: Type.Optional(Type.Number()),
  actual: Type.Optional(Type.Number()),
  districtId: Type.Optional(Nullable(Type.String())),
});

const AssessmentProperties = {
  kpis: Type.Array(KpiResultDto),
  recommendation: Type.Object({
    decision: Type.Union(
      [Type.Literal('go'), Type.Literal('adjust'), Type.Literal('stop'), Type.Literal('insufficient_data')],
      {
        description:
          'go: every target met; stop: more than half missed clearly; adjust: otherwise; insufficient_data: no target has data',
      },
    ),
    reasons: Type.Array(ReasonDto),
  }),
};
const Named = Type.Object({ id: Type.String(), name: Type.String() });

export const TestPhaseReportDto = Type.Object({
  testPhase: TestPhaseDto,
  suppressBelow: Type.Integer(),
  clearMissMargin: Type.Number({ description: 'A target is missed clearly beyond this share of it (0.2)' }),
  overall: Type.Object(AssessmentProperties),
  bySite: Type.Array(Type.Object({ siteId: Type.String(), ...AssessmentProperties })),
  totals: MeasuresDto,
  stopsHeld: Type.Integer(),
  totalCostEur: Nullable(Type.Number()),
  staffHours: Type.Number(),
  catchment: Type.Array(CatchmentRowDto),
  assumptions: AssumptionsDto,
  names: Type.Object({
    sites: Type.Array(Named),
    units: Type.Array(Named),
    districts: Type.Array(DistrictAreaDto, {
      description: 'Districts with their reference point and area: the catchment map draws them',
    }),
  }),
  departmentView: Type.Boolean({
    description: "True for a department lead: only the own departments' services",
  }),
});

const CreateTestPhaseBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    startDate: IsoDate('First day'),
    endDate: IsoDate('Last day'),
    siteIds: Type.Array(Slug('A site of the phase'), { minItems: 1, maxItems: 200 }),
    unitIds: Type.Array(Slug('A unit of the phase'), { minItems: 1, maxItems: 100 }),
    targets: Type.Array(
      Type.Object(
        {
          kpi: KpiKey,
          comparator: Comparator,
          target: Type.Number(),
          districtId: Type.Optional(
            Nullable(Slug('Only for outside_district_share: the reference district')),
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: testPhaseKpiKeys.length },
    ),
  },
  { additionalProperties: false },
);

export const TestPhaseListDto = Type.Object({
  items: Type.Array(TestPhaseDto),
  options: Type.Object({
    sites: Type.Array(Named),
    units: Type.Array(Named),
    districts: Type.Array(Named),
    kpis: Type.Array(
      Type.Object({
        key: KpiKey,
        unit: Type.Enum(['share', 'eur', 'score', 'contacts', 'minutes'], {
          description: 'share: 0–1; eur: euros; score: 1–5; contacts; minutes',
        }),
        usual: Comparator,
        min: Type.Number(),
        max: Type.Number(),
        needsDistrict: Type.Boolean(),
      }),
      { description: 'The KPIs a test phase can set targets for, with the range of a target' },
    ),
  }),
});

const problems = { 400: problem, 401: problem, 403: problem, 404: problem, 422: problem };

/**
 * Test phases of the evaluation (tracker issue 10, item 6): planners and admins define and read them; a
 * department lead reads the reports, scoped to the own departments' services as on the dashboard. Reading a
 * report (as JSON or PDF) is audited; counts under 5 are hidden as everywhere in the evaluation.
 */
export const testPhaseRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db }) => {
  app.get(
    '/test-phases',
    {
      config: { staffRoles: ['admin', 'planner', 'department'] },
      schema: {
        operationId: 'listTestPhases',
        tags: ['evaluation'],
        summary:
          'The test phases: period, sites, units and KPI targets, the latest first; with the sites, units, districts and KPIs a new one can name',
        response: { 200: TestPhaseListDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const [items, options] = await Promise.all([
        listTestPhases(db, staff.municipalityId),
        evaluationOptions(db, staff.municipalityId, undefined),
      ]);
      return {
        items,
        options: {
          sites: options.sites,
          units: options.units,
          districts: options.districts,
          kpis: testPhaseKpiKeys.map((key) => ({ key, ...testPhaseKpis[key] })),
        },
      };
    },
  );

  app.post(
    '/test-phases',
    {
      config: { staffRoles: ['admin', 'planner'] },
      schema: {
        operationId: 'createTestPhase',
        tags: ['evaluation'],
        summary: 'Defines a test phase: period, sites, units and KPI targets',
        body: CreateTestPhaseBody,
        response: { 201: TestPhaseDto, ...problems },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const phase = await createTestPhase(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        userId: staff.userId,
        draft: request.body,
      });
      return reply.code(201).send(phase);
    },
  );

  app.get(
    '/test-phases/:testPhaseId/report',
    {
      config: { staffRoles: ['admin', 'planner', 'department'] },
      schema: {
        operationId: 'getTestPhaseReport',
        tags: ['evaluation'],
        summary:
          'Target against actual per KPI and per site, the go / adjust / stop recommendation with its reasons, the catchment and the cost assumptions; as JSON or as a PDF (counts under 5 hidden)',
        params: Type.Object({ testPhaseId: Type.String({ maxLength: 100 }) }),
        querystring: Type.Object(
          {
            format: Type.Optional(
              Type.Union([Type.Literal('json'), Type.Literal('pdf')], { default: 'json' }),
            ),
            lang: Type.Optional(Type.Union([Type.Literal('de'), Type.Literal('en')])),
          },
          { additionalProperties: false },
        ),
        response: {
          200: {
            description: 'The report as JSON, or with format=pdf as application/pdf',
            content: {
              'application/json': { schema: TestPhaseReportDto },
              'application/pdf': { schema: Type.Unsafe<string>({ type: 'string', format: 'binary' }) },
            },
          },
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const departments = await departmentScope(db, staff);
      const scope =
        departments === undefined
          ? undefined
          : await servicesOfDepartments(db, staff.municipalityId, departments);
      const report = await testPhaseReportOf(db, staff.municipalityId, request.params.testPhaseId, scope);
      const format = request.query.format ?? 'json';
      await recordAudit(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        action: format === 'pdf' ? 'test_phase.report_exported' : 'test_phase.report_read',
        subjectType: 'test_phase',
        subjectId: report.testPhase.id,
        details: {
          from: report.testPhase.startDate,
          to: report.testPhase.endDate,
          format,
          departmentView: report.departmentView,
        },
      });
      if (format === 'pdf') {
        const pdf = await testPhasePdf(report, request.query.lang ?? 'de');
        return reply
          .type('application/pdf')
          .header(
            'content-disposition',
            `attachment; filename="erprobungsphase-${report.testPhase.startDate}.pdf"`,
          )
          .send(pdf);
      }
      return reply.type('application/json; charset=utf-8').send(report);
    },
  );
};
