import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { retryFailedMail } from '../../commands/mailRetrier.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem } from './staffSchemas.ts';

const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/** A mail that failed after all its attempts, without any personal data (no recipient, subject or text). */
export const FailedMailDto = Type.Object({
  id: Type.String({ format: 'uuid' }),
  purpose: Type.String({ description: "e.g. 'booking.confirmation'" }),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()], {
    description: "The kind of the last error, e.g. 'ETIMEDOUT' or 'EENVELOPE 550'",
  }),
  createdAt: Type.String({ format: 'date-time' }),
  failedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** Mail delivery for admins: which mails could not be sent, and sending one again. */
export const mailAdminRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db }) => {
  app.get(
    '/mails/failed',
    {
      config: { staffRoles: ['admin'] },
      schema: {
        operationId: 'listFailedMails',
        tags: ['mail'],
        summary: 'Mails that could not be sent after all attempts, newest first (no personal data)',
        response: {
          200: Type.Object({ items: Type.Array(FailedMailDto), total: Type.Integer() }),
          401: problem,
          403: problem,
        },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const rows = await db
        .selectFrom('mails')
        .select(['id', 'purpose', 'attempts', 'last_error', 'created_at', 'failed_at'])
        .where('municipality_id', '=', staff.municipalityId)
        .where('status', '=', 'failed')
        .orderBy('failed_at', 'desc')
        .orderBy('id')
        .limit(500)
        .execute();
      return {
        items: rows.map((row) => ({
          id: row.id,
          purpose: row.purpose,
          attempts: row.attempts,
          lastError: row.last_error,
          createdAt: new Date(row.created_at).toISOString(),
          failedAt: row.failed_at ? new Date(row.failed_at).toISOString() : null,
        })),
        total: rows.length,
      };
    },
  );

  app.post(
    '/mails/:mailId/retry',
    {
      config: { staffRoles: ['admin'] },
      schema: {
        operationId: 'retryFailedMail',
        tags: ['mail'],
        summary: 'Puts a failed mail back into the outbox, with a fresh count of attempts',
        params: Type.Object({ mailId: Type.String({ pattern: UUID_PATTERN }) }),
        response: { 204: Type.Null(), 401: problem, 403: problem, 404: problem, 409: problem },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      await retryFailedMail(db, {
        municipalityId: staff.municipalityId,
        mailId: request.params.mailId,
        staffUserId: staff.userId,
      });
      return reply.status(204).send(null);
    },
  );
};
