import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { buildCalendar, type CalendarEvent } from '../../mail/calendar.ts';
import { notFound } from '../../problem.ts';
import { findSite } from '../../queries/catalogueQueries.ts';
import { findStop, listStops, type StopView } from '../../queries/stopQueries.ts';
import { localDayRange } from './dateRange.ts';
import { StopListQuery, Uuid } from './stopSchemas.ts';

const problems = { 400: Type.Ref('Problem'), 404: Type.Ref('Problem') };
const FEED_DAYS = 180;

function stopEvent(stop: StopView, baseUrl: string): CalendarEvent {
  const services = stop.services.map((service) => service.nameDe).join(', ');
  return {
    uid: `stop-${stop.id}@mobiles-rathaus`,
    start: new Date(stop.startsAt),
    end: new Date(stop.endsAt),
    summary: `Mobiles Rathaus: ${stop.site.name}`,
    description: `${stop.unit.name}. Angebot: ${services}\nTermin buchen: ${baseUrl}/termine/${stop.id}`,
    location: [stop.site.name, stop.site.address].filter(Boolean).join(', '),
    geo: { lat: stop.site.lat, lon: stop.site.lon },
    url: `${baseUrl}/termine/${stop.id}`,
    cancelled: stop.status === 'cancelled',
    sequence: stop.status === 'cancelled' ? 1 : 0,
  };
}

/** Feeds link to the municipality's own public address (municipalities.public_base_url, else PUBLIC_BASE_URL). */
export const stopRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<Database> }> = async (app, { db }) => {
  app.get(
    '/stops',
    {
      schema: {
        operationId: 'listStops',
        tags: ['schedule'],
        summary: 'When and where the mobile town hall comes: upcoming stops with the services on offer',
        querystring: StopListQuery,
        response: {
          200: Type.Object({ items: Type.Array(Type.Ref('Stop')), total: Type.Integer() }),
          ...problems,
        },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      const { from, to } = localDayRange(request.query, new Date(), 90);
      const items = await listStops(db, municipality.id, {
        from,
        to,
        districtId: request.query.districtId,
        siteId: request.query.siteId,
      });
      return { items, total: items.length };
    },
  );

  app.get(
    '/stops.geojson',
    {
      schema: {
        operationId: 'listStopsGeoJson',
        tags: ['schedule'],
        summary: 'Upcoming stops as a GeoJSON FeatureCollection (RFC 7946)',
        querystring: StopListQuery,
        response: { 400: Type.Ref('Problem') },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      const { from, to } = localDayRange(request.query, new Date(), 90);
      const stops = await listStops(db, municipality.id, {
        from,
        to,
        districtId: request.query.districtId,
        siteId: request.query.siteId,
      });
      reply.type('application/geo+json; charset=utf-8');
      return {
        type: 'FeatureCollection',
        features: stops.map((stop) => ({
          type: 'Feature',
          id: stop.id,
          geometry: { type: 'Point', coordinates: [stop.site.lon, stop.site.lat] },
          properties: {
            siteId: stop.site.id,
            siteName: stop.site.name,
            address: stop.site.address,
            districtId: stop.site.districtId,
            startsAt: stop.startsAt,
            endsAt: stop.endsAt,
            unit: stop.unit.name,
            services: stop.services.map((service) => service.id),
          },
        })),
      };
    },
  );

  app.get(
    '/stops.ics',
    {
      schema: {
        operationId: 'allStopsCalendar',
        tags: ['schedule'],
        summary: 'All upcoming stops as an iCalendar feed (RFC 5545) to subscribe to',
        querystring: Type.Object(
          { districtId: StopListQuery.properties.districtId },
          { additionalProperties: false },
        ),
        produces: ['text/calendar'],
        response: { 400: Type.Ref('Problem') },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      const { from, to } = localDayRange({}, new Date(Date.now() - 30 * 86_400_000), FEED_DAYS);
      const stops = await listStops(db, municipality.id, {
        from,
        to,
        districtId: request.query.districtId,
        includeCancelled: true,
      });
      reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'inline; filename="mobiles-rathaus.ics"');
      return buildCalendar(
        `Mobiles Rathaus – ${municipality.name}`,
        stops.map((stop) => stopEvent(stop, municipality.publicBaseUrl)),
      );
    },
  );

  app.get(
    '/sites/:siteId/stops.ics',
    {
      schema: {
        operationId: 'siteCalendar',
        tags: ['schedule'],
        summary: "One site's stops as an iCalendar feed (RFC 5545)",
        params: Type.Object({ siteId: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100 }) }),
        produces: ['text/calendar'],
        response: problems,
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      const site = await findSite(db, municipality.id, request.params.siteId);
      if (!site) throw notFound('site', 'siteId', request.params.siteId);
      const { from, to } = localDayRange({}, new Date(Date.now() - 30 * 86_400_000), FEED_DAYS);
      const stops = await listStops(db, municipality.id, {
        from,
        to,
        siteId: site.id,
        includeCancelled: true,
      });
      reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `inline; filename="${site.id}.ics"`);
      return buildCalendar(
        `Mobiles Rathaus – ${site.name}`,
        stops.map((stop) => stopEvent(stop, municipality.publicBaseUrl)),
      );
    },
  );

  app.get(
    '/stops/:stopId',
    {
      schema: {
        operationId: 'getStop',
        tags: ['schedule'],
        params: Type.Object({ stopId: Uuid('Stop id') }),
        response: { 200: Type.Ref('Stop'), ...problems },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      const stop = await findStop(db, municipality.id, request.params.stopId);
      if (!stop) throw notFound('stop', 'stopId', request.params.stopId);
      return stop;
    },
  );
};
