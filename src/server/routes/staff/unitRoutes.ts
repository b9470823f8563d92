import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { staffActor } from '../../audit.ts';
import { createEquipmentItem } from '../../commands/equipmentItemCreator.ts';
import { updateEquipmentItem } from '../../commands/equipmentItemUpdater.ts';
import { createUnit } from '../../commands/unitCreator.ts';
import { updateUnit } from '../../commands/unitUpdater.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem } from './staffSchemas.ts';

const Slug = (description: string) =>
  Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', minLength: 1, maxLength: 100, description });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const ItemStatus = Type.Union(
  [Type.Literal('ok'), Type.Literal('maintenance'), Type.Literal('defective'), Type.Literal('lost')],
  { description: 'Only items that are ok count for the service offer' },
);
const planners = ['admin', 'planner'] as const;
const problems = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };

const EquipmentItemDto = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  serialNumber: Type.String(),
  status: ItemStatus,
  maintenanceDue: Type.Union([Type.String(), Type.Null()]),
  unitId: Type.Union([Type.String(), Type.Null()]),
});

/** Units (vans and kits) and their equipment items; listUnits itself lives with the stop routes. */
export const unitRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db }) => {
  app.post(
    '/units',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'createUnit',
        tags: ['units'],
        summary: 'Create a mobile unit (a van or a kit) with its nominal kit',
        body: Type.Object(
          {
            id: Slug('Short id, e.g. buergerkoffer-2'),
            name: Type.String({ minLength: 1, maxLength: 200 }),
            kind: Type.Union([Type.Literal('van'), Type.Literal('kit')]),
            counters: Type.Integer({ minimum: 1, maximum: 20 }),
            homeSiteId: Type.Optional(Type.Union([Slug('Home site'), Type.Null()])),
            equipment: Type.Optional(Type.Array(Slug('Equipment kind'), { maxItems: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String() }), ...problems },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const result = await createUnit(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        ...request.body,
      });
      reply.code(201);
      return result;
    },
  );

  app.patch(
    '/units/:unitId',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'updateUnit',
        tags: ['units'],
        summary: 'Change a unit: name, kind, counters, home site, nominal kit, active',
        params: Type.Object({ unitId: Slug('Id of the unit') }),
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            kind: Type.Optional(Type.Union([Type.Literal('van'), Type.Literal('kit')])),
            counters: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
            homeSiteId: Type.Optional(Type.Union([Slug('Home site'), Type.Null()])),
            equipment: Type.Optional(Type.Array(Slug('Equipment kind'), { maxItems: 50 })),
            active: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Type.Object({ id: Type.String() }), ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return updateUnit(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        unitId: request.params.unitId,
        ...request.body,
      });
    },
  );

  app.get(
    '/equipment-items',
    {
      config: { staffRoles: ['admin', 'planner', 'clerk'] },
      schema: {
        operationId: 'listEquipmentItems',
        tags: ['units'],
        summary: 'Registered equipment items with serial number, status, maintenance date and unit',
        querystring: Type.Object(
          { unitId: Type.Optional(Slug('Only the items of this unit')) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(EquipmentItemDto),
            kinds: Type.Array(
              Type.Object({ id: Type.String(), nameDe: Type.String(), nameEn: Type.String() }),
              {
                description: 'Every equipment kind of the municipality, for forms',
              },
            ),
          }),
          401: problem,
          403: problem,
        },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      let query = db
        .selectFrom('equipment_items')
        .selectAll()
        .where('municipality_id', '=', staff.municipalityId)
        .orderBy('equipment_kind_id')
        .orderBy('serial_number');
      if (request.query.unitId) query = query.where('unit_id', '=', request.query.unitId);
      const [rows, kinds] = await Promise.all([
        query.execute(),
        db
          .selectFrom('equipment_kinds')
          .select(['id', 'name_de', 'name_en'])
          .where('municipality_id', '=', staff.municipalityId)
          .orderBy('id')
          .execute(),
      ]);
      return {
        kinds: kinds.map((kind) => ({ id: kind.id, nameDe: kind.name_de, nameEn: kind.name_en })),
        items: rows.map((row) => ({
          id: row.id,
          kind: row.equipment_kind_id,
          serialNumber: row.serial_number,
          status: row.status,
          maintenanceDue: row.maintenance_due,
          unitId: row.unit_id,
        })),
      };
    },
  );

  app.post(
    '/equipment-items',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'createEquipmentItem',
        tags: ['units'],
        summary: 'Register an equipment item; the same kind and serial number cannot be registered twice',
        body: Type.Object(
          {
            kind: Slug('Equipment kind'),
            serialNumber: Type.String({ minLength: 1, maxLength: 100 }),
            status: Type.Optional(ItemStatus),
            maintenanceDue: Type.Optional(Type.Union([IsoDate, Type.Null()])),
            unitId: Type.Optional(Type.Union([Slug('Unit'), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String() }), ...problems },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const result = await createEquipmentItem(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        kind: request.body.kind,
        serialNumber: request.body.serialNumber,
        status: request.body.status ?? 'ok',
        maintenanceDue: request.body.maintenanceDue ?? null,
        unitId: request.body.unitId ?? null,
      });
      reply.code(201);
      return result;
    },
  );

  app.patch(
    '/equipment-items/:itemId',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'updateEquipmentItem',
        tags: ['units'],
        summary: 'Change an item’s status, maintenance date or unit',
        params: Type.Object({ itemId: Type.String({ format: 'uuid' }) }),
        body: Type.Object(
          {
            status: Type.Optional(ItemStatus),
            maintenanceDue: Type.Optional(Type.Union([IsoDate, Type.Null()])),
            unitId: Type.Optional(Type.Union([Slug('Unit'), Type.Null()])),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Type.Object({ id: Type.String() }), ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return updateEquipmentItem(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        itemId: request.params.itemId,
        ...request.body,
      });
    },
  );
};
