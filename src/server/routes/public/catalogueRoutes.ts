import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { notFound } from '../../problem.ts';
import {
  findDistrict,
  findService,
  findSite,
  listDistricts,
  listServices,
  listSites,
} from '../../queries/catalogueQueries.ts';
import { DistrictDto, DistrictOutlineDto, ServiceDto, SiteDto } from './catalogueSchemas.ts';

const Slug = (description: string) =>
  Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100, description });
const problemResponses = { 400: Type.Ref('Problem'), 404: Type.Ref('Problem') };

const PointFeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String(),
      geometry: Type.Object({
        type: Type.Literal('Point'),
        coordinates: Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }),
      }),
      properties: Type.Object({}, { additionalProperties: true }),
    }),
  ),
});

const DistrictFeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String(),
      geometry: Type.Union([
        Type.Object({
          type: Type.Literal('Point'),
          coordinates: Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }),
        }),
        DistrictOutlineDto,
      ]),
      properties: Type.Object({}, { additionalProperties: true }),
    }),
  ),
});

/** Districts as features: the outline where the data has one, else the reference point. */
function toDistrictFeatures(items: DistrictDto[]) {
  return {
    type: 'FeatureCollection' as const,
    features: items.map(({ outline, lat, lon, ...properties }) => ({
      type: 'Feature' as const,
      id: properties.id,
      geometry: outline ?? { type: 'Point' as const, coordinates: [lon, lat] },
      properties: outline ? { ...properties, referencePoint: [lon, lat] } : properties,
    })),
  };
}

function toPointFeatures<T extends { id: string; lat: number; lon: number }>(items: T[]) {
  return {
    type: 'FeatureCollection' as const,
    features: items.map(({ lat, lon, ...properties }) => ({
      type: 'Feature' as const,
      id: properties.id,
      geometry: { type: 'Point' as const, coordinates: [lon, lat] },
      properties,
    })),
  };
}

export const catalogueRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<Database> }> = async (app, { db }) => {
  app.get(
    '/services',
    {
      schema: {
        operationId: 'listServices',
        tags: ['catalogue'],
        summary: 'Services a citizen can ask for, with whether they are online or need a visit',
        querystring: Type.Object(
          {
            q: Type.Optional(
              Type.String({
                maxLength: 100,
                description: 'Search in names (German and English) and LeiKa key',
              }),
            ),
            channel: Type.Optional(
              Type.Union([Type.Literal('online'), Type.Literal('in_person')], {
                description:
                  'online: can be done online (fully or partly); in_person: can be done at a visit',
              }),
            ),
            presence: Type.Optional(Type.Enum(['required', 'optional', 'not_required', 'depends'])),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(ServiceDto), total: Type.Integer() }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      const { q, channel, presence } = request.query;
      const items = await listServices(db, municipality.id, {
        q,
        channel: channel as 'online' | 'in_person' | undefined,
        presence: presence as Database['services']['presence'] | undefined,
      });
      return { items, total: items.length };
    },
  );

  app.get(
    '/services/:serviceId',
    {
      schema: {
        operationId: 'getService',
        tags: ['catalogue'],
        summary: 'One service with documents to bring, fees and why a visit is needed',
        params: Type.Object({ serviceId: Slug('Service id') }),
        response: { 200: ServiceDto, ...problemResponses },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      const service = await findService(db, municipality.id, request.params.serviceId);
      if (!service) throw notFound('service', 'serviceId', request.params.serviceId);
      return service;
    },
  );

  app.get(
    '/sites',
    {
      schema: {
        operationId: 'listSites',
        tags: ['catalogue'],
        summary: 'Places where a mobile unit can stop',
        querystring: Type.Object(
          { districtId: Type.Optional(Slug('Only sites in this district')) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(SiteDto), total: Type.Integer() }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      const items = await listSites(db, municipality.id, { districtId: request.query.districtId });
      return { items, total: items.length };
    },
  );

  app.get(
    '/sites.geojson',
    {
      schema: {
        operationId: 'listSitesGeoJson',
        tags: ['catalogue'],
        summary: 'Sites as a GeoJSON FeatureCollection (RFC 7946)',
        response: { 200: PointFeatureCollection },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      reply.type('application/geo+json; charset=utf-8');
      return toPointFeatures(await listSites(db, municipality.id));
    },
  );

  app.get(
    '/sites/:siteId',
    {
      schema: {
        operationId: 'getSite',
        tags: ['catalogue'],
        params: Type.Object({ siteId: Slug('Site id') }),
        response: { 200: SiteDto, ...problemResponses },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      const site = await findSite(db, municipality.id, request.params.siteId);
      if (!site) throw notFound('site', 'siteId', request.params.siteId);
      return site;
    },
  );

  app.get(
    '/districts',
    {
      schema: {
        operationId: 'listDistricts',
        tags: ['catalogue'],
        summary:
          'Districts (Stadtteile) and quarters with population figures (sources and confidence: staff only)',
        response: { 200: Type.Object({ items: Type.Array(DistrictDto), total: Type.Integer() }) },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      const items = await listDistricts(db, municipality.id);
      return { items, total: items.length };
    },
  );

  app.get(
    '/districts.geojson',
    {
      schema: {
        operationId: 'listDistrictsGeoJson',
        tags: ['catalogue'],
        summary:
          'Districts as a GeoJSON FeatureCollection (RFC 7946): the outline where known, else the reference point',
        response: { 200: DistrictFeatureCollection },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      reply.type('application/geo+json; charset=utf-8');
      return toDistrictFeatures(await listDistricts(db, municipality.id));
    },
  );

  app.get(
    '/districts/:districtId',
    {
      schema: {
        operationId: 'getDistrict',
        tags: ['catalogue'],
        params: Type.Object({ districtId: Slug('District id') }),
        response: { 200: DistrictDto, ...problemResponses },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      const district = await findDistrict(db, municipality.id, request.params.districtId);
      if (!district) throw notFound('district', 'districtId', request.params.districtId);
      return district;
    },
  );
};
