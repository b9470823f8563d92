import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { withStaffTables } from '../../../db/staffSchema.ts';
import { staffActor } from '../../audit.ts';
import { proposeRoster } from '../../commands/rosterProposer.ts';
import { assignStaffToStop } from '../../commands/staffAssigner.ts';
import { createStaffMember } from '../../commands/staffMemberCreator.ts';
import { updateStaffMember } from '../../commands/staffMemberUpdater.ts';
import { checkRosterPeriod, loadRosterStops, loadStaffMembers } from '../../queries/rosterQueries.ts';
import { validLocalDate } from '../public/dateRange.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem } from './staffSchemas.ts';

const Slug = (description: string) =>
  Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', minLength: 1, maxLength: 100, description });
const IsoDate = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: `${description} (YYYY-MM-DD)` });
const planners = ['admin', 'planner'] as const;
const problems = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };

const LeavePeriod = Type.Object(
  { firstDay: IsoDate('First day of leave'), lastDay: IsoDate('Last day of leave') },
  { additionalProperties: false },
);
const memberFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  staffUserId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
    description: 'The staff account the person signs in with, if any (one account per staff member)',
  }),
  qualifications: Type.Array(Slug('Service the person may handle'), { maxItems: 100, uniqueItems: true }),
  sharePercent: Type.Integer({
    minimum: 1,
    maximum: 100,
    description: 'Working-time share in percent of 39 hours a week',
  }),
  leave: Type.Array(LeavePeriod, { maxItems: 50, description: 'Leave periods; they must not overlap' }),
  mobileWorkingDays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), {
    maxItems: 7,
    uniqueItems: true,
    description: 'ISO weekdays (1 = Monday) of mobile (remote) work: no stops on these days',
  }),
  preferredDistrictIds: Type.Array(Slug('District'), {
    maxItems: 50,
    uniqueItems: true,
    description: 'Wish: districts the person prefers to work in',
  }),
  earliestStart: Type.String({
    pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
    description: 'Wish: earliest start of a stop (local time, HH:MM)',
  }),
  active: Type.Boolean(),
};
const NullableStart = Type.Union([memberFields.earliestStart, Type.Null()]);

const StaffMemberDto = Type.Object({
  id: Type.String(),
  name: Type.String(),
  staffUserId: Type.Union([Type.String(), Type.Null()]),
  qualifications: Type.Array(Type.String()),
  sharePercent: Type.Integer(),
  weeklyMinutes: Type.Integer({ description: 'share × 39 hours, in minutes' }),
  leave: Type.Array(LeavePeriod),
  mobileWorkingDays: Type.Array(Type.Integer()),
  preferredDistrictIds: Type.Array(Type.String()),
  earliestStart: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
});

const Named = Type.Object({ id: Type.String(), nameDe: Type.String(), nameEn: Type.String() });
const RosterStopDto = Type.Object({
  stopId: Type.String(),
  date: Type.String(),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  status: Type.String(),
  siteName: Type.String(),
  districtName: Type.Union([Type.String(), Type.Null()]),
  unitId: Type.String(),
  unitName: Type.String(),
  unitKind: Type.Union([Type.Literal('van'), Type.Literal('kit')]),
  crewSize: Type.Integer({ description: 'People the stop needs: 2 for a van, 1 for a kit' }),
  requiredServices: Type.Array(Named, { description: 'The services offered: the crew must cover each' }),
  staff: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      source: Type.Union([Type.Literal('proposal'), Type.Literal('override')]),
    }),
  ),
});
export const RosterDto = Type.Object({
  from: Type.String(),
  to: Type.String(),
  stops: Type.Array(RosterStopDto),
  quality: Type.Optional(
    Type.Object({
      unmetWishes: Type.Integer(),
      maxUnmetPerPerson: Type.Integer(),
      optimal: Type.Boolean(),
      seconds: Type.Number(),
    }),
  ),
});
export const StaffMemberListDto = Type.Object({
  items: Type.Array(StaffMemberDto),
  services: Type.Array(Named, { description: 'Services, for qualifications' }),
  districts: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  staffUsers: Type.Array(Type.Object({ id: Type.String(), name: Type.String() }), {
    description: 'Active staff accounts a staff member can be linked to',
  }),
});
export const StaffMemberBody = Type.Object(
  {
    ...memberFields,
    staffUserId: Type.Optional(memberFields.staffUserId),
    leave: Type.Optional(memberFields.leave),
    mobileWorkingDays: Type.Optional(memberFields.mobileWorkingDays),
    preferredDistrictIds: Type.Optional(memberFields.preferredDistrictIds),
    earliestStart: Type.Optional(NullableStart),
    active: Type.Optional(memberFields.active),
  },
  { additionalProperties: false },
);
const PeriodQuery = Type.Object(
  { from: IsoDate('First day'), to: IsoDate('Last day') },
  { additionalProperties: false },
);

/** Staff members and the roster: who works at which stop. */
export const rosterRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db }) => {
  app.get(
    '/staff-members',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'listStaffMembers',
        tags: ['roster'],
        summary: 'Staff members with qualifications, share, leave, days of mobile work and wishes',
        response: { 200: StaffMemberListDto, 401: problem, 403: problem },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const [members, services, districts, users] = await Promise.all([
        loadStaffMembers(db, staff.municipalityId),
        db
          .selectFrom('services')
          .select(['id', 'name_de', 'name_en'])
          .where('municipality_id', '=', staff.municipalityId)
          .where('presence', '<>', 'not_required')
          .execute(),
        db
          .selectFrom('districts')
          .select(['id', 'name'])
          .where('municipality_id', '=', staff.municipalityId)
          .execute(),
        withStaffTables(db)
          .selectFrom('staff_users')
          .select(['id', 'name'])
          .where('municipality_id', '=', staff.municipalityId)
          .where('active', '=', true)
          .execute(),
      ]);
      const collator = new Intl.Collator('de');
      return {
        items: members.map((member) => ({
          id: member.rule.id,
          name: member.name,
          staffUserId: member.staffUserId,
          qualifications: [...member.rule.qualifications],
          sharePercent: member.rule.sharePercent,
          weeklyMinutes: Math.floor((39 * 60 * member.rule.sharePercent) / 100),
          leave: [...member.rule.leave],
          mobileWorkingDays: [...member.rule.mobileWorkingDays],
          preferredDistrictIds: [...member.rule.preferredDistrictIds],
          earliestStart: member.earliestStart,
          active: member.active,
        })),
        services: services
          .map((service) => ({ id: service.id, nameDe: service.name_de, nameEn: service.name_en }))
          .sort((a, b) => collator.compare(a.nameDe, b.nameDe)),
        districts: districts.sort((a, b) => collator.compare(a.name, b.name)),
        staffUsers: users.sort((a, b) => collator.compare(a.name, b.name)),
      };
    },
  );

  app.post(
    '/staff-members',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'createStaffMember',
        tags: ['roster'],
        summary: 'Add a staff member; overlapping leave, unknown qualifications or districts are refused',
        body: StaffMemberBody,
        response: { 201: Type.Object({ id: Type.String() }), ...problems },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const body = request.body;
      const result = await createStaffMember(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        name: body.name,
        staffUserId: body.staffUserId ?? null,
        qualifications: body.qualifications,
        sharePercent: body.sharePercent,
        leave: body.leave ?? [],
        mobileWorkingDays: body.mobileWorkingDays ?? [],
        preferredDistrictIds: body.preferredDistrictIds ?? [],
        earliestStart: body.earliestStart ?? null,
        active: body.active ?? true,
      });
      reply.code(201);
      return result;
    },
  );

  app.patch(
    '/staff-members/:staffMemberId',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'updateStaffMember',
        tags: ['roster'],
        summary:
          'Change a staff member; given lists (qualifications, leave, days, districts) replace the old',
        params: Type.Object({ staffMemberId: Type.String({ format: 'uuid' }) }),
        body: Type.Object(
          {
            name: Type.Optional(memberFields.name),
            staffUserId: Type.Optional(memberFields.staffUserId),
            qualifications: Type.Optional(memberFields.qualifications),
            sharePercent: Type.Optional(memberFields.sharePercent),
            leave: Type.Optional(memberFields.leave),
            mobileWorkingDays: Type.Optional(memberFields.mobileWorkingDays),
            preferredDistrictIds: Type.Optional(memberFields.preferredDistrictIds),
            earliestStart: Type.Optional(NullableStart),
            active: Type.Optional(memberFields.active),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Type.Object({ id: Type.String() }), ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return updateStaffMember(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        staffMemberId: request.params.staffMemberId,
        ...request.body,
      });
    },
  );

  app.get(
    '/roster',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'listRoster',
        tags: ['roster'],
        summary: 'The stops to staff in a period with their crews',
        querystring: PeriodQuery,
        response: { 200: RosterDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const from = validLocalDate(request.query.from, 'from');
      const to = validLocalDate(request.query.to, 'to');
      checkRosterPeriod(from, to);
      const stops = await loadRosterStops(db, staff.municipalityId, { from, to });
      return { from, to, stops: stops.map((stop) => stop.view) };
    },
  );

  app.post(
    '/roster/proposals',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'proposeRoster',
        tags: ['roster'],
        summary:
          'Propose the roster of a period exactly (HiGHS) and store it; an infeasible period names the stop ' +
          'and the missing qualification and changes nothing',
        body: PeriodQuery,
        response: { 200: RosterDto, ...problems, 503: problem },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return proposeRoster(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        from: validLocalDate(request.body.from, 'from'),
        to: validLocalDate(request.body.to, 'to'),
      });
    },
  );

  app.put(
    '/stops/:stopId/staff',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'assignStaffToStop',
        tags: ['roster'],
        summary:
          'Override the crew of a stop; checked like a proposal (qualifications, crew size, leave, days of ' +
          'mobile work, other stops at the same time, weekly share)',
        params: Type.Object({ stopId: Type.String({ format: 'uuid' }) }),
        body: Type.Object(
          {
            staffMemberIds: Type.Array(Type.String({ format: 'uuid' }), {
              minItems: 1,
              maxItems: 6,
              uniqueItems: true,
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: RosterStopDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return assignStaffToStop(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        stopId: request.params.stopId,
        staffMemberIds: request.body.staffMemberIds,
      });
    },
  );
};
