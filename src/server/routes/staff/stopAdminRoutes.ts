import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../../../config.ts';
import { DomainError } from '../../../domain/errors.ts';
import { localDateOf } from '../../../domain/time.ts';
import type { Database } from '../../../db/schema.ts';
import { createSchedule } from '../../commands/scheduleCreator.ts';
import { cancelStop } from '../../commands/stopCanceller.ts';
import { changeStop } from '../../commands/stopChanger.ts';
import { createStop } from '../../commands/stopCreator.ts';
import { publicBaseUrlOf } from '../../publicBaseUrl.ts';
import { findStop, listStops } from '../../queries/stopQueries.ts';
import { validLocalDate, localDayRange } from '../public/dateRange.ts';
import { IsoDate, StopListQuery, Uuid } from '../public/stopSchemas.ts';

const problems = {
  400: Type.Ref('Problem'),
  401: Type.Ref('Problem'),
  403: Type.Ref('Problem'),
  404: Type.Ref('Problem'),
  409: Type.Ref('Problem'),
  422: Type.Ref('Problem'),
};
const PlaceId = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100 });
const Clock = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM, Europe/Berlin' });
const Minutes = Type.Integer({ minimum: 0, maximum: 240 });
const planners = ['admin', 'planner'] as const;
const anyStaff = ['admin', 'planner', 'clerk'] as const;
const requiredReason = (reason: string) => {
  const trimmed = reason.trim();
  if (!trimmed) throw new DomainError('reason_required', { field: 'reason', message: 'Give a reason.' });
  return trimmed;
};
const Weekday = Type.Integer({ minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday' });

const RecurrencePattern = Type.Union([
  Type.Object(
    { kind: Type.Literal('weekly'), weekdays: Type.Array(Weekday, { minItems: 1, maxItems: 7 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('every_n_weeks'),
      intervalWeeks: Type.Integer({ minimum: 2, maximum: 8 }),
      anchorDate: IsoDate,
      weekdays: Type.Array(Weekday, { minItems: 1, maxItems: 7 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('monthly_nth_weekday'), nth: Type.Enum([1, 2, 3, 4, -1]), weekday: Weekday },
    { additionalProperties: false },
  ),
]);

export const stopAdminRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<Database>; config: AppConfig }> = async (
  app,
  { db, config },
) => {
  const actorOf = (request: { staff?: { userId: string } }) => `staff:${request.staff!.userId}`;

  app.get(
    '/units',
    {
      config: { staffRoles: anyStaff },
      schema: {
        operationId: 'listUnits',
        tags: ['staff'],
        summary: 'Mobile units with their counters and equipment',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                kind: Type.String(),
                counters: Type.Integer(),
                homeSiteId: Type.Union([Type.String(), Type.Null()]),
                equipment: Type.Array(Type.String()),
              }),
            ),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const municipalityId = request.staff!.municipalityId;
      const [units, equipment] = await Promise.all([
        db
          .selectFrom('units')
          .selectAll()
          .where('municipality_id', '=', municipalityId)
          .orderBy('id')
          .execute(),
        db
          .selectFrom('unit_equipment')
          .selectAll()
          .where('municipality_id', '=', municipalityId)
          .orderBy('equipment_kind_id')
          .execute(),
      ]);
      return {
        items: units.map((unit) => ({
          id: unit.id,
          name: unit.name,
          kind: unit.kind,
          counters: unit.counters,
          homeSiteId: unit.home_site_id,
          equipment: equipment.filter((e) => e.unit_id === unit.id).map((e) => e.equipment_kind_id),
        })),
      };
    },
  );

  app.get(
    '/stops',
    {
      config: { staffRoles: anyStaff },
      schema: {
        operationId: 'listStaffStops',
        tags: ['staff'],
        summary: 'Stops including cancelled ones',
        querystring: StopListQuery,
        response: {
          200: Type.Object({ items: Type.Array(Type.Ref('Stop')), total: Type.Integer() }),
          ...problems,
        },
      },
    },
    async (request) => {
      const { from, to } = localDayRange(request.query, new Date(), 90);
      const items = await listStops(db, request.staff!.municipalityId, {
        from,
        to,
        districtId: request.query.districtId,
        siteId: request.query.siteId,
        includeCancelled: true,
      });
      return { items, total: items.length };
    },
  );

  app.post(
    '/stops',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'createStop',
        tags: ['staff'],
        summary:
          'Place a unit at a site for a time window; refused when the unit is elsewhere or cannot get there in time',
        body: Type.Object(
          {
            unitId: PlaceId,
            siteId: PlaceId,
            date: IsoDate,
            startTime: Clock,
            endTime: Clock,
            setupMinutes: Type.Optional(Minutes),
            teardownMinutes: Type.Optional(Minutes),
            counters: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
            slotMinutes: Type.Optional(Type.Enum([5, 10, 15, 20, 30, 60])),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('Stop'), ...problems },
      },
    },
    async (request, reply) => {
      const municipalityId = request.staff!.municipalityId;
      const body = request.body;
      const id = await createStop(db, {
        municipalityId,
        unitId: body.unitId,
        siteId: body.siteId,
        date: validLocalDate(body.date, 'date'),
        startTime: body.startTime,
        endTime: body.endTime,
        setupMinutes: body.setupMinutes ?? 30,
        teardownMinutes: body.teardownMinutes ?? 30,
        counters: body.counters,
        slotMinutes: body.slotMinutes,
        actor: actorOf(request),
      });
      reply.status(201);
      return (await findStop(db, municipalityId, id))!;
    },
  );

  app.patch(
    '/stops/:stopId',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'changeStop',
        tags: ['staff'],
        params: Type.Object({ stopId: Uuid('Stop id') }),
        body: Type.Object(
          {
            siteId: Type.Optional(PlaceId),
            date: Type.Optional(IsoDate),
            startTime: Type.Optional(Clock),
            endTime: Type.Optional(Clock),
            setupMinutes: Type.Optional(Minutes),
            teardownMinutes: Type.Optional(Minutes),
            counters: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Type.Ref('Stop'), ...problems },
      },
    },
    async (request) => {
      const municipalityId = request.staff!.municipalityId;
      if (request.body.date) validLocalDate(request.body.date, 'date');
      await changeStop(db, {
        municipalityId,
        stopId: request.params.stopId,
        changes: request.body,
        actor: actorOf(request),
        publicBaseUrl: await publicBaseUrlOf(db, municipalityId, config.publicBaseUrl),
      });
      return (await findStop(db, municipalityId, request.params.stopId))!;
    },
  );

  app.post(
    '/stops/:stopId/cancel',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'cancelStop',
        tags: ['staff'],
        summary: 'Cancel a stop: its appointments are cancelled and everyone booked or subscribed is told',
        params: Type.Object({ stopId: Uuid('Stop id') }),
        body: Type.Object(
          {
            reason: Type.String({
              minLength: 1,
              maxLength: 500,
              description: 'Told to everyone booked or subscribed',
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ bookingsCancelled: Type.Integer(), subscribersNotified: Type.Integer() }),
          ...problems,
        },
      },
    },
    async (request) =>
      await cancelStop(db, {
        municipalityId: request.staff!.municipalityId,
        stopId: request.params.stopId,
        reason: requiredReason(request.body.reason),
        actor: actorOf(request),
        now: new Date(),
        publicBaseUrl: await publicBaseUrlOf(db, request.staff!.municipalityId, config.publicBaseUrl),
      }),
  );

  app.post(
    '/schedules',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'createSchedule',
        tags: ['staff'],
        summary:
          'A recurring schedule; its stops are generated up to the horizon, NRW public holidays skipped',
        body: Type.Object(
          {
            unitId: PlaceId,
            siteId: PlaceId,
            pattern: RecurrencePattern,
            startTime: Clock,
            endTime: Clock,
            validFrom: IsoDate,
            validUntil: Type.Optional(IsoDate),
            exceptionDates: Type.Optional(Type.Array(IsoDate, { maxItems: 200 })),
            setupMinutes: Type.Optional(Minutes),
            teardownMinutes: Type.Optional(Minutes),
            counters: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
            slotMinutes: Type.Optional(Type.Enum([5, 10, 15, 20, 30, 60])),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            scheduleId: Type.String(),
            stopIds: Type.Array(Type.String()),
            skipped: Type.Array(
              Type.Object({
                date: Type.String(),
                reason: Type.String(),
                holidayName: Type.Optional(Type.String()),
              }),
            ),
          }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const result = await createSchedule(db, {
        municipalityId: request.staff!.municipalityId,
        unitId: body.unitId,
        siteId: body.siteId,
        rule: {
          pattern: body.pattern as never,
          startTime: body.startTime,
          endTime: body.endTime,
          validFrom: validLocalDate(body.validFrom, 'validFrom'),
          validUntil: body.validUntil ? validLocalDate(body.validUntil, 'validUntil') : undefined,
          exceptionDates: body.exceptionDates,
        },
        setupMinutes: body.setupMinutes ?? 30,
        teardownMinutes: body.teardownMinutes ?? 30,
        counters: body.counters,
        slotMinutes: body.slotMinutes,
        horizonWeeks: config.booking.horizonWeeks,
        today: localDateOf(Date.now()),
        actor: actorOf(request),
      });
      reply.status(201);
      return {
        scheduleId: result.scheduleId,
        stopIds: result.stopIds,
        skipped: result.skipped.map((s) => ({
          date: s.date,
          reason: s.reason,
          ...(s.reason === 'exception' ? {} : { holidayName: s.holidayName }),
        })),
      };
    },
  );
};
