// The town-hall comparison API's types, derived from the route schemas. Type-only: imported with `import type`
// by the web app.
import type { Static } from 'typebox';
import type {
  TownHallComparisonDto,
  TownHallImportIssueDto,
  TownHallImportResultDto,
  TownHallImportsDto,
} from '../server/routes/staff/townHallRoutes.ts';

/** `GET /api/v1/staff/evaluation/town-hall` */
export type TownHallComparison = Static<typeof TownHallComparisonDto>;
export type TownHallFigures = TownHallComparison['total'];
export type TownHallPeriod = TownHallComparison['period'];
/** `POST /api/v1/staff/evaluation/town-hall-counts` */
export type TownHallImportResult = Static<typeof TownHallImportResultDto>;
/** One entry of an `import_invalid` problem's `details.issues`. */
export type TownHallImportIssue = Static<typeof TownHallImportIssueDto>;
/** `GET /api/v1/staff/evaluation/town-hall-counts/imports` */
export type TownHallImports = Static<typeof TownHallImportsDto>;
