import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { localDateOf } from '../../../domain/time.ts';
import { staffActor } from '../../audit.ts';
import { endSchedule } from '../../commands/scheduleEnder.ts';
import { updateSchedule } from '../../commands/scheduleUpdater.ts';
import { publicBaseUrlOf } from '../../publicBaseUrl.ts';
import { checkStopProposal } from '../../queries/stopProposalCheck.ts';
import { listSchedules } from '../../queries/scheduleQueries.ts';
import { validLocalDate } from '../public/dateRange.ts';
import { IsoDate, Uuid } from '../public/stopSchemas.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem } from './staffSchemas.ts';

const planners = ['admin', 'planner'] as const;
const problems = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };
const PlaceId = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100 });
const Clock = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM, Europe/Berlin' });
const Minutes = Type.Integer({ minimum: 0, maximum: 240 });
const Reason = Type.String({ minLength: 1, maxLength: 500 });

const OtherStop = Type.Object({
  stopId: Type.String(),
  siteId: Type.String(),
  siteName: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
});
const Conflict = Type.Object(
  {
    kind: Type.Enum(['overlap', 'travel', 'site_closed']),
    blocking: Type.Boolean(),
    overlapMinutes: Type.Optional(Type.Integer()),
    direction: Type.Optional(Type.Enum(['from_previous', 'to_next'])),
    requiredMinutes: Type.Optional(Type.Integer()),
    availableMinutes: Type.Optional(Type.Integer()),
    missingMinutes: Type.Optional(Type.Integer()),
    other: Type.Optional(OtherStop),
    reason: Type.Optional(Type.Enum(['holiday', 'closed_that_day', 'outside_opening_hours'])),
    holidayName: Type.Optional(Type.String()),
    opens: Type.Optional(Type.String()),
    closes: Type.Optional(Type.String()),
  },
  { description: 'One thing that stands against the proposal; only blocking ones refuse saving' },
);

export const ScheduleDto = Type.Object({
  id: Type.String(),
  status: Type.Enum(['draft', 'active', 'paused', 'ended']),
  source: Type.String(),
  unit: Type.Object({ id: Type.String(), name: Type.String() }),
  site: Type.Object({ id: Type.String(), name: Type.String() }),
  pattern: Type.Object(
    {
      kind: Type.Enum(['weekly', 'every_n_weeks', 'monthly_nth_weekday']),
      weekdays: Type.Optional(Type.Array(Type.Integer())),
      intervalWeeks: Type.Optional(Type.Integer()),
      anchorDate: Type.Optional(Type.String()),
      nth: Type.Optional(Type.Integer()),
      weekday: Type.Optional(Type.Integer()),
    },
    { additionalProperties: true },
  ),
  startTime: Type.String(),
  endTime: Type.String(),
  validFrom: Type.String(),
  validUntil: Type.Union([Type.String(), Type.Null()]),
  exceptionDates: Type.Array(Type.String()),
  skippedDates: Type.Array(Type.String()),
  upcomingStops: Type.Integer({ description: 'Planned stops from today on (not cancelled)' }),
  nextStopDate: Type.Union([Type.String(), Type.Null()]),
});

/** Schedules (list, pause and resume, exceptions, end) and the conflict check before a stop is saved. */
export const scheduleAdminRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (
  app,
  { db, config },
) => {
  app.get(
    '/schedules',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'listSchedules',
        tags: ['staff'],
        summary: 'Recurring schedules with their rule, exceptions and upcoming stops',
        querystring: Type.Object(
          {
            unitId: Type.Optional(PlaceId),
            siteId: Type.Optional(PlaceId),
            status: Type.Optional(Type.Enum(['draft', 'active', 'paused', 'ended'])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(ScheduleDto) }), ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return {
        items: await listSchedules(db, staff.municipalityId, request.query, localDateOf(Date.now())),
      };
    },
  );

  app.patch(
    '/schedules/:scheduleId',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'updateSchedule',
        tags: ['staff'],
        summary:
          'Pause or resume a schedule and set its exception dates; a new exception cancels the stop that day ' +
          '(booked citizens and subscribers are told), resuming fills the stops up to the horizon',
        params: Type.Object({ scheduleId: Uuid('Schedule id') }),
        body: Type.Object(
          {
            status: Type.Optional(Type.Enum(['active', 'paused'])),
            exceptionDates: Type.Optional(Type.Array(IsoDate, { maxItems: 200 })),
            reason: Type.Optional(Reason),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: {
          200: Type.Object({
            status: Type.String(),
            stopsCreated: Type.Integer(),
            stopsCancelled: Type.Integer(),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const body = request.body;
      body.exceptionDates?.forEach((date, index) => validLocalDate(date, `exceptionDates.${index}`));
      return updateSchedule(db, {
        municipalityId: staff.municipalityId,
        scheduleId: request.params.scheduleId,
        status: body.status,
        exceptionDates: body.exceptionDates,
        reason: body.reason?.trim() || null,
        horizonWeeks: config.booking.horizonWeeks,
        today: localDateOf(Date.now()),
        actor: staffActor(staff.userId),
        now: new Date(),
        publicBaseUrl: await publicBaseUrlOf(db, staff.municipalityId, config.publicBaseUrl),
      });
    },
  );

  app.post(
    '/schedules/:scheduleId/end',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'endSchedule',
        tags: ['staff'],
        summary:
          'End a schedule on a date: its stops after that date are cancelled and everyone booked or subscribed is told',
        params: Type.Object({ scheduleId: Uuid('Schedule id') }),
        body: Type.Object(
          { endDate: IsoDate, reason: Type.Optional(Reason) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            endDate: Type.String(),
            stopsCancelled: Type.Integer(),
            bookingsCancelled: Type.Integer(),
            subscribersNotified: Type.Integer(),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return endSchedule(db, {
        municipalityId: staff.municipalityId,
        scheduleId: request.params.scheduleId,
        endDate: validLocalDate(request.body.endDate, 'endDate'),
        reason: request.body.reason?.trim() || null,
        today: localDateOf(Date.now()),
        actor: staffActor(staff.userId),
        now: new Date(),
        publicBaseUrl: await publicBaseUrlOf(db, staff.municipalityId, config.publicBaseUrl),
      });
    },
  );

  app.post(
    '/stops/check',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'checkStopConflicts',
        tags: ['staff'],
        summary:
          'Explain the conflicts of a proposed stop, or of a change to one (stopId), before saving; changes nothing',
        body: Type.Object(
          {
            stopId: Type.Optional(Uuid('Stop id of a change')),
            unitId: Type.Optional(PlaceId),
            siteId: Type.Optional(PlaceId),
            date: Type.Optional(IsoDate),
            startTime: Type.Optional(Clock),
            endTime: Type.Optional(Clock),
            setupMinutes: Type.Optional(Minutes),
            teardownMinutes: Type.Optional(Minutes),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ blocking: Type.Boolean(), conflicts: Type.Array(Conflict) }),
          ...problems,
        },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      if (request.body.date) validLocalDate(request.body.date, 'date');
      return checkStopProposal(db, staff.municipalityId, request.body);
    },
  );
};
