import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { withStaffTables, type StaffDatabase } from '../../db/staffSchema.ts';
import type { RouteAccess, StaffRole } from './roles.ts';
import { clearSessionCookie, type CookieSecurity } from './sessionCookie.ts';
import {
  findActiveSession,
  secretsEqual,
  SESSION_COOKIE,
  type ActiveSession,
  type SessionSettings,
  type StaffPrincipal,
} from './sessions.ts';
import { DomainError } from '../../domain/errors.ts';
import { deviceKeyOf, recordDeviceContact, refuseLostDevice } from './stationDevices.ts';

export interface StaffGuardOptions {
  /** Lets a user who must change the password through (their session, sign-out, the password change). */
  allowPendingPasswordChange?: boolean;
}

export type StaffGuard = ((request: FastifyRequest, reply: FastifyReply) => Promise<void>) & {
  [staffGuardMark]: true;
};

/** One entry per route the app registered, with the access it declared in `config.staffRoles`. */
export interface RouteAccessDeclaration {
  method: string;
  url: string;
  staffRoles: RouteAccess | undefined;
}

export interface StaffAuth {
  db: Kysely<StaffDatabase>;
  sessions: SessionSettings;
  cookies: CookieSecurity;
  config: AppConfig['staffAuth'];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Who may call this route. Staff routes must declare it; the auth plugin then checks the session,
     * municipality, role and CSRF token before the body is even parsed.
     */
    staffRoles?: RouteAccess;
    allowPendingPasswordChange?: boolean;
  }
  interface FastifyInstance {
    /** A hook (use as `onRequest` or `preHandler`) that admits only signed-in staff with one of these roles. */
    requireStaff(roles: readonly StaffRole[], options?: StaffGuardOptions): StaffGuard;
    /** Every route registered after the auth plugin, with its declared access (for the authorisation tests). */
    readonly routeAccessDeclarations: readonly RouteAccessDeclaration[];
    readonly staffAuth: StaffAuth;
  }
  interface FastifyRequest {
    /** Set by the staff guard: who is signed in. */
    staff?: StaffPrincipal;
    staffSession?: ActiveSession;
  }
}

const staffGuardMark = Symbol('staffGuard');
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function headerValue(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

function hooksOf(route: RouteOptions, name: 'onRequest' | 'preValidation' | 'preHandler'): unknown[] {
  const hooks = route[name];
  return hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];
}

const isStaffGuard = (hook: unknown) =>
  typeof hook === 'function' && (hook as Partial<StaffGuard>)[staffGuardMark] === true;

export const authPlugin = fp(
  async (app: FastifyInstance, options: { db: Kysely<Database>; config: AppConfig }) => {
    const staffAuth: StaffAuth = {
      db: withStaffTables(options.db),
      sessions: {
        idleMinutes: options.config.staffAuth.sessionIdleMinutes,
        absoluteHours: options.config.staffAuth.sessionAbsoluteHours,
      },
      cookies: { secure: options.config.nodeEnv === 'production' },
      config: options.config.staffAuth,
    };
    await app.register(cookie, { secret: options.config.staffAuth.cookieSecret });
    app.decorate('staffAuth', staffAuth);
    app.decorateRequest('staff', undefined);
    app.decorateRequest('staffSession', undefined);

    app.decorate('requireStaff', (roles: readonly StaffRole[], guardOptions: StaffGuardOptions = {}) => {
      const guard = async (request: FastifyRequest, reply: FastifyReply) => {
        const sessionId = request.cookies[SESSION_COOKIE];
        // A station device reported lost hears so first, signed in or not: the app then wipes its data.
        const deviceKey = deviceKeyOf(request);
        if (deviceKey) {
          try {
            await refuseLostDevice(staffAuth.db, (await app.resolveMunicipality(request)).id, deviceKey);
          } catch (error) {
            if (sessionId) clearSessionCookie(reply, staffAuth.cookies);
            throw error;
          }
        }
        const session = sessionId
          ? await findActiveSession(staffAuth.db, sessionId, staffAuth.sessions)
          : undefined;
        if (!session) {
          if (sessionId) clearSessionCookie(reply, staffAuth.cookies);
          throw new DomainError('not_signed_in', {
            message: 'Please sign in: there is no valid staff session.',
          });
        }
        const municipality = await app.resolveMunicipality(request);
        if (session.principal.municipalityId !== municipality.id) {
          throw new DomainError('wrong_municipality', {
            message: 'This session belongs to another municipality. Please sign in at its own address.',
          });
        }
        if (!roles.includes(session.principal.role)) {
          throw new DomainError('role_not_allowed', {
            message: `This needs the role ${roles.join(' or ')}; you are signed in as ${session.principal.role}.`,
          });
        }
        if (session.mustChangePassword && !guardOptions.allowPendingPasswordChange) {
          throw new DomainError('password_change_required', {
            message: 'Please choose a new password before you continue.',
          });
        }
        if (
          unsafeMethods.has(request.method) &&
          !secretsEqual(headerValue(request.headers['x-csrf-token']), session.csrfToken)
        ) {
          throw new DomainError('csrf_token_invalid', {
            field: 'x-csrf-token',
            message:
              'The x-csrf-token header is missing or does not match this session. Reload and try again.',
          });
        }
        if (deviceKey) {
          await recordDeviceContact(staffAuth.db, {
            municipalityId: municipality.id,
            deviceKey,
            userId: session.principal.userId,
            sessionIdHash: session.idHash,
          });
        }
        request.staff = session.principal;
        request.staffSession = session;
      };
      return Object.assign(guard, { [staffGuardMark]: true as const });
    });

    const declarations: RouteAccessDeclaration[] = [];
    app.decorate('routeAccessDeclarations', declarations);
    app.addHook('onRoute', (route) => {
      const access = route.config?.staffRoles;
      for (const method of [route.method].flat()) {
        declarations.push({ method, url: route.url, staffRoles: access });
      }
      if (access === undefined || access === 'public') return;
      const guarded = (['onRequest', 'preValidation', 'preHandler'] as const).some((name) =>
        hooksOf(route, name).some(isStaffGuard),
      );
      if (guarded) return;
      // Before parsing and validation: an anonymous caller learns nothing about the body a route expects.
      route.onRequest = [
        ...(hooksOf(route, 'onRequest') as NonNullable<RouteOptions['onRequest']>[]),
        app.requireStaff(access, { allowPendingPasswordChange: route.config?.allowPendingPasswordChange }),
      ] as RouteOptions['onRequest'];
    });
  },
  { name: 'staff-auth', dependencies: ['tenancy'] },
);
