// The e-file hand-off API's types, derived from the route schemas. Type-only: imported with `import type` by the web app.
import type { Static } from 'typebox';
import type {
  EfileHandOffDto,
  EfileHandOffListDto,
  QueuedEfileHandOffDto,
} from '../server/routes/staff/efileRoutes.ts';

/** `GET /api/v1/staff/efile-hand-offs` */
export type EfileHandOffList = Static<typeof EfileHandOffListDto>;
export type EfileHandOff = Static<typeof EfileHandOffDto>;
/** `POST /api/v1/staff/cases/{caseId}/efile-hand-off` */
export type QueuedEfileHandOff = Static<typeof QueuedEfileHandOffDto>;
