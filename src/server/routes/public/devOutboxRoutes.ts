import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { MailAttachment } from '../../mail/outbox.ts';

/**
 * Development only (no SMTP server configured, not production): shows the mails the product would have
 * sent, so the booking flow can be tried on the embedded default. Never registered in production.
 */
export const devOutboxRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<Database> }> = async (app, { db }) => {
  app.get(
    '/dev/outbox',
    {
      schema: {
        operationId: 'listDevOutbox',
        tags: ['development'],
        summary: 'Mails of this municipality as sent to the development outbox (absent in production)',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                to: Type.Union([Type.String(), Type.Null()]),
                subject: Type.String(),
                text: Type.String(),
                createdAt: Type.String(),
                attachments: Type.Array(Type.Object({ filename: Type.String(), contentType: Type.String() })),
              }),
            ),
          }),
        },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      const mails = await db
        .selectFrom('mails')
        .selectAll()
        .where('municipality_id', '=', municipality.id)
        .orderBy('created_at', 'desc')
        .limit(100)
        .execute();
      reply.header('cache-control', 'no-store');
      return {
        items: mails.map((mail) => ({
          id: mail.id,
          to: mail.to_address,
          subject: mail.subject,
          text: mail.text_body,
          createdAt: new Date(mail.created_at).toISOString(),
          attachments: (mail.attachments as MailAttachment[]).map(({ filename, contentType }) => ({
            filename,
            contentType,
          })),
        })),
      };
    },
  );
};
