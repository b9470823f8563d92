import type { FastifyInstance, HTTPMethods } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import type { StaffRole } from '../../src/db/staffSchema.ts';
import type { RouteAccess } from '../../src/server/auth/roles.ts';
import { createSession } from '../../src/server/auth/sessions.ts';
import { createStaff } from './staffSession.ts';

export type MatrixCaller = 'none' | StaffRole;
const callers: MatrixCaller[] = ['none', 'clerk', 'department', 'planner', 'admin'];

export interface StaffRouteEntry {
  method: string;
  url: string;
  staffRoles: RouteAccess | undefined;
}

export interface MatrixMismatch {
  route: string;
  caller: MatrixCaller;
  expected: '401' | '403' | 'allowed (neither 401 nor 403)';
  status: number;
  body: string;
}

export interface StaffRouteMatrix {
  /** Every route under the prefix, from the app's route registry and its OpenAPI document. */
  routes: StaffRouteEntry[];
  /** Routes under the prefix without `config.staffRoles`: each one is a failure. */
  undeclared: string[];
  /** OpenAPI operations under the prefix the auth plugin never saw (registered before it). */
  unseen: string[];
  /** Answers that do not fit the declared roles. */
  mismatches: MatrixMismatch[];
  /** How many requests were checked. */
  checked: number;
}

const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
// Any syntactically plausible id: callers without the role never get as far as validation.
const fillParams = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, () => crypto.randomUUID());

/**
 * Walks every route under `prefix` (default /api/v1/staff/) and calls it as nobody, clerk, planner and admin
 * with a valid session and CSRF token: nobody must get 401, a role the route does not declare 403, and a
 * declared role anything but 401/403. Routes declared 'public' are called once, anonymously, and must not
 * answer 401/403.
 */
export async function runStaffRouteMatrix(
  app: FastifyInstance,
  options: { prefix?: string; municipality?: string; host?: string } = {},
): Promise<StaffRouteMatrix> {
  const prefix = options.prefix ?? '/api/v1/staff/';
  const host = options.host ?? 'localhost';
  const routes = app.routeAccessDeclarations
    .filter((route) => route.url.startsWith(prefix) && route.method !== 'HEAD')
    .map((route) => ({ ...route }));

  const seen = new Set(routes.map((route) => `${route.method} ${openApiPath(route.url)}`));
  const document = app.swagger() as { paths?: Record<string, Record<string, unknown>> };
  const unseen = Object.entries(document.paths ?? {})
    .filter(([path]) => path.startsWith(prefix))
    .flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    )
    .filter((operation) => !seen.has(operation));
  const undeclared = routes
    .filter((route) => route.staffRoles === undefined)
    .map((route) => `${route.method} ${route.url}`);

  const db = app.staffAuth.db as unknown as Kysely<Database>;
  const users = new Map<StaffRole, { id: string; municipalityId: string }>();
  for (const role of ['clerk', 'department', 'planner', 'admin'] as const) {
    users.set(role, await createStaff(db, options.municipality ?? 'guetersloh', role));
  }

  const mismatches: MatrixMismatch[] = [];
  let checked = 0;
  for (const route of routes) {
    if (route.staffRoles === undefined) continue;
    const access = route.staffRoles;
    const routeCallers: MatrixCaller[] = access === 'public' ? ['none'] : callers;
    for (const caller of routeCallers) {
      const headers: Record<string, string> = { host };
      if (caller !== 'none') {
        // A fresh session per call: some routes end the session they are called with.
        const session = await createSession(
          app.staffAuth.db,
          users.get(caller)!,
          'password',
          app.staffAuth.sessions,
        );
        headers.cookie = `mr_session=${session.sessionId}`;
        headers['x-csrf-token'] = session.csrfToken;
      }
      const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(route.method);
      const response = await app.inject({
        method: route.method as HTTPMethods,
        url: fillParams(route.url),
        headers,
        ...(unsafe ? { payload: {} } : {}),
      });
      checked += 1;
      const expected =
        access === 'public'
          ? ('allowed (neither 401 nor 403)' as const)
          : caller === 'none'
            ? ('401' as const)
            : access.includes(caller)
              ? ('allowed (neither 401 nor 403)' as const)
              : ('403' as const);
      const fits =
        expected === '401'
          ? response.statusCode === 401
          : expected === '403'
            ? response.statusCode === 403
            : response.statusCode !== 401 && response.statusCode !== 403;
      if (!fits) {
        mismatches.push({
          route: `${route.method} ${route.url}`,
          caller,
          expected,
          status: response.statusCode,
          body: response.body.slice(0, 300),
        });
      }
    }
  }
  return { routes, undeclared, unseen, mismatches, checked };
}
