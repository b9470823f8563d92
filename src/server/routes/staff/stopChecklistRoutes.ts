import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { localDateOf } from '../../../domain/time.ts';
import { signOffStopChecklist } from '../../commands/stopChecklistSigner.ts';
import { listChecklistProblems, loadStopChecklist } from '../../queries/stopChecklistQueries.ts';
import { Uuid } from '../public/stopSchemas.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem } from './staffSchemas.ts';

const problems = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };
const ItemStatus = Type.Enum(['ok', 'problem']);
const ChecklistDto = Type.Object({
  stopId: Type.String(),
  items: Type.Array(
    Type.Object({
      key: Type.String(),
      kind: Type.Enum(['device', 'connectivity', 'privacy_screen', 'forms', 'card_terminal']),
      equipmentKind: Type.Optional(Type.String()),
      nameDe: Type.Union([Type.String(), Type.Null()]),
      nameEn: Type.Union([Type.String(), Type.Null()]),
      status: Type.Union([ItemStatus, Type.Null()]),
      note: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  signedOff: Type.Union([
    Type.Object({ at: Type.String(), byUserId: Type.String(), problems: Type.Integer() }),
    Type.Null(),
  ]),
});

/** The readiness checklist of a stop: generated, signed off at the station, its problems listed for planners. */
export const stopChecklistRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db }) => {
  app.get(
    '/station/stops/:stopId/checklist',
    {
      config: { staffRoles: ['clerk', 'admin', 'planner'] },
      schema: {
        operationId: 'getStopChecklist',
        tags: ['station'],
        summary:
          "A stop's readiness checklist from the unit's equipment and the services offered (devices, " +
          'connectivity, privacy screen, forms, card terminal), with the answers of its sign-off',
        params: Type.Object({ stopId: Uuid('Stop id') }),
        response: { 200: ChecklistDto, ...problems },
      },
    },
    async (request) => loadStopChecklist(db, signedIn(request).staff.municipalityId, request.params.stopId),
  );

  app.put(
    '/station/stops/:stopId/checklist',
    {
      config: { staffRoles: ['clerk', 'admin'] },
      schema: {
        operationId: 'signOffStopChecklist',
        tags: ['station'],
        summary:
          'Sign off the checklist at the station: every item ok, or a problem with a note (problems go to the planners)',
        params: Type.Object({ stopId: Uuid('Stop id') }),
        body: Type.Object(
          {
            items: Type.Array(
              Type.Object(
                {
                  key: Type.String({ minLength: 1, maxLength: 100 }),
                  status: ItemStatus,
                  note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
                },
                { additionalProperties: false },
              ),
              { maxItems: 100 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: ChecklistDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      await signOffStopChecklist(db, {
        municipalityId: staff.municipalityId,
        stopId: request.params.stopId,
        userId: staff.userId,
        items: request.body.items,
      });
      return loadStopChecklist(db, staff.municipalityId, request.params.stopId);
    },
  );

  app.get(
    '/stop-checklists/problems',
    {
      config: { staffRoles: ['admin', 'planner'] },
      schema: {
        operationId: 'listChecklistProblems',
        tags: ['staff'],
        summary:
          'For the planners: problems reported on the checklists of stops from today on, and stops opened ' +
          "without a signed-off checklist (with the clerk's reason), newest first",
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                stopId: Type.String(),
                date: Type.String(),
                siteName: Type.String(),
                unitName: Type.String(),
                signedOffAt: Type.Union([Type.String(), Type.Null()]),
                problems: Type.Array(Type.Object({ key: Type.String(), note: Type.String() })),
                openedWithoutChecklist: Type.Union([
                  Type.Object({ reason: Type.String(), at: Type.String() }),
                  Type.Null(),
                ]),
              }),
            ),
          }),
          ...problems,
        },
      },
    },
    async (request) => ({
      items: await listChecklistProblems(db, signedIn(request).staff.municipalityId, localDateOf(Date.now())),
    }),
  );
};
