import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { DomainError } from '../../../domain/errors.ts';
import { staffActor } from '../../audit.ts';
import { importGtfsFeed, listGtfsFeeds, MAX_GTFS_BYTES } from '../../commands/planning/gtfsFeedImporter.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem } from './staffSchemas.ts';

const zipMediaTypes = ['application/zip', 'application/x-zip-compressed', 'application/octet-stream'];

export const GtfsFeedDto = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  fileName: Type.String(),
  uploadedAt: Type.String({ format: 'date-time' }),
  validFrom: Type.String({ description: 'First day a service of the feed runs (YYYY-MM-DD)' }),
  validTo: Type.String({ description: 'Last day a service of the feed runs (YYYY-MM-DD)' }),
  stops: Type.Integer(),
  routes: Type.Integer(),
  trips: Type.Integer(),
  stopTimes: Type.Integer(),
});

const problems = { 400: problem, 401: problem, 403: problem, 413: problem, 415: problem, 422: problem };

/**
 * Public transport timetables (tracker issue 13, "Access"): planners and admins upload a GTFS feed (the zip
 * as the body); scenarios with the travel mode 'transit' route on the newest one.
 */
export const gtfsRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db }) => {
  // The zip is the body, as it is: no multipart, no base64.
  app.addContentTypeParser(
    zipMediaTypes,
    { parseAs: 'buffer', bodyLimit: MAX_GTFS_BYTES + 1 },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/planning/gtfs-feeds',
    {
      config: { staffRoles: ['admin', 'planner'] },
      bodyLimit: MAX_GTFS_BYTES + 1,
      schema: {
        operationId: 'importGtfsFeed',
        tags: ['planning'],
        summary:
          'Imports a GTFS feed (the zip file is the body) for public transport travel times: all files or nothing',
        description:
          'Needs stops.txt, routes.txt, trips.txt, stop_times.txt and calendar.txt or calendar_dates.txt ' +
          '(transfers.txt is used when present). A wrong feed is refused with `import_invalid` (422): ' +
          '`details.issues` lists each problem with file, row (line), field (column) and code; nothing is stored.',
        querystring: Type.Object(
          {
            name: Type.String({
              minLength: 1,
              maxLength: 200,
              description: 'A name for the feed, e.g. "Fahrplan 2027"',
            }),
            fileName: Type.String({
              minLength: 1,
              maxLength: 255,
              description: 'The file name, for messages',
            }),
          },
          { additionalProperties: false },
        ),
        consumes: zipMediaTypes,
        response: { 201: GtfsFeedDto, ...problems },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      if (!Buffer.isBuffer(request.body)) {
        throw new DomainError('import_invalid', { field: 'file', message: 'send the zip file itself' });
      }
      const fileName = request.query.fileName.split(/[\\/]/).at(-1)!.trim() || 'gtfs.zip';
      const summary = await importGtfsFeed(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        name: request.query.name.trim() || fileName,
        fileName,
        bytes: request.body,
      });
      return reply.code(201).send(summary);
    },
  );

  app.get(
    '/planning/gtfs-feeds',
    {
      config: { staffRoles: ['admin', 'planner'] },
      schema: {
        operationId: 'listGtfsFeeds',
        tags: ['planning'],
        summary: 'The uploaded GTFS feeds, newest first (the newest is the one scenarios use)',
        response: { 200: Type.Object({ items: Type.Array(GtfsFeedDto) }), ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return { items: await listGtfsFeeds(db, staff.municipalityId) };
    },
  );
};
