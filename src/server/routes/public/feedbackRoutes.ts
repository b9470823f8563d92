import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../../../config.ts';
import type { Database } from '../../../db/schema.ts';
import { optOutOfVisitFeedback } from '../../commands/visitFeedbackOptOut.ts';
import { submitVisitFeedback } from '../../commands/visitFeedbackSubmitter.ts';
import { Uuid } from './stopSchemas.ts';

const problems = {
  400: Type.Ref('Problem'),
  404: Type.Ref('Problem'),
  409: Type.Ref('Problem'),
  422: Type.Ref('Problem'),
  429: Type.Ref('Problem'),
};
const Secret = Type.String({
  minLength: 20,
  maxLength: 100,
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'From the survey link after #, or the walk-in ticket token',
});

/** The survey after a visit (tracker issue 10, item 2): answers stored without any link to the person. */
export const feedbackRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<Database>; config: AppConfig }> = async (
  app,
  { db, config },
) => {
  const limit = { rateLimit: { max: config.citizenWritesPerMinute, timeWindow: '1 minute' } };

  app.post(
    '/visit-feedback',
    {
      config: limit,
      schema: {
        operationId: 'submitVisitFeedback',
        tags: ['feedback'],
        summary: 'Answer the three survey questions after a visit, once per visit',
        description:
          'With the token of the survey mail, or a finished walk-in ticket (`ticketId` and its token). The answer is stored without the booking, the ticket, the token or the time; a second answer for the same visit is refused (409 feedback-already-given).',
        body: Type.Object(
          {
            token: Secret,
            ticketId: Type.Optional(Uuid('Walk-in ticket id (walk-ins only)')),
            satisfaction: Type.Integer({ description: '1 (very unhappy) to 5 (very happy)' }),
            wouldUseAgain: Type.String({ maxLength: 20, description: 'yes, no, unsure' }),
            timeCompared: Type.Optional(
              Type.String({
                maxLength: 20,
                description: 'Compared with the town hall: saved_much, saved_some, same, more, unsure',
              }),
            ),
            travelMode: Type.Optional(
              Type.String({ maxLength: 20, description: 'foot, bike, bus, car, other' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({}), ...problems },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      const { token, ticketId, ...answers } = request.body;
      await submitVisitFeedback(db, { municipalityId: municipality.id, token, ticketId, answers });
      reply.status(201).header('cache-control', 'no-store');
      return {};
    },
  );

  app.post(
    '/visit-feedback/opt-out',
    {
      config: limit,
      schema: {
        operationId: 'optOutOfVisitFeedback',
        tags: ['feedback'],
        summary: 'No more survey mails after future visits (the link in a survey mail)',
        body: Type.Object({ token: Secret }, { additionalProperties: false }),
        response: { 200: Type.Object({}), ...problems },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      await optOutOfVisitFeedback(db, { municipalityId: municipality.id, token: request.body.token });
      reply.header('cache-control', 'no-store');
      return {};
    },
  );
};
