import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../../../config.ts';
import type { Database } from '../../../db/schema.ts';
import { clientKey } from '../../clientKey.ts';
import { callDisplay, joinWalkInQueue, walkInStatus } from '../../station/walkInTickets.ts';
import { Uuid } from './stopSchemas.ts';

const problems = {
  400: Type.Ref('Problem'),
  403: Type.Ref('Problem'),
  404: Type.Ref('Problem'),
  409: Type.Ref('Problem'),
  410: Type.Ref('Problem'),
  422: Type.Ref('Problem'),
  429: Type.Ref('Problem'),
};
/** The device's current walk-in ticket: a signed, httpOnly cookie, so one phone holds one ticket at a time. */
const DEVICE_TICKET_COOKIE = 'mr_walk_in';
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
        description:
          "The poster's token is valid for its stop day only (410 afterwards). One active ticket per device: a signed cookie remembers it, and a second draw answers 409 ticket-already-active with the existing ticket in `details`. A few active tickets per client address and stop (WALK_IN_TICKETS_PER_CLIENT; 429).",
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
            originDistrictId: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 80,
                description: 'The district the person comes from (optional)',
              }),
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
      const cookie = request.cookies[DEVICE_TICKET_COOKIE];
      const unsigned = cookie ? request.unsignCookie(cookie) : undefined;
      const ticket = await joinWalkInQueue(db, {
        municipalityId: municipality.id,
        stopId: request.params.stopId,
        posterToken: request.body.posterToken,
        services: request.body.services ?? [],
        originDistrictId: request.body.originDistrictId,
        locale: request.body.locale ?? 'de',
        now: new Date(),
        clientKey: await clientKey(db, request.ip),
        deviceTicketId: unsigned?.valid && unsigned.value ? unsigned.value : undefined,
        ticketsPerClient: config.abuse.walkInTicketsPerClient,
      });
      reply
        .status(201)
        .header('cache-control', 'no-store')
        .setCookie(DEVICE_TICKET_COOKIE, ticket.ticketId, {
          signed: true,
          httpOnly: true,
          sameSite: 'strict',
          secure: config.nodeEnv === 'production',
          path: '/api/v1/',
          maxAge: 24 * 3600,
        });
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
            feedbackOpen: Type.Boolean({
              description: 'Finished and not yet rated: the page offers the survey (submitVisitFeedback)',
            }),
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
