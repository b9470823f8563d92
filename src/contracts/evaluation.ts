// The evaluation API's types, derived from the route schemas. Type-only: imported with `import type` by the web app.
import type { Static } from 'typebox';
import type {
  AssumptionsDto,
  EvaluationDto,
  OnlineCandidatesDto,
} from '../server/routes/staff/evaluationRoutes.ts';

/** `GET /api/v1/staff/evaluation` */
export type Evaluation = Static<typeof EvaluationDto>;
export type EvaluationRow = Evaluation['bySite'][number];
export type EvaluationMeasures = Evaluation['totals'];
export type EvaluationFilter = Evaluation['filter'];
export type EvaluationChannel = NonNullable<EvaluationFilter['channel']>;
/** `PUT /api/v1/staff/evaluation/assumptions` */
export type EvaluationAssumptions = Static<typeof AssumptionsDto>;
/** `GET /api/v1/staff/evaluation/online-candidates` */
export type OnlineCandidates = Static<typeof OnlineCandidatesDto>;
export type OnlineCandidateRow = OnlineCandidates['items'][number];
