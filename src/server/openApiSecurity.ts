import type { FastifySchema, RouteOptions } from 'fastify';
import type { RouteAccess } from './auth/roles.ts';

/** The security schemes of the staff API: the session cookie, and the CSRF header for changes. */
export const staffSecuritySchemes = {
  staffSession: {
    type: 'apiKey',
    in: 'cookie',
    name: 'mr_session',
    description: 'The session cookie set by POST /api/v1/staff/session (signIn)',
  },
  csrfToken: {
    type: 'apiKey',
    in: 'header',
    name: 'x-csrf-token',
    description: 'The csrfToken of the session; required with every POST, PUT, PATCH and DELETE',
  },
} as const;

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A @fastify/swagger `transform`: every operation that declares staff roles gets its security requirement
 * (cookie, plus x-csrf-token for unsafe methods) and the roles in its description, so API clients see both.
 */
export function declareStaffSecurity({
  schema,
  url,
  route,
}: {
  schema: FastifySchema;
  url: string;
  route: RouteOptions;
}): { schema: FastifySchema; url: string } {
  const access = (route.config as { staffRoles?: RouteAccess } | undefined)?.staffRoles;
  if (!schema || access === undefined || access === 'public') return { schema, url };
  const methods = [route.method].flat();
  const unsafe = methods.some((method) => !safeMethods.has(method));
  const roles = `Staff roles: ${access.join(', ')}.`;
  const description = (schema as { description?: string }).description;
  return {
    schema: {
      ...schema,
      description: description ? `${description}\n\n${roles}` : roles,
      security: [unsafe ? { staffSession: [], csrfToken: [] } : { staffSession: [] }],
    } as FastifySchema,
    url,
  };
}
