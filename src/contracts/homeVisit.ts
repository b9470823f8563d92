// The home-visit API's types, derived from the route schemas. Type-only: imported with `import type` by the web apps.
import type { Static } from 'typebox';
import type {
  HomeVisitDayDto,
  HomeVisitDto,
  HomeVisitListDto,
  HomeVisitPassesDto,
  PlanDayBody,
  PlannedDayDto,
  RouteDto,
  TriageBody,
  TriageResultDto,
} from '../server/routes/staff/homeVisitRoutes.ts';
import type {
  HomeVisitRequestBody,
  VerifiedVisitDto,
  VerifyVisitBody,
} from '../server/routes/public/homeVisitRoutes.ts';

/** `GET /api/v1/staff/home-visits` */
export type HomeVisitList = Static<typeof HomeVisitListDto>;
export type HomeVisit = Static<typeof HomeVisitDto>;
/** The route of a day with its explanation (legs, drive, waiting, slack, the plain order's drive). */
export type HomeVisitRoute = Static<typeof RouteDto>;
/** `POST /api/v1/staff/home-visits/{homeVisitId}/triage` */
export type HomeVisitTriage = Static<typeof TriageBody>;
export type HomeVisitTriageResult = Static<typeof TriageResultDto>;
/** `POST /api/v1/staff/home-visit-days` */
export type HomeVisitDayRequest = Static<typeof PlanDayBody>;
export type PlannedHomeVisitDay = Static<typeof PlannedDayDto>;
/** `GET /api/v1/staff/home-visit-days/{dayId}`: the route sheet. */
export type HomeVisitDay = Static<typeof HomeVisitDayDto>;
/** `POST /api/v1/home-visits` */
export type HomeVisitRequest = Static<typeof HomeVisitRequestBody>;
/** `POST /api/v1/home-visits/verify` */
export type VerifiedVisit = Static<typeof VerifiedVisitDto>;
export type VerifyVisitRequest = Static<typeof VerifyVisitBody>;
/** `GET /api/v1/staff/station/home-visits`: the passes for the QR codes at the door. */
export type HomeVisitPasses = Static<typeof HomeVisitPassesDto>;
