import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { MAX_PASSWORD_LENGTH } from '../../auth/passwords.ts';
import { anyStaffRole } from '../../auth/roles.ts';
import { clearSessionCookie, setSessionCookie } from '../../auth/sessionCookie.ts';
import { changeStaffPassword } from '../../commands/staffPasswordChange.ts';
import { resetStaffPassword } from '../../commands/staffPasswordResetter.ts';
import { signInStaff } from '../../commands/staffSignIn.ts';
import { signOutStaff } from '../../commands/staffSignOut.ts';
import { signOutStaffEverywhere } from '../../commands/staffSignOutEverywhere.ts';
import { ProblemSchema } from '../../problem.ts';
import { hashSessionId } from '../../auth/sessions.ts';
import { deviceKeyOf, recordDeviceContact, refuseLostDevice } from '../../auth/stationDevices.ts';
import { deviceRoutes } from './deviceRoutes.ts';
import { auditRoutes } from './auditRoutes.ts';
import { catalogueResearchRoutes } from './catalogueResearchRoutes.ts';
import { departmentRoutes } from './departmentRoutes.ts';
import { rosterRoutes } from './rosterRoutes.ts';
import { stockRoutes } from './stockRoutes.ts';
import { venueRoutes } from './venueRoutes.ts';
import { unitRoutes } from './unitRoutes.ts';
import { oidcRoutes } from './oidcRoutes.ts';
import { NewPassword, problem, SessionDto } from './staffSchemas.ts';
import { sessionMaxAgeSeconds, signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { staffUserRoutes } from './staffUserRoutes.ts';

/** Staff sign-in, sessions and password; registers the user, audit and single sign-on routes too. */
export const staffAuthRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db, config }) => {
  if (!app.getSchema('Problem')) app.addSchema(ProblemSchema);
  const { staffAuth } = app;
  const signInRateLimit = { max: config.staffAuth.signInAttemptsPerMinute, timeWindow: '1 minute' };

  app.post(
    '/session',
    {
      config: { staffRoles: 'public', rateLimit: signInRateLimit },
      schema: {
        operationId: 'signIn',
        tags: ['staff'],
        summary: 'Sign in with e-mail and password; sets the session cookie',
        body: Type.Object(
          {
            email: Type.String({ minLength: 1, maxLength: 254 }),
            password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
          },
          { additionalProperties: false },
        ),
        response: { 200: SessionDto, 400: problem, 401: problem, 403: problem, 429: problem },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      // A station tablet reported lost cannot sign in again until an admin reinstates it.
      const deviceKey = deviceKeyOf(request);
      if (deviceKey) await refuseLostDevice(staffAuth.db, municipality.id, deviceKey);
      const result = await signInStaff(db, {
        municipalityId: municipality.id,
        email: request.body.email,
        password: request.body.password,
        sessions: staffAuth.sessions,
        clientAddress: request.ip,
        throttle: config.staffAuth.signInThrottle,
        addressSecret: config.staffAuth.cookieSecret,
      });
      if (deviceKey) {
        await recordDeviceContact(staffAuth.db, {
          municipalityId: municipality.id,
          deviceKey,
          userId: result.user.id,
          sessionIdHash: hashSessionId(result.session.sessionId),
        });
      }
      setSessionCookie(reply, result.session.sessionId, sessionMaxAgeSeconds(staffAuth), staffAuth.cookies);
      return {
        user: { ...result.user, mustChangePassword: result.mustChangePassword },
        csrfToken: result.session.csrfToken,
      };
    },
  );

  app.get(
    '/session',
    {
      config: { staffRoles: anyStaffRole, allowPendingPasswordChange: true },
      schema: {
        operationId: 'getSession',
        tags: ['staff'],
        summary: 'Who is signed in, with the CSRF token for changes',
        response: { 200: SessionDto, 401: problem, 403: problem },
      },
    },
    async (request) => {
      const { staff, session } = signedIn(request);
      return {
        user: {
          id: staff.userId,
          name: staff.name,
          email: staff.email,
          role: staff.role,
          mustChangePassword: session.mustChangePassword,
        },
        csrfToken: session.csrfToken,
      };
    },
  );

  app.delete(
    '/session',
    {
      config: { staffRoles: anyStaffRole, allowPendingPasswordChange: true },
      schema: {
        operationId: 'signOut',
        tags: ['staff'],
        summary: 'Sign out: ends this session',
        response: { 204: Type.Null(), 401: problem, 403: problem },
      },
    },
    async (request, reply) => {
      const { staff, session } = signedIn(request);
      await signOutStaff(db, {
        municipalityId: staff.municipalityId,
        userId: staff.userId,
        sessionIdHash: session.idHash,
      });
      clearSessionCookie(reply, staffAuth.cookies);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/sessions/revoke-all',
    {
      config: { staffRoles: anyStaffRole, allowPendingPasswordChange: true },
      schema: {
        operationId: 'signOutEverywhere',
        tags: ['staff'],
        summary: 'Sign out on every device: ends all sessions of the signed-in user, this one too',
        response: { 200: Type.Object({ revokedSessions: Type.Integer() }), 401: problem, 403: problem },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const result = await signOutStaffEverywhere(db, {
        municipalityId: staff.municipalityId,
        userId: staff.userId,
      });
      clearSessionCookie(reply, staffAuth.cookies);
      return result;
    },
  );

  app.post(
    '/password',
    {
      config: { staffRoles: anyStaffRole, allowPendingPasswordChange: true, rateLimit: signInRateLimit },
      schema: {
        operationId: 'changePassword',
        tags: ['staff'],
        summary: 'Change the own password; signs out every other session of the user',
        body: Type.Object(
          {
            currentPassword: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
            newPassword: NewPassword,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ revokedSessions: Type.Integer() }),
          400: problem,
          401: problem,
          403: problem,
          409: problem,
          422: problem,
          429: problem,
        },
      },
    },
    async (request) => {
      const { staff, session } = signedIn(request);
      return changeStaffPassword(db, {
        municipalityId: staff.municipalityId,
        userId: staff.userId,
        sessionIdHash: session.idHash,
        currentPassword: request.body.currentPassword,
        newPassword: request.body.newPassword,
      });
    },
  );

  app.post(
    '/password-reset',
    {
      config: { staffRoles: 'public', rateLimit: signInRateLimit },
      schema: {
        operationId: 'resetStaffPassword',
        tags: ['staff'],
        summary:
          'Set a new password with the one-time link an admin sent; ends every session of the user. ' +
          'The token is the fragment of the link.',
        body: Type.Object(
          {
            token: Type.String({ minLength: 20, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' }),
            newPassword: NewPassword,
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), 400: problem, 410: problem, 422: problem, 429: problem },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      await resetStaffPassword(db, {
        municipalityId: municipality.id,
        token: request.body.token,
        newPassword: request.body.newPassword,
      });
      return reply.code(204).send(null);
    },
  );

  await app.register(staffUserRoutes, { db, config });
  await app.register(auditRoutes, { db, config });
  await app.register(departmentRoutes, { db, config });
  await app.register(unitRoutes, { db, config });
  await app.register(deviceRoutes, { db, config });
  await app.register(stockRoutes, { db, config });
  await app.register(venueRoutes, { db, config });
  await app.register(rosterRoutes, { db, config });
  await app.register(catalogueResearchRoutes, { db, config });
  await app.register(oidcRoutes, { db, config, prefix: '/oidc' });
};
