// The test phase API's types, derived from the route schemas. Type-only: imported with `import type` by the web app.
import type { Static } from 'typebox';
import type {
  TestPhaseDto,
  TestPhaseListDto,
  TestPhaseReportDto,
} from '../server/routes/staff/testPhaseRoutes.ts';

/** `GET /api/v1/staff/test-phases`: the phases and what a new one can name. */
export type TestPhaseList = Static<typeof TestPhaseListDto>;
export type TestPhaseKpiDefinition = TestPhaseList['options']['kpis'][number];
/** `GET /api/v1/staff/test-phases` (items), `POST /api/v1/staff/test-phases` */
export type TestPhase = Static<typeof TestPhaseDto>;
export type TestPhaseTarget = TestPhase['targets'][number];
export type TestPhaseKpi = TestPhaseTarget['kpi'];
export type TestPhaseComparator = TestPhaseTarget['comparator'];
/** `GET /api/v1/staff/test-phases/{testPhaseId}/report` */
export type TestPhaseReport = Static<typeof TestPhaseReportDto>;
export type TestPhaseKpiResult = TestPhaseReport['overall']['kpis'][number];
export type TestPhaseRecommendation = TestPhaseReport['overall']['recommendation'];
export type TestPhaseReason = TestPhaseRecommendation['reasons'][number];
export type TestPhaseDecision = TestPhaseRecommendation['decision'];
