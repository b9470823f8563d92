import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { recordAudit, staffActor } from '../../audit.ts';
import { searchAuditEvents } from '../../queries/staffQueries.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { AuditEventDto, problem } from './staffSchemas.ts';

const DEFAULT_PAGE_SIZE = 50;

const Filter = (description: string) =>
  Type.Optional(Type.String({ minLength: 1, maxLength: 200, description }));

/** The audit trail of the admin's municipality. */
export const auditRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db }) => {
  app.get(
    '/audit',
    {
      config: { staffRoles: ['admin'] },
      schema: {
        operationId: 'searchAuditEvents',
        tags: ['audit'],
        summary: 'Who did what to which record, newest first, a page at a time',
        querystring: Type.Object(
          {
            subjectType: Filter("e.g. 'staff_user', 'booking', 'stop'"),
            subjectId: Filter('Id of the record'),
            actor: Filter("e.g. 'staff:<user id>', 'system'"),
            action: Filter("e.g. 'staff.signed_in'"),
            from: Type.Optional(Type.String({ format: 'date-time', description: 'From this instant on' })),
            to: Type.Optional(Type.String({ format: 'date-time', description: 'Before this instant' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: DEFAULT_PAGE_SIZE })),
            cursor: Type.Optional(
              Type.Integer({ minimum: 1, description: 'nextCursor of the previous page' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(AuditEventDto),
            nextCursor: Type.Union([Type.Integer(), Type.Null()], { description: 'null on the last page' }),
          }),
          400: problem,
          401: problem,
          403: problem,
        },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      // Reading the log shows who looked at whose data: the reading is itself recorded, in the same transaction.
      return db.transaction().execute(async (trx) => {
        const page = await searchAuditEvents(trx, staff.municipalityId, {
          ...request.query,
          limit: request.query.limit ?? DEFAULT_PAGE_SIZE,
        });
        await recordAudit(trx, {
          municipalityId: staff.municipalityId,
          actor: staffActor(staff.userId),
          action: 'audit.searched',
          subjectType: 'audit_events',
          subjectId: null,
          details: {
            searchedSubjectType: request.query.subjectType ?? null,
            searchedSubjectId: request.query.subjectId ?? null,
            results: page.items.length,
          },
        });
        return page;
      });
    },
  );
};
