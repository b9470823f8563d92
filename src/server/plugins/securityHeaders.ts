import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';

/**
 * The security headers of every answer (Content-Security-Policy, X-Frame-Options, …), exactly as
 * @fastify/helmet sets them, worked out once at start: the plugin builds Helmet and parses the CSP directives
 * anew on every request, which showed in the availability's profile (bench:booking). The headers do not depend
 * on the request, so the answer of a probe carries them all.
 */
export async function securityHeadersFor(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const probe = Fastify();
  await probe.register(helmet, options);
  let headers: Record<string, string> = {};
  probe.get('/', (_request, reply) => {
    headers = Object.fromEntries(
      Object.entries(reply.raw.getHeaders()).map(([name, value]) => [name, String(value)]),
    );
    return '';
  });
  await probe.inject('/');
  await probe.close();
  return headers;
}

/** Sets the headers on every answer, as the first thing each request does after the hooks registered before. */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: FastifyHelmetOptions,
): Promise<void> {
  const headers = await securityHeadersFor(options);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
