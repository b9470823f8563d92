import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { loadCatalogueResearch } from '../../queries/catalogueQueries.ts';
import { CatalogueResearchDto } from '../public/catalogueSchemas.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem } from './staffSchemas.ts';

/**
 * The research behind the catalogue (confidence, sources, notes, verification hints): staff only. The public
 * records under /api/v1/services, /sites and /districts carry none of it.
 */
export const catalogueResearchRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db }) => {
  app.get(
    '/catalogue/research',
    {
      config: { staffRoles: ['admin', 'planner', 'department'] },
      schema: {
        operationId: 'getCatalogueResearch',
        tags: ['catalogue'],
        summary:
          'Confidence, sources, research notes and verification hints of services, sites and districts',
        response: { 200: CatalogueResearchDto, 401: problem, 403: problem },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return loadCatalogueResearch(db, staff.municipalityId);
    },
  );
};
