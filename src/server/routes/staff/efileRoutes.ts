import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { handOffCaseToEfile } from '../../commands/caseEfileHandOffRequester.ts';
import { departmentScope } from '../../queries/departmentQueries.ts';
import { listEfileHandOffs } from '../../queries/efileHandOffQueries.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem } from './staffSchemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Status = Type.Union(
  [
    Type.Literal('queued'),
    Type.Literal('written'),
    Type.Literal('confirmed'),
    Type.Literal('rejected'),
    Type.Literal('failed'),
  ],
  {
    description:
      'queued: waiting to be written; written: in the transfer directory, not confirmed yet; confirmed: the DMS imported it; rejected: the DMS refused it; failed: it could not be written or was never confirmed',
  },
);

export const EfileHandOffDto = Type.Object({
  id: Type.String({ format: 'uuid', description: 'Also the xdomea ProzessID of the message' }),
  caseId: Type.String({ format: 'uuid' }),
  caseNumber: Type.String(),
  serviceId: Type.String(),
  departmentId: Nullable(Type.String()),
  message: Type.Union([Type.Literal('record'), Type.Literal('file'), Type.Literal('hand_over')], {
    description:
      'record: FVDaten.SGOErstellen (0604); file: FVDaten.SGOAblegen (0605); hand_over: Abgabe.Abgabe (0401)',
  }),
  status: Status,
  attempts: Type.Integer(),
  documents: Type.Integer({ description: 'Documents the message carried' }),
  fileName: Nullable(Type.String({ description: 'The container in the transfer directory' })),
  lastError: Nullable(Type.String()),
  dmsRecordId: Nullable(Type.String({ description: 'The DMS’s id of the record, from its confirmation' })),
  queuedAt: Type.String({ format: 'date-time' }),
  writtenAt: Nullable(Type.String({ format: 'date-time' })),
  confirmedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const EfileHandOffListDto = Type.Object({ items: Type.Array(EfileHandOffDto) });

export const QueuedEfileHandOffDto = Type.Object({
  handOffId: Type.String({ format: 'uuid' }),
  message: Type.Union([Type.Literal('record'), Type.Literal('hand_over')]),
});

const problems = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };
const roles = { staffRoles: ['admin', 'department'] as ('admin' | 'department')[] };

/**
 * Hand-off of cases to the city's e-file (tracker issue 11, item 4): admins see and trigger every hand-off
 * of the municipality, department leads those of their departments' cases.
 */
export const efileRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db }) => {
  app.get(
    '/efile-hand-offs',
    {
      config: roles,
      schema: {
        operationId: 'listEfileHandOffs',
        tags: ['cases'],
        summary:
          'Hand-offs to the e-file (xdomea messages), newest first: written, confirmed, refused by the DMS or failed',
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.Union([Status, Type.Literal('open')], { description: 'open: every one not confirmed' }),
            ),
            caseId: Type.Optional(Type.String({ format: 'uuid' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: EfileHandOffListDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const scope = await departmentScope(db, staff);
      return { items: await listEfileHandOffs(db, staff.municipalityId, scope, request.query) };
    },
  );

  app.post(
    '/cases/:caseId/efile-hand-off',
    {
      config: roles,
      schema: {
        operationId: 'handOffCaseToEfile',
        tags: ['cases'],
        summary:
          'Queues the hand-off of a case to the e-file with the message its process names; a job writes it into the transfer directory (no body)',
        params: Type.Object({ caseId: Type.String({ format: 'uuid' }) }),
        response: { 202: QueuedEfileHandOffDto, ...problems },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const queued = await handOffCaseToEfile(db, {
        municipalityId: staff.municipalityId,
        caseId: request.params.caseId,
        userId: staff.userId,
        departments: await departmentScope(db, staff),
        now: new Date(),
      });
      return reply.code(202).send(queued);
    },
  );
};
