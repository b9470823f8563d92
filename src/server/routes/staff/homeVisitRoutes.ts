import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { DomainError } from '../../../domain/errors.ts';
import { planHomeVisitDay } from '../../commands/homeVisitDayPlanner.ts';
import { issueHomeVisitPasses } from '../../commands/homeVisitPassIssuer.ts';
import { readHomeVisits } from '../../commands/homeVisitReader.ts';
import { triageHomeVisit } from '../../commands/homeVisitTriager.ts';
import { validLocalDate } from '../public/dateRange.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem } from './staffSchemas.ts';

/**
 * The home-visit coordinator's right is the planner role (and admin): coordinators triage requests, plan days
 * with staff from the roster, and see the sealed addresses and reasons. The staff assigned to a day (clerks
 * linked to a staff member) see that day's route sheet only.
 */
export const homeVisitCoordinators = ['admin', 'planner'] as const;
const routeSheetReaders = ['admin', 'planner', 'clerk'] as const;
/** Whoever may be one of a day's two staff; the passes go only to the two actually assigned. */
export const doorPassHolders = ['admin', 'planner', 'clerk'] as const;
const problems = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };
const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
const Status = Type.Union(
  ['requested', 'accepted', 'declined', 'planned', 'done', 'cancelled'].map((s) => Type.Literal(s)),
);

const Personal = Type.Union([
  Type.Object({
    personName: Type.String(),
    street: Type.String(),
    postcode: Type.String(),
    city: Type.String(),
    addressNote: Type.String(),
    phone: Type.String(),
    reason: Type.String(),
    reasonDetails: Type.String(),
    lat: Type.Number(),
    lon: Type.Number(),
  }),
  Type.Null(),
]);
export const HomeVisitDto = Type.Object({
  id: Type.String(),
  status: Type.String(),
  visitFor: Type.String(),
  serviceIds: Type.Array(Type.String()),
  districtId: Type.String(),
  availability: Type.Array(Type.Object({ date: Type.String(), from: Type.String(), until: Type.String() })),
  requesterName: Type.Union([Type.String(), Type.Null()]),
  requesterEmail: Type.Union([Type.String(), Type.Null()]),
  consentText: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  serviceMinutes: Type.Union([Type.Integer(), Type.Null()]),
  decisionReason: Type.Union([Type.String(), Type.Null()]),
  dayId: Type.Union([Type.String(), Type.Null()]),
  routePosition: Type.Union([Type.Integer(), Type.Null()]),
  personal: Personal,
});
const Leg = Type.Object({
  visitId: Type.String(),
  travelMinutes: Type.Number(),
  arrival: Type.Number(),
  waitMinutes: Type.Number(),
  start: Type.Number(),
  end: Type.Number(),
  windowStart: Type.Number(),
  windowEnd: Type.Number(),
  slackMinutes: Type.Number(),
});
export const RouteDto = Type.Object({
  order: Type.Array(Type.String()),
  legs: Type.Array(Leg),
  returnTravelMinutes: Type.Number(),
  returnAt: Type.Number(),
  totalTravelMinutes: Type.Number(),
  totalWaitMinutes: Type.Number(),
  windowOrderTravelMinutes: Type.Union([Type.Number(), Type.Null()]),
  labels: Type.Number(),
});
export const HomeVisitListDto = Type.Object({ items: Type.Array(HomeVisitDto) });
export const TriageResultDto = Type.Object({
  status: Type.String(),
  letter: Type.Union([Type.Object({ subject: Type.String(), text: Type.String() }), Type.Null()]),
});
export const PlannedDayDto = Type.Object({
  dayId: Type.String(),
  route: RouteDto,
  visits: Type.Array(Type.Object({ homeVisitId: Type.String(), from: Type.String(), until: Type.String() })),
});
export const HomeVisitDayDto = Type.Object({
  id: Type.String(),
  date: Type.String(),
  unitId: Type.String(),
  dayStart: Type.String(),
  dayEnd: Type.String(),
  staff: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  route: RouteDto,
  visits: Type.Array(HomeVisitDto),
});
export const HomeVisitPassesDto = Type.Object({
  date: Type.String(),
  days: Type.Array(
    Type.Object({
      dayId: Type.String(),
      date: Type.String(),
      staffNames: Type.Array(Type.String()),
      visits: Type.Array(
        Type.Object({
          homeVisitId: Type.String(),
          position: Type.Integer(),
          from: Type.String(),
          until: Type.String(),
          personName: Type.String(),
          street: Type.String(),
          postcode: Type.String(),
          city: Type.String(),
          addressNote: Type.String(),
          pass: Type.Union([
            Type.Object({ token: Type.String(), url: Type.String(), expiresAt: Type.String() }),
            Type.Null(),
          ]),
        }),
      ),
    }),
  ),
});
export const PlanDayBody = Type.Object(
  {
    date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    unitId: Type.String({ minLength: 1, maxLength: 100 }),
    staffMemberIds: Type.Array(Type.String({ format: 'uuid' }), {
      maxItems: 2,
      description: 'Exactly two different staff members (two-person rule)',
    }),
    homeVisitIds: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 20 }),
    dayStart: Time,
    dayEnd: Time,
  },
  { additionalProperties: false },
);
export const TriageBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('accept'), Type.Literal('decline')]),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
    channel: Type.Union([Type.Literal('email'), Type.Literal('letter')]),
    serviceMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 240 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  },
  { additionalProperties: false },
);

export const homeVisitStaffRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (
  app,
  { db, config },
) => {
  app.get(
    '/home-visits',
    {
      config: { staffRoles: homeVisitCoordinators },
      schema: {
        operationId: 'listHomeVisits',
        tags: ['home-visits'],
        summary: 'Home visits with their addresses and reasons (the opening is audited)',
        querystring: Type.Object(
          { status: Type.Optional(Type.Array(Status, { maxItems: 6 })) },
          { additionalProperties: false },
        ),
        response: { 200: HomeVisitListDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const items = await readHomeVisits(
        db,
        config,
        { municipalityId: staff.municipalityId, userId: staff.userId, role: staff.role },
        { status: request.query.status as never },
      );
      return { items };
    },
  );

  app.post(
    '/home-visits/:homeVisitId/triage',
    {
      config: { staffRoles: homeVisitCoordinators },
      schema: {
        operationId: 'triageHomeVisit',
        tags: ['home-visits'],
        summary:
          'Accept or decline a requested home visit with a reason, answered by e-mail or printed letter',
        params: Type.Object({ homeVisitId: Type.String({ format: 'uuid' }) }),
        body: TriageBody,
        response: {
          200: TriageResultDto,
          ...problems,
        },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const body = request.body;
      if ((body.lat === undefined) !== (body.lon === undefined))
        throw new DomainError('validation', {
          field: body.lat === undefined ? 'lat' : 'lon',
          message: 'give both coordinates or neither',
        });
      return triageHomeVisit(db, config, {
        municipalityId: staff.municipalityId,
        homeVisitId: request.params.homeVisitId,
        userId: staff.userId,
        decision: body.decision,
        reason: body.reason,
        channel: body.channel,
        serviceMinutes: body.serviceMinutes,
        position:
          body.lat !== undefined && body.lon !== undefined ? { lat: body.lat, lon: body.lon } : undefined,
      });
    },
  );

  app.post(
    '/home-visit-days',
    {
      config: { staffRoles: homeVisitCoordinators },
      schema: {
        operationId: 'planHomeVisitDay',
        tags: ['home-visits'],
        summary:
          'Plan accepted home visits into a day for a unit and two staff members, in the order with the least travel that keeps every window; each citizen is told the hour, the two names and a verification code',
        body: PlanDayBody,
        response: {
          201: PlannedDayDto,
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const municipality = await app.resolveMunicipality(request);
      const body = request.body;
      const planned = await planHomeVisitDay(db, config, {
        municipalityId: staff.municipalityId,
        userId: staff.userId,
        date: validLocalDate(body.date, 'date'),
        unitId: body.unitId,
        staffMemberIds: body.staffMemberIds,
        homeVisitIds: body.homeVisitIds,
        dayStart: body.dayStart,
        dayEnd: body.dayEnd,
        publicBaseUrl: municipality.publicBaseUrl,
      });
      reply.status(201);
      // The codes went to the citizens; the response carries only the windows.
      return {
        dayId: planned.dayId,
        route: planned.route,
        visits: planned.visits.map(({ homeVisitId, from, until }) => ({ homeVisitId, from, until })),
      };
    },
  );

  app.get(
    '/home-visit-days/:dayId',
    {
      config: { staffRoles: routeSheetReaders },
      schema: {
        operationId: 'getHomeVisitDay',
        tags: ['home-visits'],
        summary:
          'The route sheet of a day: the order, the drive and the window of each visit with its address; for the coordinator and the two assigned staff members (audited)',
        params: Type.Object({ dayId: Type.String({ format: 'uuid' }) }),
        response: {
          200: HomeVisitDayDto,
          ...problems,
        },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const day = await db
        .selectFrom('home_visit_days')
        .selectAll()
        .where('municipality_id', '=', staff.municipalityId)
        .where('id', '=', request.params.dayId)
        .executeTakeFirst();
      if (!day) throw new DomainError('not_found', { field: 'dayId' });
      const visits = await readHomeVisits(
        db,
        config,
        { municipalityId: staff.municipalityId, userId: staff.userId, role: staff.role },
        { dayId: day.id },
      );
      const members = await db
        .selectFrom('staff_members')
        .select(['id', 'name'])
        .where('municipality_id', '=', staff.municipalityId)
        .where('id', 'in', day.staff_member_ids)
        .execute();
      return {
        id: day.id,
        date: day.visit_date,
        unitId: day.unit_id,
        dayStart: day.day_start.slice(0, 5),
        dayEnd: day.day_end.slice(0, 5),
        staff: day.staff_member_ids.map((id) => ({ id, name: members.find((m) => m.id === id)?.name ?? '' })),
        route: (typeof day.route === 'string' ? JSON.parse(day.route) : day.route) as never,
        visits,
      };
    },
  );

  app.get(
    '/station/home-visits',
    {
      config: { staffRoles: doorPassHolders },
      schema: {
        operationId: 'listHomeVisitPasses',
        tags: ['home-visits'],
        summary:
          "Today's home visits of the signed-in staff member (one of a day's two staff), each with the signed pass its QR code shows at the door; nobody else gets any (the opening of the addresses is audited)",
        response: { 200: HomeVisitPassesDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const municipality = await app.resolveMunicipality(request);
      return issueHomeVisitPasses(db, config, {
        municipalityId: staff.municipalityId,
        userId: staff.userId,
        role: staff.role,
        publicBaseUrl: municipality.publicBaseUrl,
        now: new Date(),
      });
    },
  );
};
