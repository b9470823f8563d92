import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import { OidcClient, type OidcLoginState } from '../../auth/oidc.ts';
import { setSessionCookie } from '../../auth/sessionCookie.ts';
import { OidcSignInRefused, signInStaffWithOidc } from '../../commands/staffOidcSignIn.ts';
import { problem } from './staffSchemas.ts';
import { sessionMaxAgeSeconds, type StaffRouteOptions } from './staffRouteSupport.ts';
import { DomainError } from '../../../domain/errors.ts';

const LOGIN_STATE_COOKIE = 'mr_oidc';
const LOGIN_STATE_MAX_AGE_SECONDS = 600;
/** The station app; it shows `signInError` to the person when the sign-in did not work. */
const AFTER_SIGN_IN = '/station';

function parseLoginState(raw: string): OidcLoginState | undefined {
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<OidcLoginState>;
    const fields = [value.codeVerifier, value.state, value.nonce, value.municipalityId];
    return fields.every((field) => typeof field === 'string' && field.length > 0)
      ? (value as OidcLoginState)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Single sign-on through the municipality's OpenID Connect provider (when OIDC_ISSUER_URL is set). */
export const oidcRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db, config }) => {
  const oidc = config.oidc ? new OidcClient(config.oidc) : undefined;
  const { staffAuth } = app;
  const cookiePath = app.prefix;
  const stateCookieOptions = {
    httpOnly: true,
    // Lax, not Strict: the provider sends the browser back with a cross-site navigation.
    sameSite: 'lax' as const,
    path: cookiePath,
    secure: staffAuth.cookies.secure,
  };
  const requireOidc = () => {
    if (!oidc) {
      throw new DomainError('oidc_not_configured', {
        message: 'Single sign-on is not set up for this installation.',
      });
    }
    return oidc;
  };
  const failTo = (reply: FastifyReply, code: string) =>
    reply.redirect(`${AFTER_SIGN_IN}?signInError=${encodeURIComponent(code)}`, 302);

  app.get(
    '/login',
    {
      config: {
        staffRoles: 'public',
        rateLimit: { max: config.staffAuth.signInAttemptsPerMinute * 3, timeWindow: '1 minute' },
      },
      schema: {
        operationId: 'startSingleSignOn',
        tags: ['staff'],
        summary: 'Single sign-on: redirects to the identity provider (PKCE, state and nonce)',
        response: {
          302: Type.Null({ description: 'To the identity provider' }),
          404: problem,
          502: problem,
        },
      },
    },
    async (request, reply) => {
      const client = requireOidc();
      const municipality = await app.resolveMunicipality(request);
      let started: Awaited<ReturnType<OidcClient['startLogin']>>;
      try {
        started = await client.startLogin(municipality.id);
      } catch (error) {
        request.log.warn({ err: { type: (error as Error).name } }, 'identity provider not reachable');
        throw new DomainError('oidc_unavailable', {
          message: 'The identity provider does not answer. Try again later.',
        });
      }
      const value = Buffer.from(JSON.stringify(started.loginState)).toString('base64url');
      reply.setCookie(LOGIN_STATE_COOKIE, value, {
        ...stateCookieOptions,
        signed: true,
        maxAge: LOGIN_STATE_MAX_AGE_SECONDS,
      });
      return reply.redirect(started.url.href, 302);
    },
  );

  app.get(
    '/callback',
    {
      config: {
        staffRoles: 'public',
        rateLimit: { max: config.staffAuth.signInAttemptsPerMinute * 3, timeWindow: '1 minute' },
      },
      schema: {
        operationId: 'finishSingleSignOn',
        tags: ['staff'],
        summary: `Single sign-on: the provider sends the browser back here; sets the session cookie and redirects to ${AFTER_SIGN_IN}`,
        querystring: Type.Object(
          {
            code: Type.Optional(Type.String({ maxLength: 4096 })),
            state: Type.Optional(Type.String({ maxLength: 1024 })),
            error: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: true },
        ),
        response: {
          302: Type.Null({ description: `To ${AFTER_SIGN_IN}, with ?signInError=<code> when it failed` }),
          404: problem,
        },
      },
    },
    async (request, reply) => {
      const client = requireOidc();
      const stateCookie = request.cookies[LOGIN_STATE_COOKIE];
      reply.clearCookie(LOGIN_STATE_COOKIE, stateCookieOptions);
      const unsigned = stateCookie ? request.unsignCookie(stateCookie) : undefined;
      const loginState = unsigned?.valid && unsigned.value ? parseLoginState(unsigned.value) : undefined;
      if (!loginState) return failTo(reply, 'login-expired');
      const municipality = await app.resolveMunicipality(request);
      if (loginState.municipalityId !== municipality.id) return failTo(reply, 'wrong-municipality');
      if (request.query.error) return failTo(reply, 'provider-refused');

      let identity;
      try {
        identity = await client.finishLogin(request.url.split('?')[1] ?? '', loginState);
      } catch (error) {
        // Only the kind of error: its message may quote claims (names, e-mail addresses).
        const err = error as Error & { code?: string; error?: string };
        request.log.warn({ err: { type: err.name, code: err.code ?? err.error } }, 'single sign-on failed');
        return failTo(reply, 'oidc-failed');
      }
      try {
        const result = await signInStaffWithOidc(db, {
          municipalityId: municipality.id,
          ...identity,
          sessions: staffAuth.sessions,
        });
        setSessionCookie(reply, result.session.sessionId, sessionMaxAgeSeconds(staffAuth), staffAuth.cookies);
        return reply.redirect(AFTER_SIGN_IN, 302);
      } catch (error) {
        if (error instanceof OidcSignInRefused) return failTo(reply, error.reason);
        throw error;
      }
    },
  );
};
