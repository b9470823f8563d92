import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../../../config.ts';
import type { Database } from '../../../db/schema.ts';
import { callDisplay, joinWalkInQueue, walkInStatus } from '../../station/walkInTickets.ts';
import { Uuid } from './stopSchemas.ts';

const problems = {
  400: Type.Ref('Problem'),
  403: Type.Ref('Problem'),
  404: Type.Ref('Problem'),
  409: Type.Ref('Problem'),
  422: Type.Ref('Problem'),
};
const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Secret = Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' });

/** Walk-ins' phones and the call display at the stop: public, and without personal data. */
export const walkInRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<Database>; config: AppConfig }> = async (
  app,
  { db, config },
) => {
  app.post(
    '/stops/:stopId/tickets',
    {
      config: { rateLimit: { max: config.citizenWritesPerMinute, timeWindow: '1 minute' } },
      schema: {
        operationId: 'joinWalkInQueue',
        tags: ['station'],
        summary:
          'Draw a walk-in ticket by phone with the token from the poster at the stop, while it is open',
        params: Type.Object({ stopId: Uuid('Stop id') }),
        body: Type.Object(
          {
            posterToken: Type.String({
              minLength: 20,
              maxLength: 100,
              pattern: '^[A-Za-z0-9_-]+$',
              description: 'From the poster URL after #',
            }),
            services: Type.Optional(
              Type.Array(
                Type.Object(
                  {
                    serviceId: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100 }),
                    quantity: Type.Integer({ minimum: 1, maximum: 10 }),
                  },
                  { additionalProperties: false },
                ),
                { maxItems: 10 },
              ),
            ),
            locale: Type.Optional(Type.Enum(['de', 'en', 'tr', 'uk', 'ar'])),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            ticketId: Type.String({ format: 'uuid' }),
            displayNumber: Type.String(),
            token: Type.String({ description: 'Keep it: it shows the place in the queue' }),
          }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      const ticket = await joinWalkInQueue(db, {
        municipalityId: municipality.id,
        stopId: request.params.stopId,
        posterToken: request.body.posterToken,
        services: request.body.services ?? [],
        locale: request.body.locale ?? 'de',
        now: new Date(),
      });
      reply.status(201).header('cache-control', 'no-store');
      return ticket;
    },
  );

  app.get(
    '/tickets/:ticketId',
    {
      schema: {
        operationId: 'getWalkInTicket',
        tags: ['station'],
        summary: "A walk-in's number, place in the queue and estimated wait",
        params: Type.Object({ ticketId: Uuid('Ticket id') }),
        querystring: Type.Object({ token: Secret }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            displayNumber: Type.String(),
            status: Type.Enum([
              'waiting',
              'called',
              'in_service',
              'finished',
              'no_show',
              'parked',
              'cancelled',
            ]),
            position: Nullable(Type.Integer()),
            estimatedWaitMinutes: Nullable(Type.Integer()),
            calledToCounter: Nullable(Type.Integer()),
          }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      reply.header('cache-control', 'no-store');
      return walkInStatus(db, municipality.id, request.params.ticketId, request.query.token, new Date());
    },
  );

  app.get(
    '/stops/:stopId/display',
    {
      schema: {
        operationId: 'getCallDisplay',
        tags: ['station'],
        summary: 'The call display at the stop: numbers called to which counter, and how many wait',
        params: Type.Object({ stopId: Uuid('Stop id') }),
        response: {
          200: Type.Object({
            called: Type.Array(
              Type.Object({
                displayNumber: Type.String(),
                counter: Type.Integer(),
                calledAt: Type.String({ format: 'date-time' }),
              }),
            ),
            waiting: Type.Integer(),
          }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      reply.header('cache-control', 'no-store');
      return callDisplay(db, municipality.id, request.params.stopId);
    },
  );
};
