import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { COMMENT_MAX_LENGTH } from '../../../domain/participation.ts';
import { localDateOf } from '../../../domain/time.ts';
import { moderateContent } from '../../commands/contentModerator.ts';
import { answerCommentOfficially } from '../../commands/officialAnswerCreator.ts';
import { answerSuggestion } from '../../commands/suggestionAnswerer.ts';
import {
  moderationQueue,
  plannerSuggestions,
  suggestionDemandLayer,
} from '../../queries/participationQueries.ts';
import { SuggestionDto } from '../public/participationRoutes.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem } from './staffSchemas.ts';

/**
 * Participation in the back office. The moderator's right and the planner's answer are the planner role (and
 * admin), like the home-visit coordinator: planners already answer for the timetable in public, and a role of
 * its own would need a new value in the identity provider's mapping for a handful of people. Clerks and
 * department leads get none of these routes (least privilege); the matrix test pins it.
 */
export const moderators = ['admin', 'planner'] as const;
const problems = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };
const Uuid = Type.String({ format: 'uuid' });
const ReasonCode = Type.Union([
  Type.Literal('fits_rules'),
  Type.Literal('spam'),
  Type.Literal('offensive'),
  Type.Literal('personal_data'),
  Type.Literal('off_topic'),
  Type.Literal('duplicate'),
  Type.Literal('other'),
]);

export const ModerationDecisionBody = Type.Object(
  {
    contentType: Type.Union([Type.Literal('suggestion'), Type.Literal('comment')]),
    contentId: Uuid,
    decision: Type.Union([Type.Literal('publish'), Type.Literal('reject'), Type.Literal('hide')]),
    reasonCode: ReasonCode,
  },
  { additionalProperties: false },
);
export const ModerationResultDto = Type.Object({
  status: Type.Union([Type.Literal('published'), Type.Literal('rejected'), Type.Literal('hidden')]),
});
export const SuggestionAnswerBody = Type.Object(
  {
    answer: Type.Union([Type.Literal('planned'), Type.Literal('not_planned'), Type.Literal('done')]),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export const OfficialAnswerBody = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: COMMENT_MAX_LENGTH * 4 }) },
  { additionalProperties: false },
);
export const OfficialAnswerDto = Type.Object({ commentId: Type.String() });
export const ModerationQueueDto = Type.Object({
  suggestions: Type.Array(
    Type.Object({
      id: Type.String(),
      reason: Type.String(),
      siteId: Type.Union([Type.String(), Type.Null()]),
      districtId: Type.Union([Type.String(), Type.Null()]),
      createdAt: Type.String(),
    }),
  ),
  comments: Type.Array(
    Type.Object({
      id: Type.String(),
      body: Type.String(),
      status: Type.Union([Type.Literal('pending'), Type.Literal('published')]),
      suggestionId: Type.Union([Type.String(), Type.Null()]),
      createdAt: Type.String(),
      reports: Type.Array(Type.String(), { description: 'Reasons of the open reports' }),
    }),
  ),
  published: Type.Array(
    Type.Object({
      id: Type.String(),
      body: Type.String(),
      suggestionId: Type.Union([Type.String(), Type.Null()]),
      publishedAt: Type.String(),
      officialAnswers: Type.Integer({ description: 'Official staff answers given to it' }),
    }),
    { description: 'The latest published comments, to answer officially' },
  ),
  decisions: Type.Array(
    Type.Object({
      id: Type.String(),
      contentType: Type.String(),
      contentId: Type.String(),
      decision: Type.String(),
      reasonCode: Type.String(),
      decidedAt: Type.String(),
      decidedBy: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
export const PlannerSuggestionDto = Type.Intersect([
  SuggestionDto,
  Type.Object({
    coverage: Type.Object({
      covered: Type.Boolean(),
      why: Type.Union([Type.Literal('stop_within_radius'), Type.Literal('no_stop_within_radius')]),
      siteId: Type.Union([Type.String(), Type.Null()]),
      siteName: Type.Union([Type.String(), Type.Null()]),
      distanceKm: Type.Union([Type.Number(), Type.Null()]),
      nextStop: Type.Union([Type.String(), Type.Null()]),
      radiusKm: Type.Number({ description: 'The walking distance a stop covers' }),
    }),
  }),
]);

export const PlannerSuggestionListDto = Type.Object({ items: Type.Array(PlannerSuggestionDto) });

export const participationStaffRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db }) => {
  app.get(
    '/moderation',
    {
      config: { staffRoles: moderators },
      schema: {
        operationId: 'getModerationQueue',
        tags: ['participation'],
        summary:
          'Suggestions and comments waiting for a decision, reported comments, and the latest decisions',
        response: { 200: ModerationQueueDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return moderationQueue(db, staff.municipalityId);
    },
  );

  app.post(
    '/moderation/decisions',
    {
      config: { staffRoles: moderators },
      schema: {
        operationId: 'moderateContent',
        tags: ['participation'],
        summary:
          'Publish, reject or hide a suggestion or comment with a reason code; the writer is told by e-mail, the decision is audited',
        body: ModerationDecisionBody,
        response: { 200: ModerationResultDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const body = request.body;
      return moderateContent(db, {
        municipalityId: staff.municipalityId,
        userId: staff.userId,
        contentType: body.contentType,
        contentId: body.contentId,
        decision: body.decision,
        reasonCode: body.reasonCode,
        now: new Date(),
      });
    },
  );

  app.post(
    '/comments/:commentId/official-answers',
    {
      config: { staffRoles: moderators },
      schema: {
        operationId: 'answerCommentOfficially',
        tags: ['participation'],
        summary: 'A staff answer to a published comment, shown as official',
        params: Type.Object({ commentId: Uuid }),
        body: OfficialAnswerBody,
        response: { 201: OfficialAnswerDto, ...problems },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const result = await answerCommentOfficially(db, {
        municipalityId: staff.municipalityId,
        userId: staff.userId,
        commentId: request.params.commentId,
        body: request.body.body,
        now: new Date(),
      });
      reply.status(201);
      return result;
    },
  );

  app.get(
    '/suggestions',
    {
      config: { staffRoles: moderators },
      schema: {
        operationId: 'listPlannerSuggestions',
        tags: ['participation'],
        summary:
          'Published suggestions, most supported first, with whether the current plan covers each (a stop site within walking distance) and why',
        response: { 200: PlannerSuggestionListDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return { items: await plannerSuggestions(db, staff.municipalityId, localDateOf(Date.now())) };
    },
  );

  app.put(
    '/suggestions/:suggestionId/answer',
    {
      config: { staffRoles: moderators },
      schema: {
        operationId: 'answerSuggestion',
        tags: ['participation'],
        summary: 'Answer a suggestion: "planned", "not planned because …" (reason required) or "done"',
        params: Type.Object({ suggestionId: Uuid }),
        body: SuggestionAnswerBody,
        response: { 204: Type.Null(), ...problems },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      await answerSuggestion(db, {
        municipalityId: staff.municipalityId,
        userId: staff.userId,
        suggestionId: request.params.suggestionId,
        answer: request.body.answer,
        reason: request.body.reason ?? null,
        now: new Date(),
      });
      reply.status(204);
      return null;
    },
  );

  app.get(
    '/suggestions/demand',
    {
      config: { staffRoles: moderators },
      schema: {
        operationId: 'getSuggestionDemand',
        tags: ['participation'],
        summary:
          'The suggestions demand layer: one point per published suggestion, weight 1 + confirmed supports',
        response: {
          200: Type.Object({
            points: Type.Array(
              Type.Object({ lat: Type.Number(), lon: Type.Number(), weight: Type.Number() }),
            ),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return { points: await suggestionDemandLayer(db, staff.municipalityId) };
    },
  );
};
