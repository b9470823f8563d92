import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Readable } from 'node:stream';
import Type from 'typebox';
import { staffActor } from '../../audit.ts';
import { deleteDemandLayer, importDemandLayer } from '../../commands/planning/demandLayerImporter.ts';
import { listDemandLayers } from '../../queries/demandLayerQueries.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem } from './staffSchemas.ts';

const planners = ['planner', 'admin'] as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const problems = { 400: problem, 401: problem, 403: problem, 404: problem, 422: problem };

export const DemandLayerDto = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.Union([Type.Literal('grid'), Type.Literal('points')]),
  name: Type.String(),
  fileName: Type.String(),
  source: Type.String({ description: 'Where the figures come from' }),
  sourceDate: Nullable(Type.String({ description: 'The day the figures describe (YYYY-MM-DD)' })),
  licence: Type.String(),
  cellSizeM: Nullable(Type.Integer({ description: 'Grid: cell edge in metres (100 or 1000)' })),
  clip: Nullable(
    Type.Union([Type.Literal('outline'), Type.Literal('box')], {
      description: "Grid: clipped to the districts' outlines or to a box around their reference points",
    }),
  ),
  points: Type.Integer({ description: 'Cells or points kept' }),
  rowsRead: Type.Integer(),
  rowsOutside: Type.Integer({ description: 'Cells outside the municipality, left out' }),
  weightTotal: Type.Number({ description: 'Residents (grid) or the sum of the weights (points)' }),
  residents65plusTotal: Nullable(Type.Number()),
  importedAt: Type.String({ format: 'date-time' }),
});

export const DemandLayersDto = Type.Object({
  items: Type.Array(DemandLayerDto),
  districts: Type.Object({
    count: Type.Integer(),
    withPopulation: Type.Integer(),
    latestDate: Nullable(Type.String()),
  }),
  departmentEstimates: Type.Integer({ description: "Departments' demand estimates submitted" }),
  departmentEstimatesLatest: Nullable(Type.String({ description: 'The day the newest estimate came in' })),
  pastContacts: Type.Integer({
    description: 'Bookings and walk-ins of the last twelve months with the district people came from',
  }),
  suggestions: Type.Integer({ description: "Citizens' published suggestions for a stop" }),
});

export const DemandLayerImportDto = Type.Object({
  layerId: Type.String({ format: 'uuid' }),
  kind: Type.Union([Type.Literal('grid'), Type.Literal('points')]),
  fileName: Type.String(),
  rowsRead: Type.Integer(),
  points: Type.Integer(),
  rowsOutside: Type.Integer(),
  weightTotal: Type.Number(),
  residents65plusTotal: Nullable(Type.Number()),
  cellSizeM: Nullable(Type.Integer()),
  clip: Nullable(Type.Union([Type.Literal('outline'), Type.Literal('box')])),
});

const Text = (max: number, description: string) =>
  Type.Optional(Type.String({ minLength: 1, maxLength: max, description }));

/**
 * Demand layers of the needs analysis (tracker issue 13): planners upload the Zensus 2022 grid and points
 * CSVs. The body is the CSV itself (text/csv), streamed through the importer: a whole Kreis's 100 m grid
 * never sits in memory.
 */
export const demandLayerRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db }) => {
  // The file is the body, as it is, and stays a stream (the importer enforces its own size limit).
  app.addContentTypeParser(['text/csv', 'text/plain'], (_request, payload, done) => done(null, payload));

  app.get(
    '/demand-layers',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'listDemandLayers',
        tags: ['planning'],
        summary: 'The demand layers a scenario can weigh, each with its source, date and licence',
        response: { 200: DemandLayersDto, 401: problem, 403: problem },
      },
    },
    async (request) => listDemandLayers(db, signedIn(request).staff.municipalityId),
  );

  app.post(
    '/demand-layers/:kind',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'importDemandLayer',
        tags: ['planning'],
        summary:
          'Imports a demand layer from CSV (the body, text/csv): grid = Zensus 2022 grid (100 m or 1 km, EPSG:3035), ' +
          'points = name;lat;lon;weight[;category]. All rows or none.',
        description:
          'A wrong file is refused with `import_invalid` (422): `details.issues` lists each problem with file, ' +
          'row and field; nothing is written. Grid cells outside the municipality are left out; a grid with ' +
          'none inside (another coordinate system or area) is refused.',
        params: Type.Object({ kind: Type.Union([Type.Literal('grid'), Type.Literal('points')]) }),
        querystring: Type.Object(
          {
            fileName: Type.String({
              minLength: 1,
              maxLength: 255,
              description: 'The file name, for messages',
            }),
            name: Text(200, 'A name for the layer'),
            source: Text(500, 'Where the figures come from (default for the grid: Zensus 2022, Destatis)'),
            sourceDate: Type.Optional(
              Type.String({ format: 'date', description: 'The day the figures describe (YYYY-MM-DD)' }),
            ),
            licence: Text(500, 'The licence of the figures'),
          },
          { additionalProperties: false },
        ),
        response: { 200: DemandLayerImportDto, 413: problem, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const query = request.query;
      return importDemandLayer(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        kind: request.params.kind,
        fileName: query.fileName.split(/[\\/]/).at(-1)!.trim() || 'upload.csv',
        input: request.body as Readable,
        meta: {
          name: query.name,
          source: query.source,
          sourceDate: query.sourceDate,
          licence: query.licence,
        },
      });
    },
  );

  app.delete(
    '/demand-layers/:layerId',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'deleteDemandLayer',
        tags: ['planning'],
        summary: 'Deletes a demand layer; scenarios run before keep their results',
        params: Type.Object({ layerId: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...problems },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      await deleteDemandLayer(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        layerId: request.params.layerId,
      });
      return reply.status(204).send(null);
    },
  );
};
