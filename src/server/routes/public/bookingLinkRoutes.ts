import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import Type from 'typebox';
import type { Database } from '../../../db/schema.ts';
import { resendBookingLinks } from '../../commands/bookingLinksResender.ts';

export interface BookingLinkRouteOptions {
  db: Kysely<Database>;
}

/** Requests per client address in a quarter of an hour: enough for typing mistakes, too few to guess codes. */
export const resendLinksPerQuarterHour = 5;

export const bookingLinkRoutes: FastifyPluginAsyncTypebox<BookingLinkRouteOptions> = async (app, { db }) => {
  app.post(
    '/bookings/resend-links',
    {
      config: { rateLimit: { max: resendLinksPerQuarterHour, timeWindow: '15 minutes' } },
      schema: {
        operationId: 'resendBookingLinks',
        tags: ['booking'],
        summary: 'Send the links of an appointment again, to its e-mail address',
        description:
          'Always answers 202, whether the code and address belong to an appointment or not. A booking gets ' +
          'at most one such mail in 15 minutes; the old links stop working.',
        body: Type.Object(
          {
            code: Type.String({ minLength: 4, maxLength: 20, pattern: '^[A-Za-z0-9 -]+$' }),
            email: Type.String({ minLength: 3, maxLength: 254 }),
          },
          { additionalProperties: false },
        ),
        response: { 202: Type.Object({ status: Type.Literal('accepted') }), 400: Type.Ref('Problem') },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      await resendBookingLinks(db, {
        municipalityId: municipality.id,
        code: request.body.code,
        email: request.body.email,
        now: new Date(),
        publicBaseUrl: municipality.publicBaseUrl,
        quietMinutes: 15,
      });
      return reply.code(202).send({ status: 'accepted' as const });
    },
  );
};
