// The process API's types, derived from the route schemas. Type-only: imported with `import type` by the web app.
import type { Static } from 'typebox';
import type {
  ProcessDefinitionCreatedDto,
  ProcessDefinitionListDto,
  ProcessFiguresDto,
  ProcessStepDto,
} from '../server/routes/staff/processRoutes.ts';

/** `GET /api/v1/staff/process-definitions` */
export type ProcessDefinitionList = Static<typeof ProcessDefinitionListDto>;
export type ServiceProcess = ProcessDefinitionList['items'][number];
export type ProcessDefinitionVersion = ServiceProcess['versions'][number];
export type ProcessStepView = Static<typeof ProcessStepDto>;
/** `POST /api/v1/staff/process-definitions/import`, `POST /api/v1/staff/process-definitions` */
export type ProcessDefinitionCreated = Static<typeof ProcessDefinitionCreatedDto>;
/** `GET /api/v1/staff/process-figures` */
export type ProcessFigures = Static<typeof ProcessFiguresDto>;
export type LeadTimeCell = ProcessFigures['services'][number]['cases'];
export type ProcessBottleneck = ProcessFigures['bottlenecks']['byLeadTime'][number];
