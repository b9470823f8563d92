import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';

export interface Municipality {
  id: string;
  slug: string;
  name: string;
  /** Where links in its mails, feeds and posters point: its own address, else PUBLIC_BASE_URL. */
  publicBaseUrl: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    resolveMunicipality(request: FastifyRequest): Promise<Municipality>;
  }
}

/**
 * Every request acts for exactly one municipality: the one whose `hostnames` lists the request's host,
 * otherwise the configured default. Queries are scoped by the resolved id.
 */
export const tenancyPlugin = fp(
  async (
    app: FastifyInstance,
    options: { db: Kysely<Database>; defaultSlug: string; defaultPublicBaseUrl: string },
  ) => {
    app.decorate('resolveMunicipality', async (request: FastifyRequest): Promise<Municipality> => {
      const host = (request.headers.host ?? '').toLowerCase();
      const byHost = host
        ? await options.db
            .selectFrom('municipalities')
            .select(['id', 'slug', 'name', 'public_base_url'])
            .where((eb) => eb(eb.val(host), '=', eb.fn.any('hostnames')))
            .executeTakeFirst()
        : undefined;
      const municipality =
        byHost ??
        (await options.db
          .selectFrom('municipalities')
          .select(['id', 'slug', 'name', 'public_base_url'])
          .where('slug', '=', options.defaultSlug)
          .executeTakeFirst());
      if (!municipality) {
        throw new DomainError('no_municipality', {
          message: 'No municipality is set up for this address yet.',
        });
      }
      const { public_base_url: publicBaseUrl, ...rest } = municipality;
      return { ...rest, publicBaseUrl: publicBaseUrl ?? options.defaultPublicBaseUrl };
    });
  },
  { name: 'tenancy' },
);
