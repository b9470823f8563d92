import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { ChangeFeed } from '../../db/changeFeed.ts';
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
 *
 * With a trusted change feed (migration 047) the answer per host is kept in memory until a change of the
 * municipalities (migration 053) or of anything else the feed reports as '*', a lost feed, or a minute at
 * most; without one every request reads the table.
 */
export const tenancyPlugin = fp(
  async (
    app: FastifyInstance,
    options: {
      db: Kysely<Database>;
      defaultSlug: string;
      defaultPublicBaseUrl: string;
      changes?: ChangeFeed | undefined;
    },
  ) => {
    const kept = new Map<string, { municipality: Municipality; atMs: number }>();
    let epoch = 0;
    const forget = () => {
      epoch++;
      kept.clear();
    };
    const unsubscribe = options.changes?.subscribe((payload) => {
      if (!payload.startsWith('stop:') && !payload.startsWith('stop-row:')) forget();
    }, forget);
    if (unsubscribe) app.addHook('onClose', async () => unsubscribe());

    app.decorate('resolveMunicipality', async (request: FastifyRequest): Promise<Municipality> => {
      const host = (request.headers.host ?? '').toLowerCase();
      const trusted = options.changes?.trusted === true;
      const known = trusted ? kept.get(host) : undefined;
      if (known && Date.now() - known.atMs < 60_000) return known.municipality;
      const epochBefore = epoch;
      const atMs = Date.now();
      const municipality = await readMunicipality(host);
      // Kept only when no change was told while it was read (the read may predate the change).
      if (trusted && options.changes?.trusted && epoch === epochBefore) {
        if (kept.size >= 1000) kept.clear();
        kept.set(host, { municipality, atMs });
      }
      return municipality;
    });

    async function readMunicipality(host: string): Promise<Municipality> {
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
    }
  },
  { name: 'tenancy' },
);
