// The demand layer and GTFS feed APIs' types, derived from the route schemas. Type-only: imported with
// `import type` by the web app.
import type { Static } from 'typebox';
import type {
  DemandLayerDto,
  DemandLayerImportDto,
  DemandLayersDto,
} from '../server/routes/staff/demandLayerRoutes.ts';
import type { GtfsFeedDto } from '../server/routes/staff/gtfsRoutes.ts';

/** `GET /api/v1/staff/demand-layers` */
export type DemandLayers = Static<typeof DemandLayersDto>;
export type DemandLayer = Static<typeof DemandLayerDto>;
export type DemandLayerKind = DemandLayer['kind'];
/** `POST /api/v1/staff/demand-layers/:kind` */
export type DemandLayerImport = Static<typeof DemandLayerImportDto>;
/** `GET /api/v1/staff/planning/gtfs-feeds` (items), `POST` (the feed imported) */
export type GtfsFeed = Static<typeof GtfsFeedDto>;

/** One entry of an `import_invalid` problem's `details.issues` (demand layers and GTFS feeds alike). */
export interface ImportIssue {
  file: string;
  /** 1-based line of the file; 0 for the file as a whole. */
  row: number;
  field: string;
  code: string;
  message: string;
}
