import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import Type from 'typebox';
import { withStaffTables } from '../../../db/staffSchema.ts';
import { staffActor } from '../../audit.ts';
import { createControlledItemKind } from '../../commands/controlledItemKindCreator.ts';
import { updateControlledItemKind } from '../../commands/controlledItemKindUpdater.ts';
import { recordStockMovement } from '../../commands/stockMovementRecorder.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem } from './staffSchemas.ts';

const Slug = (description: string) =>
  Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', minLength: 1, maxLength: 100, description });
const CountUnit = Type.Union([Type.Literal('piece'), Type.Literal('pad'), Type.Literal('euro')], {
  description: 'What one counts: single pieces, pads of blanks, or euros (the cash float)',
});
const Movement = Type.Union(
  [
    Type.Literal('received'),
    Type.Literal('issued'),
    Type.Literal('returned'),
    Type.Literal('written_off'),
    Type.Literal('counted'),
  ],
  {
    description:
      'received (+), issued at a stop (−), returned to the unit (+), written off with a reason (−), counted (sets the balance)',
  },
);
const Serial = Type.Integer({ minimum: 0, maximum: 2_147_483_647 });
const stockReaders = ['admin', 'planner', 'clerk'] as const;
const problems = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };

const KindDto = Type.Object({
  id: Type.String(),
  nameDe: Type.String(),
  nameEn: Type.String(),
  countUnit: CountUnit,
  minimumStock: Type.Integer(),
  serialNumbered: Type.Boolean(),
});
const StockDto = Type.Object({
  unitId: Type.String(),
  unitName: Type.String(),
  kind: Type.String(),
  quantity: Type.Integer(),
  minimumStock: Type.Integer(),
  belowMinimum: Type.Boolean({ description: 'The balance is below the kind’s minimum stock' }),
});
const MovementDto = Type.Object({
  id: Type.String(),
  unitId: Type.String(),
  kind: Type.String(),
  movement: Movement,
  quantityChange: Type.Integer(),
  balanceAfter: Type.Integer(),
  reason: Type.Union([Type.String(), Type.Null()]),
  stopId: Type.Union([Type.String(), Type.Null()]),
  stop: Type.Union([Type.Object({ date: Type.String(), siteName: Type.String() }), Type.Null()], {
    description: 'The stop the items were issued at or returned from',
  }),
  serialFirst: Type.Union([Type.Integer(), Type.Null()]),
  serialLast: Type.Union([Type.Integer(), Type.Null()]),
  recordedBy: Type.Union([Type.String(), Type.Null()], { description: 'Name of the staff member' }),
  recordedAt: Type.String({ format: 'date-time' }),
});

/** Controlled items (secure blank forms, the cash float): kinds, the stock per unit and its movements. */
export const stockRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db }) => {
  const listKinds = (municipalityId: string) =>
    db
      .selectFrom('controlled_item_kinds')
      .selectAll()
      .where('municipality_id', '=', municipalityId)
      .orderBy('id')
      .execute();

  app.get(
    '/controlled-item-kinds',
    {
      config: { staffRoles: stockReaders },
      schema: {
        operationId: 'listControlledItemKinds',
        tags: ['stock'],
        summary: 'Kinds of controlled items with their unit of count and minimum stock per unit',
        response: { 200: Type.Object({ items: Type.Array(KindDto) }), 401: problem, 403: problem },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const rows = await listKinds(staff.municipalityId);
      return {
        items: rows.map((row) => ({
          id: row.id,
          nameDe: row.name_de,
          nameEn: row.name_en,
          countUnit: row.count_unit,
          minimumStock: row.minimum_stock,
          serialNumbered: row.serial_numbered,
        })),
      };
    },
  );

  app.post(
    '/controlled-item-kinds',
    {
      config: { staffRoles: ['admin', 'planner'] },
      schema: {
        operationId: 'createControlledItemKind',
        tags: ['stock'],
        summary:
          'Create a kind of controlled item (e.g. secure blank forms) with unit of count and minimum stock',
        body: Type.Object(
          {
            id: Slug('Short id, e.g. antragsformulare-pass'),
            nameDe: Type.String({ minLength: 1, maxLength: 200 }),
            nameEn: Type.String({ minLength: 1, maxLength: 200 }),
            countUnit: CountUnit,
            minimumStock: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
            serialNumbered: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String() }), ...problems },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const result = await createControlledItemKind(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        ...request.body,
        serialNumbered: request.body.serialNumbered ?? false,
      });
      reply.code(201);
      return result;
    },
  );

  app.patch(
    '/controlled-item-kinds/:kindId',
    {
      config: { staffRoles: ['admin', 'planner'] },
      schema: {
        operationId: 'updateControlledItemKind',
        tags: ['stock'],
        summary: 'Change a controlled item kind’s names or minimum stock',
        params: Type.Object({ kindId: Slug('Id of the kind') }),
        body: Type.Object(
          {
            nameDe: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            nameEn: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            minimumStock: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Type.Object({ id: Type.String() }), ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return updateControlledItemKind(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        kindId: request.params.kindId,
        ...request.body,
      });
    },
  );

  app.get(
    '/stock',
    {
      config: { staffRoles: stockReaders },
      schema: {
        operationId: 'listStock',
        tags: ['stock'],
        summary: 'The balance of every controlled item kind on every active unit, flagged when below minimum',
        querystring: Type.Object(
          { unitId: Type.Optional(Slug('Only the stock of this unit')) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(StockDto),
            belowMinimum: Type.Integer({ description: 'How many balances are below their minimum' }),
          }),
          401: problem,
          403: problem,
        },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      let query = db
        .selectFrom('units')
        .innerJoin('controlled_item_kinds as kinds', 'kinds.municipality_id', 'units.municipality_id')
        .leftJoin('controlled_stock_balances as balances', (join) =>
          join
            .onRef('balances.municipality_id', '=', 'units.municipality_id')
            .onRef('balances.unit_id', '=', 'units.id')
            .onRef('balances.kind_id', '=', 'kinds.id'),
        )
        .select([
          'units.id as unitId',
          'units.name as unitName',
          'kinds.id as kind',
          'kinds.minimum_stock as minimumStock',
          sql<number>`coalesce(balances.quantity, 0)`.as('quantity'),
        ])
        .where('units.municipality_id', '=', staff.municipalityId)
        .where((eb) => eb.or([eb('units.active', '=', true), eb('balances.quantity', '>', 0)]))
        .orderBy('units.name')
        .orderBy('kinds.id');
      if (request.query.unitId) query = query.where('units.id', '=', request.query.unitId);
      const rows = await query.execute();
      const items = rows.map((row) => ({
        ...row,
        quantity: Number(row.quantity),
        belowMinimum: Number(row.quantity) < row.minimumStock,
      }));
      return { items, belowMinimum: items.filter((item) => item.belowMinimum).length };
    },
  );

  app.get(
    '/stock/movements',
    {
      config: { staffRoles: stockReaders },
      schema: {
        operationId: 'listStockMovements',
        tags: ['stock'],
        summary: 'The movements of controlled items, newest first, with who recorded them and when',
        querystring: Type.Object(
          {
            unitId: Type.Optional(Slug('Only this unit')),
            kind: Type.Optional(Slug('Only this kind')),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(MovementDto) }),
          400: problem,
          401: problem,
          403: problem,
        },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      let query = withStaffTables(db)
        .selectFrom('controlled_stock_movements as movements')
        .leftJoin('staff_users', (join) =>
          join
            .onRef('staff_users.municipality_id', '=', 'movements.municipality_id')
            .on(sql`'staff:' || staff_users.id::text`, '=', sql.ref('movements.actor')),
        )
        .leftJoin('stops', (join) =>
          join
            .onRef('stops.municipality_id', '=', 'movements.municipality_id')
            .onRef('stops.id', '=', 'movements.stop_id'),
        )
        .leftJoin('sites', (join) =>
          join
            .onRef('sites.municipality_id', '=', 'stops.municipality_id')
            .onRef('sites.id', '=', 'stops.site_id'),
        )
        .select([
          'movements.id',
          'movements.unit_id',
          'movements.kind_id',
          'movements.movement',
          'movements.quantity_change',
          'movements.balance_after',
          'movements.reason',
          'movements.stop_id',
          'movements.serial_first',
          'movements.serial_last',
          'movements.recorded_at',
          'staff_users.name as recorded_by',
          sql<string | null>`to_char(stops.local_date, 'YYYY-MM-DD')`.as('stop_date'),
          'sites.name as site_name',
        ])
        .where('movements.municipality_id', '=', staff.municipalityId)
        .orderBy('movements.recorded_at', 'desc')
        .orderBy('movements.id')
        .limit(request.query.limit ?? 100);
      if (request.query.unitId) query = query.where('movements.unit_id', '=', request.query.unitId);
      if (request.query.kind) query = query.where('movements.kind_id', '=', request.query.kind);
      const rows = await query.execute();
      return {
        items: rows.map((row) => ({
          id: row.id,
          unitId: row.unit_id,
          kind: row.kind_id,
          movement: row.movement,
          quantityChange: row.quantity_change,
          balanceAfter: row.balance_after,
          reason: row.reason,
          stopId: row.stop_id,
          stop: row.stop_date && row.site_name ? { date: row.stop_date, siteName: row.site_name } : null,
          serialFirst: row.serial_first,
          serialLast: row.serial_last,
          recordedBy: row.recorded_by,
          recordedAt: new Date(row.recorded_at).toISOString(),
        })),
      };
    },
  );

  app.post(
    '/stock/movements',
    {
      config: { staffRoles: stockReaders },
      schema: {
        operationId: 'recordStockMovement',
        tags: ['stock'],
        summary:
          'Record a movement of a controlled item on a unit; refused (and nothing changed) when the stock would go below zero',
        body: Type.Object(
          {
            unitId: Slug('Unit (van or kit)'),
            kind: Slug('Controlled item kind'),
            movement: Movement,
            quantity: Type.Integer({
              minimum: 0,
              maximum: 1_000_000,
              description: 'How many moved (at least 1); for counted, how many were counted',
            }),
            reason: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
            stopId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
            serialFirst: Type.Optional(Type.Union([Serial, Type.Null()])),
            serialLast: Type.Optional(Type.Union([Serial, Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ id: Type.String(), balance: Type.Integer(), belowMinimum: Type.Boolean() }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const body = request.body;
      const result = await recordStockMovement(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        unitId: body.unitId,
        kind: body.kind,
        movement: body.movement,
        quantity: body.quantity,
        reason: body.reason ?? null,
        stopId: body.stopId ?? null,
        serialFirst: body.serialFirst ?? null,
        serialLast: body.serialLast ?? null,
      });
      reply.code(201);
      return result;
    },
  );
};
