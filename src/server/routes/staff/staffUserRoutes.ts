import { publicBaseUrlOf } from '../../publicBaseUrl.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { staffActor } from '../../audit.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../auth/passwords.ts';
import { sendStaffPasswordReset } from '../../commands/staffPasswordResetSender.ts';
import { createStaffUser } from '../../commands/staffUserCreate.ts';
import { updateStaffUser } from '../../commands/staffUserUpdate.ts';
import { listStaffUsers } from '../../queries/staffQueries.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem, StaffRoleSchema, StaffUserDto, StaffUserId } from './staffSchemas.ts';

const DepartmentIds = Type.Array(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100 }), {
  maxItems: 50,
  description: "The departments a department lead answers for; only with the role 'department'",
});

/** User management for the admins of a municipality; every query is scoped to the admin's municipality. */
export const staffUserRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db, config }) => {
  app.get(
    '/users',
    {
      config: { staffRoles: ['admin'] },
      schema: {
        operationId: 'listStaffUsers',
        tags: ['staff users'],
        summary: 'The staff accounts of this municipality',
        response: {
          200: Type.Object({ items: Type.Array(StaffUserDto), total: Type.Integer() }),
          401: problem,
          403: problem,
        },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const items = await listStaffUsers(db, staff.municipalityId);
      return { items, total: items.length };
    },
  );

  app.post(
    '/users',
    {
      config: { staffRoles: ['admin'] },
      schema: {
        operationId: 'createStaffUser',
        tags: ['staff users'],
        summary: 'Create a staff account; without a password, one is generated and returned this once',
        body: Type.Object(
          {
            email: Type.String({ minLength: 3, maxLength: 254 }),
            name: Type.String({ minLength: 1, maxLength: 200 }),
            role: StaffRoleSchema,
            password: Type.Optional(
              Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH }),
            ),
            departmentIds: Type.Optional(DepartmentIds),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            user: Type.Object({
              id: StaffUserId,
              email: Type.String(),
              name: Type.String(),
              role: StaffRoleSchema,
              departmentIds: Type.Array(Type.String()),
            }),
            initialPassword: Type.Optional(
              Type.String({ description: 'Only when generated; must be changed at the first sign-in' }),
            ),
          }),
          400: problem,
          401: problem,
          403: problem,
          409: problem,
          422: problem,
        },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const { initialPassword, ...user } = await createStaffUser(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        email: request.body.email,
        name: request.body.name,
        role: request.body.role,
        password: request.body.password,
        departmentIds: request.body.departmentIds,
      });
      reply.code(201);
      return {
        user: {
          ...user,
          departmentIds: request.body.role === 'department' ? request.body.departmentIds! : [],
        },
        ...(initialPassword ? { initialPassword } : {}),
      };
    },
  );

  app.patch(
    '/users/:userId',
    {
      config: { staffRoles: ['admin'] },
      schema: {
        operationId: 'updateStaffUser',
        tags: ['staff users'],
        summary: 'Change the role or departments of a staff account, (de)activate it or lift a sign-in delay',
        params: Type.Object({ userId: StaffUserId }),
        body: Type.Object(
          {
            role: Type.Optional(StaffRoleSchema),
            active: Type.Optional(Type.Boolean({ description: 'false signs the person out everywhere' })),
            unlock: Type.Optional(
              Type.Literal(true, { description: 'Lift the sign-in delay after failed sign-ins' }),
            ),
            departmentIds: Type.Optional(DepartmentIds),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: {
          200: Type.Object({
            id: StaffUserId,
            role: StaffRoleSchema,
            active: Type.Boolean(),
            revokedSessions: Type.Integer(),
          }),
          400: problem,
          401: problem,
          403: problem,
          404: problem,
          409: problem,
        },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return updateStaffUser(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        userId: request.params.userId,
        role: request.body.role,
        active: request.body.active,
        unlock: request.body.unlock,
        departmentIds: request.body.departmentIds,
      });
    },
  );

  app.post(
    '/users/:userId/password-reset',
    {
      config: { staffRoles: ['admin'] },
      schema: {
        operationId: 'sendStaffPasswordReset',
        tags: ['staff users'],
        summary:
          'Mail a staff member a one-time link (60 minutes) to set a new password; replaces older links. ' +
          'No body is needed.',
        params: Type.Object({ userId: StaffUserId }),
        response: {
          202: Type.Object({
            expiresAt: Type.String({ format: 'date-time', description: 'When the link stops working' }),
          }),
          400: problem,
          401: problem,
          403: problem,
          404: problem,
          409: problem,
        },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const { expiresAt } = await sendStaffPasswordReset(db, {
        municipalityId: staff.municipalityId,
        adminUserId: staff.userId,
        userId: request.params.userId,
        publicBaseUrl: await publicBaseUrlOf(db, staff.municipalityId, config.publicBaseUrl),
      });
      reply.code(202);
      return { expiresAt: expiresAt.toISOString() };
    },
  );
};
