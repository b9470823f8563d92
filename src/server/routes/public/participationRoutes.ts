import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../../../config.ts';
import { DomainError } from '../../../domain/errors.ts';
import { localDateOf } from '../../../domain/time.ts';
import { COMMENT_MAX_LENGTH } from '../../../domain/participation.ts';
import type { Database, ParticipationLocale } from '../../../db/schema.ts';
import { verifyCaptcha, type CaptchaSettings } from '../../captcha.ts';
import { confirmComment } from '../../commands/commentConfirmer.ts';
import { createComment } from '../../commands/commentCreator.ts';
import { reportComment } from '../../commands/commentReporter.ts';
import { confirmSuggestion } from '../../commands/suggestionConfirmer.ts';
import { createSuggestion } from '../../commands/suggestionCreator.ts';
import { supportSuggestion } from '../../commands/suggestionSupporter.ts';
import { confirmSupport } from '../../commands/supportConfirmer.ts';
import { withdrawSupport } from '../../commands/supportWithdrawer.ts';
import {
  findPublishedSuggestion,
  listPublishedComments,
  listPublishedSuggestions,
  projectFacts,
} from '../../queries/participationQueries.ts';

const problems = {
  400: Type.Ref('Problem'),
  404: Type.Ref('Problem'),
  409: Type.Ref('Problem'),
  422: Type.Ref('Problem'),
};
const Uuid = Type.String({ format: 'uuid' });
const Token = Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' });
const Locale = Type.Union(['de', 'en', 'tr', 'uk', 'ar'].map((l) => Type.Literal(l)));
const Email = Type.String({ format: 'email', maxLength: 254 });
const Captcha = Type.String({ minLength: 10, maxLength: 5000 });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const SuggestionDto = Type.Object({
  id: Type.String(),
  siteId: Nullable(Type.String()),
  siteName: Nullable(Type.String()),
  districtId: Nullable(Type.String()),
  districtName: Nullable(Type.String()),
  lat: Type.Number(),
  lon: Type.Number(),
  reason: Type.String(),
  serviceIds: Type.Array(Type.String()),
  supports: Type.Integer({ description: 'Confirmed supports' }),
  answer: Type.Union([
    Type.Literal('planned'),
    Type.Literal('not_planned'),
    Type.Literal('done'),
    Type.Null(),
  ]),
  answerReason: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()),
});
export const CommentDto = Type.Object({
  id: Type.String(),
  body: Type.String(),
  official: Type.Boolean({ description: 'An answer by the city staff' }),
  replyTo: Nullable(Type.String()),
  publishedAt: Type.String(),
});
export const SuggestionListDto = Type.Object({ items: Type.Array(SuggestionDto) });
export const CommentListDto = Type.Object({ items: Type.Array(CommentDto) });
/** A citizen's report of a comment, with one of the reasons the report form offers. */
export const ReportCommentBody = Type.Object(
  {
    reason: Type.Union([
      Type.Literal('spam'),
      Type.Literal('offensive'),
      Type.Literal('personal_data'),
      Type.Literal('off_topic'),
      Type.Literal('other'),
    ]),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
export const ProjectDto = Type.Object({
  testPhase: Type.Union([
    Type.Object({
      name: Type.String(),
      startDate: Type.String(),
      endDate: Type.String(),
      sites: Type.Integer(),
    }),
    Type.Null(),
  ]),
  figures: Type.Union([
    Type.Object({
      from: Type.String(),
      to: Type.String(),
      stopsHeld: Type.Integer(),
      contacts: Type.Union([Type.Integer(), Type.Null()], { description: 'null: fewer than 5, hidden' }),
      waitMedianMinutes: NullableNumber,
      satisfactionMean: NullableNumber,
    }),
    Type.Null(),
  ]),
  publishedSuggestions: Type.Integer(),
});
const confirmResponse = Type.Object({ alreadyConfirmed: Type.Boolean() });
const locale = (value: string | undefined) => (value ?? 'de') as ParticipationLocale;

export const participationRoutes: FastifyPluginAsyncTypebox<{
  db: Kysely<Database>;
  config: AppConfig;
  captcha: CaptchaSettings;
}> = async (app, { db, config, captcha }) => {
  const limit = { rateLimit: { max: config.citizenWritesPerMinute, timeWindow: '1 minute' } };

  app.get(
    '/suggestions',
    {
      schema: {
        operationId: 'listSuggestions',
        tags: ['participation'],
        summary: 'Published suggestions for a stop, with their position and confirmed supports',
        response: { 200: SuggestionListDto },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      return { items: await listPublishedSuggestions(db, municipality.id) };
    },
  );

  app.get(
    '/suggestions/:suggestionId',
    {
      schema: {
        operationId: 'getSuggestion',
        tags: ['participation'],
        params: Type.Object({ suggestionId: Uuid }),
        response: { 200: SuggestionDto, ...problems },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      const suggestion = await findPublishedSuggestion(db, municipality.id, request.params.suggestionId);
      if (!suggestion)
        throw new DomainError('not_found', { field: 'suggestionId', message: 'no such suggestion' });
      return suggestion;
    },
  );

  app.post(
    '/suggestions',
    {
      config: limit,
      schema: {
        operationId: 'createSuggestion',
        tags: ['participation'],
        summary:
          'Suggest a stop: a place inside the municipality (lat, lon) or a venue (siteId), the reason and the services wanted; public after the e-mail is confirmed and a moderator published it',
        body: Type.Object(
          {
            siteId: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100 })),
            lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
            lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
            reason: Type.String({ minLength: 10, maxLength: 2000 }),
            serviceIds: Type.Optional(
              Type.Array(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100 }), { maxItems: 20 }),
            ),
            email: Email,
            locale: Type.Optional(Locale),
            captcha: Captcha,
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ suggestionId: Type.String(), status: Type.Literal('pending') }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      const body = request.body;
      await verifyCaptcha(db, captcha, body.captcha);
      const result = await createSuggestion(db, {
        municipalityId: municipality.id,
        siteId: body.siteId,
        lat: body.lat,
        lon: body.lon,
        reason: body.reason,
        serviceIds: body.serviceIds ?? [],
        email: body.email,
        locale: locale(body.locale),
        publicBaseUrl: municipality.publicBaseUrl,
      });
      reply.status(201);
      return { suggestionId: result.suggestionId, status: 'pending' as const };
    },
  );

  app.post(
    '/suggestions/:suggestionId/confirm',
    {
      config: limit,
      schema: {
        operationId: 'confirmSuggestion',
        tags: ['participation'],
        summary: 'The author confirms the suggestion with the secret from the e-mail; then moderators see it',
        params: Type.Object({ suggestionId: Uuid }),
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: { 200: confirmResponse, ...problems },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      return confirmSuggestion(db, {
        municipalityId: municipality.id,
        suggestionId: request.params.suggestionId,
        token: request.body.token,
        now: new Date(),
      });
    },
  );

  app.post(
    '/suggestions/:suggestionId/supports',
    {
      config: limit,
      schema: {
        operationId: 'supportSuggestion',
        tags: ['participation'],
        summary:
          'Support a published suggestion: one support per e-mail address, counted after the link in the e-mail is opened (double opt-in); a second support is refused',
        params: Type.Object({ suggestionId: Uuid }),
        body: Type.Object(
          { email: Email, locale: Type.Optional(Locale), captcha: Captcha },
          { additionalProperties: false },
        ),
        response: {
          202: Type.Object({ supportId: Type.String(), status: Type.Literal('pending') }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      await verifyCaptcha(db, captcha, request.body.captcha);
      const result = await supportSuggestion(db, {
        municipalityId: municipality.id,
        suggestionId: request.params.suggestionId,
        email: request.body.email,
        locale: locale(request.body.locale),
        publicBaseUrl: municipality.publicBaseUrl,
      });
      reply.status(202);
      return { supportId: result.supportId, status: 'pending' as const };
    },
  );

  app.post(
    '/supports/:supportId/confirm',
    {
      config: limit,
      schema: {
        operationId: 'confirmSupport',
        tags: ['participation'],
        summary: 'Confirm a support with the secret from the e-mail: only then does it count',
        params: Type.Object({ supportId: Uuid }),
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: { 200: confirmResponse, ...problems },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      return confirmSupport(db, {
        municipalityId: municipality.id,
        supportId: request.params.supportId,
        token: request.body.token,
        now: new Date(),
      });
    },
  );

  app.post(
    '/supports/:supportId/withdraw',
    {
      config: limit,
      schema: {
        operationId: 'withdrawSupport',
        tags: ['participation'],
        summary: 'Withdraw a support with the secret from the e-mail',
        params: Type.Object({ supportId: Uuid }),
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: { 200: Type.Object({ status: Type.Literal('withdrawn') }), ...problems },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      await withdrawSupport(db, {
        municipalityId: municipality.id,
        supportId: request.params.supportId,
        token: request.body.token,
        now: new Date(),
      });
      return { status: 'withdrawn' as const };
    },
  );

  app.get(
    '/comments',
    {
      schema: {
        operationId: 'listComments',
        tags: ['participation'],
        summary:
          'Published comments on the project page, or on one suggestion (suggestionId); official answers marked',
        querystring: Type.Object({ suggestionId: Type.Optional(Uuid) }, { additionalProperties: false }),
        response: { 200: CommentListDto },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      return { items: await listPublishedComments(db, municipality.id, request.query.suggestionId ?? null) };
    },
  );

  app.post(
    '/comments',
    {
      config: limit,
      schema: {
        operationId: 'createComment',
        tags: ['participation'],
        summary:
          'Comment on the project (no suggestionId) or on a published suggestion. After the link in the e-mail: published at once for a writer with an earlier published comment, otherwise checked by a moderator first',
        body: Type.Object(
          {
            suggestionId: Type.Optional(Uuid),
            // The length limit is checked by the command so that the refusal names `body` with its own code.
            body: Type.String({ minLength: 1, maxLength: COMMENT_MAX_LENGTH * 4 }),
            email: Email,
            locale: Type.Optional(Locale),
            captcha: Captcha,
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ commentId: Type.String(), status: Type.Literal('pending') }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      const body = request.body;
      await verifyCaptcha(db, captcha, body.captcha);
      const result = await createComment(db, {
        municipalityId: municipality.id,
        suggestionId: body.suggestionId ?? null,
        body: body.body,
        email: body.email,
        locale: locale(body.locale),
        publicBaseUrl: municipality.publicBaseUrl,
      });
      reply.status(201);
      return { commentId: result.commentId, status: 'pending' as const };
    },
  );

  app.post(
    '/comments/:commentId/confirm',
    {
      config: limit,
      schema: {
        operationId: 'confirmComment',
        tags: ['participation'],
        params: Type.Object({ commentId: Uuid }),
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            status: Type.Union([Type.Literal('published'), Type.Literal('pending')]),
            alreadyConfirmed: Type.Boolean(),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      return confirmComment(db, {
        municipalityId: municipality.id,
        commentId: request.params.commentId,
        token: request.body.token,
        now: new Date(),
      });
    },
  );

  app.post(
    '/comments/:commentId/reports',
    {
      config: limit,
      schema: {
        operationId: 'reportComment',
        tags: ['participation'],
        summary: 'Report a published comment to the moderators, with a reason',
        params: Type.Object({ commentId: Uuid }),
        body: ReportCommentBody,
        response: { 201: Type.Object({ reportId: Type.String() }), ...problems },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      const result = await reportComment(db, {
        municipalityId: municipality.id,
        commentId: request.params.commentId,
        reason: request.body.reason,
        note: request.body.note?.trim() || null,
        clientIp: request.ip,
      });
      reply.status(201);
      return result;
    },
  );

  app.get(
    '/project',
    {
      schema: {
        operationId: 'getProjectPage',
        tags: ['participation'],
        summary:
          'The public project page: the latest test phase and its figures from the evaluation (counts under 5 hidden), the number of published suggestions',
        response: { 200: ProjectDto },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      return projectFacts(db, municipality.id, localDateOf(Date.now()));
    },
  );
};
