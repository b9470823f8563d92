import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Papa from 'papaparse';
import Type from 'typebox';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { openDataOfYear } from '../../queries/openDataQuery.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const OpenDataDto = Type.Object({
  year: Type.Integer(),
  suppressBelow: Type.Integer({ description: 'Counts under this, and figures on fewer contacts, are null' }),
  licence: Type.String(),
  rows: Type.Array(
    Type.Object({
      month: Type.String({ description: 'YYYY-MM' }),
      siteId: Nullable(Type.String({ description: 'null: all sites together' })),
      siteName: Nullable(Type.String()),
      visits: Nullable(Type.Integer()),
      contacts: Nullable(Type.Integer()),
      servicesDelivered: Nullable(Type.Integer()),
      walkInShare: Nullable(Type.Number()),
      waitMedianMinutes: Nullable(Type.Number()),
      simulated: Type.Boolean({
        description: 'True only on a demo database: the figures come from simulated activity',
      }),
    }),
  ),
});

const LICENCE = 'Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)';

/** The anonymised figures for the city's open-data portal (tracker issue 10, item 7). Public: no personal data. */
export const openDataRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<Database> }> = async (app, { db }) => {
  app.get(
    '/open-data/evaluation',
    {
      schema: {
        operationId: 'getOpenData',
        tags: ['open data'],
        summary:
          'Anonymised figures of a year per month, for all sites and per site, as JSON or CSV; counts under 5 left out',
        querystring: Type.Object(
          {
            year: Type.Integer({ minimum: 2020, maximum: 2100 }),
            format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
          },
          { additionalProperties: false },
        ),
        response: { 200: OpenDataDto, 400: Type.Ref('Problem') },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      const rows = await openDataOfYear(db, municipality.id, request.query.year);
      reply.header('cache-control', 'public, max-age=3600');
      if (request.query.format === 'csv') {
        const csv = Papa.unparse(
          rows.map((row) => ({
            month: row.month,
            site_id: row.siteId ?? '',
            site_name: row.siteName ?? '',
            visits: row.visits ?? '',
            contacts: row.contacts ?? '',
            services_delivered: row.servicesDelivered ?? '',
            walk_in_share: row.walkInShare === null ? '' : Math.round(row.walkInShare * 1000) / 1000,
            wait_median_minutes: row.waitMedianMinutes ?? '',
            simulated: row.simulated,
          })),
          { newline: '\r\n' },
        );
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="mobiles-rathaus-${request.query.year}.csv"`)
          .send(`${csv}\r\n`);
      }
      return { year: request.query.year, suppressBelow: 5, licence: LICENCE, rows };
    },
  );
};
