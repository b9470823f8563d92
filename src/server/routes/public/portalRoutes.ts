import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';

const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export interface PortalOptions {
  db: Kysely<Database>;
  mapTileUrl: string | undefined;
  mapTileAttribution: string | undefined;
  retentionDays: number;
}

const LocalizedText = Type.Object(
  {
    de: Type.String(),
    en: Type.Optional(Type.String()),
    tr: Type.Optional(Type.String()),
    uk: Type.Optional(Type.String()),
    ar: Type.Optional(Type.String()),
  },
  { description: 'German, with translations where the municipality has them' },
);
const LegalSections = Type.Array(
  Type.Object({ heading: LocalizedText, paragraphs: Type.Array(LocalizedText) }),
);

export const portalRoutes: FastifyPluginAsyncTypebox<PortalOptions> = async (app, options) => {
  app.get(
    '/municipality',
    {
      schema: {
        operationId: 'getMunicipality',
        tags: ['portal'],
        summary: 'The municipality this address serves, and the portal settings (map tiles)',
        response: {
          200: Type.Object({
            slug: Type.String(),
            name: Type.String(),
            address: Nullable(Type.String()),
            population: Nullable(Type.Integer()),
            populationDate: Nullable(Type.String()),
            center: Nullable(Type.Object({ lat: Type.Number(), lon: Type.Number() })),
            map: Type.Object({
              tileUrl: Nullable(
                Type.String({ description: 'No tiles are loaded when null (no external server by default)' }),
              ),
              attribution: Nullable(Type.String()),
            }),
            retentionDays: Type.Integer({
              description: 'Personal data of past bookings is anonymised after this many days',
            }),
            contact: Type.Object({
              phone: Type.Optional(Type.String()),
              email: Type.Optional(Type.String()),
              serviceNumber115: Type.Optional(Type.Boolean()),
              hours: Type.Optional(LocalizedText),
            }),
            legal: Type.Object({
              imprint: Type.Optional(LegalSections),
              accessibility: Type.Optional(LegalSections),
              privacy: Type.Optional(LegalSections),
              draft: Type.Optional(Type.Boolean()),
            }),
            demo: Nullable(
              Type.Object(
                {
                  from: Type.String({ format: 'date' }),
                  to: Type.String({ format: 'date' }),
                  seed: Type.Integer(),
                },
                {
                  description:
                    'Set only on a demo database: the period of its simulated activity (never in production)',
                },
              ),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { id } = await app.resolveMunicipality(request);
      const [row, demo] = await Promise.all([
        options.db.selectFrom('municipalities').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
        options.db
          .selectFrom('demo_datasets')
          .select(['period_from', 'period_to', 'seed'])
          .where('municipality_id', '=', id)
          .executeTakeFirst(),
      ]);
      return {
        slug: row.slug,
        name: row.name,
        address: row.address,
        population: row.population,
        populationDate: row.population_date,
        center: row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : null,
        map: { tileUrl: options.mapTileUrl ?? null, attribution: options.mapTileAttribution ?? null },
        retentionDays: options.retentionDays,
        contact: row.contact,
        legal: row.legal,
        demo: demo ? { from: String(demo.period_from), to: String(demo.period_to), seed: demo.seed } : null,
      };
    },
  );
};
