import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { staffActor } from '../../audit.ts';
import { submitDemandEstimate } from '../../commands/demandEstimateSubmitter.ts';
import { updateServiceRelease } from '../../commands/serviceReleaseUpdater.ts';
import { departmentScope, listDepartments } from '../../queries/departmentQueries.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem } from './staffSchemas.ts';

const Slug = (description: string) =>
  Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100, description });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

const DepartmentServiceDto = Type.Object({
  id: Type.String(),
  nameDe: Type.String(),
  nameEn: Type.String(),
  released: Type.Boolean({ description: 'Released by its department for the mobile stations' }),
  efileLive: Type.Boolean({ description: 'Gate: the e-file is live for this service' }),
  efileLiveSince: Type.Union([Type.String(), Type.Null()]),
  processReviewed: Type.Boolean({ description: 'Gate: the process at a mobile station is reviewed' }),
  requiredEquipment: Type.Array(Type.String()),
});

const DepartmentDto = Type.Object({
  id: Type.String(),
  nameDe: Type.String(),
  nameEn: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
  confidence: Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('low')]),
  sources: Type.Array(Type.String()),
  services: Type.Array(DepartmentServiceDto),
  demandEstimates: Type.Array(
    Type.Object({
      id: Type.String(),
      serviceId: Type.String(),
      districtId: Type.String(),
      contactsPerMonth: Type.Integer(),
      comment: Type.Union([Type.String(), Type.Null()]),
      submittedAt: Type.String({ format: 'date-time' }),
    }),
  ),
});

/** Departments (Fachbereiche): release of their services, readiness gates and demand estimates. */
export const departmentRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db }) => {
  app.get(
    '/departments',
    {
      config: { staffRoles: ['admin', 'planner', 'department'] },
      schema: {
        operationId: 'listDepartments',
        tags: ['departments'],
        summary:
          'Departments with their services, releases, readiness gates and latest demand estimates; ' +
          'a department lead sees only the own departments',
        response: { 200: Type.Object({ items: Type.Array(DepartmentDto) }), 401: problem, 403: problem },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const scope = await departmentScope(db, staff);
      return { items: await listDepartments(db, staff.municipalityId, scope) };
    },
  );

  app.put(
    '/services/:serviceId/release',
    {
      config: { staffRoles: ['admin', 'department'] },
      schema: {
        operationId: 'updateServiceRelease',
        tags: ['departments'],
        summary:
          'Release a service for the mobile stations and record its readiness gates; stops offer it only when ' +
          'released, both gates are open and the unit carries its equipment',
        params: Type.Object({ serviceId: Slug('Id of the service') }),
        body: Type.Object(
          {
            released: Type.Boolean(),
            efileLive: Type.Boolean(),
            efileLiveSince: Type.Optional(Type.Union([IsoDate, Type.Null()])),
            processReviewed: Type.Boolean(),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            serviceId: Type.String(),
            departmentId: Type.String(),
            released: Type.Boolean(),
            efileLive: Type.Boolean(),
            efileLiveSince: Type.Union([Type.String(), Type.Null()]),
            processReviewed: Type.Boolean(),
          }),
          400: problem,
          401: problem,
          403: problem,
          404: problem,
          409: problem,
          422: problem,
        },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return updateServiceRelease(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        serviceId: request.params.serviceId,
        scope: await departmentScope(db, staff),
        released: request.body.released,
        efileLive: request.body.efileLive,
        efileLiveSince: request.body.efileLiveSince ?? null,
        processReviewed: request.body.processReviewed,
      });
    },
  );

  app.post(
    '/departments/:departmentId/demand-estimates',
    {
      config: { staffRoles: ['admin', 'department'] },
      schema: {
        operationId: 'submitDemandEstimate',
        tags: ['departments'],
        summary:
          'Expected contacts per month for one service of the department in one district, with a comment',
        params: Type.Object({ departmentId: Slug('Id of the department') }),
        body: Type.Object(
          {
            serviceId: Slug('One of the department’s services'),
            districtId: Slug('The district'),
            contactsPerMonth: Type.Integer({ minimum: 0, maximum: 100000 }),
            comment: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ id: Type.String(), submittedAt: Type.String({ format: 'date-time' }) }),
          400: problem,
          401: problem,
          403: problem,
          404: problem,
          422: problem,
        },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const result = await submitDemandEstimate(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        userId: staff.userId,
        departmentId: request.params.departmentId,
        scope: await departmentScope(db, staff),
        serviceId: request.body.serviceId,
        districtId: request.body.districtId,
        contactsPerMonth: request.body.contactsPerMonth,
        comment: request.body.comment?.trim() || null,
      });
      reply.code(201);
      return result;
    },
  );
};
