// The catalogue research API's types, derived from the route schemas. Type-only: imported with `import type`.
import type { Static } from 'typebox';
import type { CatalogueResearchDto } from '../server/routes/public/catalogueSchemas.ts';

/** `GET /api/v1/staff/catalogue/research` (getCatalogueResearch): staff only, never on a citizen page */
export type CatalogueResearch = Static<typeof CatalogueResearchDto>;
