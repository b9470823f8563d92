import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../../../config.ts';
import { localDateOf } from '../../../domain/time.ts';
import type { Database } from '../../../db/schema.ts';
import { verifyCaptcha, type CaptchaSettings } from '../../captcha.ts';
import { confirmSiteSubscription, subscribeToSite } from '../../commands/siteSubscriber.ts';
import { confirmWaitlistRequest } from '../../commands/waitlistConfirmer.ts';
import { joinWaitlist } from '../../commands/waitlistJoiner.ts';
import { tokenMatches } from '../../secrets.ts';
import { validLocalDate } from './dateRange.ts';
import { IsoDate, RequestedServices, Uuid } from './stopSchemas.ts';
import { DomainError } from '../../../domain/errors.ts';

const problems = {
  400: Type.Ref('Problem'),
  404: Type.Ref('Problem'),
  409: Type.Ref('Problem'),
  422: Type.Ref('Problem'),
};
const Token = Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' });
const PlaceId = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100 });
const Locale = Type.Enum(['de', 'en', 'tr', 'uk', 'ar']);

export const waitlistRoutes: FastifyPluginAsyncTypebox<{
  db: Kysely<Database>;
  config: AppConfig;
  captcha: CaptchaSettings;
}> = async (app, { db, config, captcha }) => {
  const limit = { rateLimit: { max: config.citizenWritesPerMinute, timeWindow: '1 minute' } };

  app.post(
    '/waitlist',
    {
      config: limit,
      schema: {
        operationId: 'joinWaitlist',
        tags: ['booking'],
        summary:
          'Leave a standing request; after it is confirmed by the link in the e-mail (double opt-in), a matching slot that becomes free is offered by e-mail, first come first served',
        body: Type.Object(
          {
            services: RequestedServices,
            districtIds: Type.Array(PlaceId, { maxItems: 20, default: [] }),
            siteIds: Type.Array(PlaceId, { maxItems: 20, default: [] }),
            dateFrom: IsoDate,
            dateTo: IsoDate,
            name: Type.String({ minLength: 2, maxLength: 200, pattern: '\\S' }),
            email: Type.String({ format: 'email', maxLength: 254 }),
            originDistrictId: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 80,
                description: 'The district the person comes from (optional)',
              }),
            ),
            locale: Type.Optional(Locale),
            captcha: Type.String({ minLength: 10, maxLength: 5000 }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            requestId: Type.String(),
            status: Type.Literal('pending', {
              description: 'Waiting for the confirmation by the link in the mail',
            }),
          }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      const body = request.body;
      await verifyCaptcha(db, captcha, body.captcha);
      const now = new Date();
      const result = await joinWaitlist(db, {
        municipalityId: municipality.id,
        services: body.services,
        districtIds: body.districtIds ?? [],
        siteIds: body.siteIds ?? [],
        dateFrom: validLocalDate(body.dateFrom, 'dateFrom'),
        dateTo: validLocalDate(body.dateTo, 'dateTo'),
        name: body.name.trim(),
        email: body.email.trim(),
        originDistrictId: body.originDistrictId,
        locale: body.locale ?? 'de',
        today: localDateOf(now.getTime()),
        now,
        publicBaseUrl: municipality.publicBaseUrl,
        maxActiveBookingsPerPerson: config.booking.maxActiveBookingsPerPerson,
        confirmationResendMinutes: config.abuse.confirmationResendMinutes,
      });
      reply.status(201);
      return { requestId: result.requestId, status: 'pending' as const };
    },
  );

  app.post(
    '/waitlist/:requestId/confirm',
    {
      config: limit,
      schema: {
        operationId: 'confirmWaitlistRequest',
        tags: ['booking'],
        summary:
          'Confirm a waiting-list request with the secret from the e-mail; only then can it receive offers',
        params: Type.Object({ requestId: Uuid('Waitlist request id') }),
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: {
          200: Type.Object({ status: Type.Literal('active'), alreadyConfirmed: Type.Boolean() }),
          ...problems,
          410: Type.Ref('Problem'),
        },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      const result = await confirmWaitlistRequest(db, {
        municipalityId: municipality.id,
        requestId: request.params.requestId,
        token: request.body.token,
        now: new Date(),
        maxActiveBookingsPerPerson: config.booking.maxActiveBookingsPerPerson,
      });
      return { status: 'active' as const, alreadyConfirmed: result.alreadyConfirmed };
    },
  );

  app.post(
    '/waitlist/:requestId/cancel',
    {
      config: limit,
      schema: {
        operationId: 'leaveWaitlist',
        tags: ['booking'],
        params: Type.Object({ requestId: Uuid('Waitlist request id') }),
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: { 200: Type.Object({ status: Type.Literal('cancelled') }), ...problems },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('waitlist_requests')
          .select(['id', 'token_hash'])
          .where('municipality_id', '=', municipality.id)
          .where('id', '=', request.params.requestId)
          .forUpdate()
          .executeTakeFirst();
        if (!row || !tokenMatches(request.body.token, row.token_hash)) {
          throw new DomainError('waitlist_request_not_found', {
            field: 'token',
            message: 'No waiting-list request matches this link.',
          });
        }
        await trx
          .updateTable('waitlist_requests')
          .set({ status: 'cancelled' })
          .where('id', '=', row.id)
          .execute();
      });
      return { status: 'cancelled' as const };
    },
  );

  app.post(
    '/sites/:siteId/subscriptions',
    {
      config: limit,
      schema: {
        operationId: 'subscribeToSite',
        tags: ['schedule'],
        summary: 'Get an e-mail when a stop at this site is cancelled (after confirming by link)',
        params: Type.Object({ siteId: PlaceId }),
        body: Type.Object(
          {
            email: Type.String({ format: 'email', maxLength: 254 }),
            locale: Type.Optional(Locale),
            captcha: Type.String({ minLength: 10, maxLength: 5000 }),
          },
          { additionalProperties: false },
        ),
        response: { 202: Type.Object({ status: Type.Literal('pending') }), ...problems },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      await verifyCaptcha(db, captcha, request.body.captcha);
      await subscribeToSite(db, {
        municipalityId: municipality.id,
        siteId: request.params.siteId,
        email: request.body.email.trim(),
        locale: request.body.locale ?? 'de',
        publicBaseUrl: municipality.publicBaseUrl,
        now: new Date(),
        confirmationResendMinutes: config.abuse.confirmationResendMinutes,
      });
      reply.status(202);
      return { status: 'pending' as const };
    },
  );

  app.post(
    '/subscriptions/:subscriptionId/confirm',
    {
      config: limit,
      schema: {
        operationId: 'confirmSiteSubscription',
        tags: ['schedule'],
        params: Type.Object({ subscriptionId: Uuid('Subscription id') }),
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: { 200: Type.Object({ status: Type.Literal('active') }), ...problems },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      await confirmSiteSubscription(db, {
        municipalityId: municipality.id,
        subscriptionId: request.params.subscriptionId,
        token: request.body.token,
      });
      return { status: 'active' as const };
    },
  );
};
