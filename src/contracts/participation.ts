// The participation API's types (issue 15), derived from the route schemas. Type-only: imported with
// `import type` by the web apps.
import type { Static } from 'typebox';
import type {
  CommentDto,
  CommentListDto,
  ProjectDto,
  ReportCommentBody,
  SuggestionDto,
  SuggestionListDto,
} from '../server/routes/public/participationRoutes.ts';
import type {
  ModerationDecisionBody,
  ModerationQueueDto,
  ModerationResultDto,
  OfficialAnswerBody,
  OfficialAnswerDto,
  PlannerSuggestionDto,
  PlannerSuggestionListDto,
  SuggestionAnswerBody,
} from '../server/routes/staff/participationStaffRoutes.ts';

/** `GET /api/v1/suggestions`, `GET /api/v1/suggestions/{suggestionId}` */
export type Suggestion = Static<typeof SuggestionDto>;
export type SuggestionList = Static<typeof SuggestionListDto>;
/** `GET /api/v1/comments` */
export type Comment = Static<typeof CommentDto>;
export type CommentList = Static<typeof CommentListDto>;
/** `GET /api/v1/project` */
export type ProjectFacts = Static<typeof ProjectDto>;
/** `POST /api/v1/comments/{commentId}/reports` */
export type CommentReport = Static<typeof ReportCommentBody>;
export type ReportReason = CommentReport['reason'];
/** `GET /api/v1/staff/moderation` */
export type ModerationQueue = Static<typeof ModerationQueueDto>;
/** `POST /api/v1/staff/moderation/decisions` */
export type ModerationDecision = Static<typeof ModerationDecisionBody>;
export type ModerationReasonCode = ModerationDecision['reasonCode'];
export type ModerationResult = Static<typeof ModerationResultDto>;
/** `POST /api/v1/staff/comments/{commentId}/official-answers` */
export type OfficialAnswer = Static<typeof OfficialAnswerBody>;
export type OfficialAnswerCreated = Static<typeof OfficialAnswerDto>;
/** `GET /api/v1/staff/suggestions`: with whether the current plan covers each and why. */
export type PlannerSuggestion = Static<typeof PlannerSuggestionDto>;
export type PlannerSuggestionList = Static<typeof PlannerSuggestionListDto>;
/** `PUT /api/v1/staff/suggestions/{suggestionId}/answer` */
export type SuggestionAnswer = Static<typeof SuggestionAnswerBody>;
