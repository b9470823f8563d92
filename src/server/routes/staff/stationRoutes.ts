import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../../../config.ts';
import { localDateOf } from '../../../domain/time.ts';
import type { Database } from '../../../db/schema.ts';
import { staffActor } from '../../audit.ts';
import { publicBaseUrlOf } from '../../publicBaseUrl.ts';
import { applyStationOperations } from '../../station/stationOperationApplier.ts';
import { parseStationOperations, stationOperationTypes } from '../../station/stationOperations.ts';
import { listStationDays, viewStationDay } from '../../station/stationDayViewer.ts';
import { stopFigures } from '../../station/stopFiguresQuery.ts';
import { removeWalkInTickets } from '../../station/walkInTicketRemover.ts';
import { validLocalDate } from '../public/dateRange.ts';
import { IsoDate, Uuid } from '../public/stopSchemas.ts';
import { signedIn } from './staffRouteSupport.ts';

const problems = {
  400: Type.Ref('Problem'),
  401: Type.Ref('Problem'),
  403: Type.Ref('Problem'),
  404: Type.Ref('Problem'),
  409: Type.Ref('Problem'),
  422: Type.Ref('Problem'),
};
/** Staff at the station: clerks, and admins standing in. */
const stationStaff = ['clerk', 'admin'] as const;
const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });
const Counter = Type.Integer({ minimum: 1, maximum: 20 });
const StopStatus = Type.Enum(['scheduled', 'open', 'closed', 'cancelled']);
const Outcome = Type.Enum(['done', 'follow_up', 'referred']);
const ServiceQuantities = Type.Array(
  Type.Object(
    {
      serviceId: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100 }),
      quantity: Type.Integer({ minimum: 1, maximum: 10 }),
    },
    { additionalProperties: false },
  ),
  { maxItems: 10 },
);
const StopParams = Type.Object({ stopId: Uuid('Stop id') });

const EntryService = Type.Object({
  id: Type.String(),
  nameDe: Type.String(),
  nameEn: Type.String(),
  quantity: Type.Integer(),
  minutesEach: Type.Integer(),
  documents: Type.Array(Type.String(), { description: 'What to bring' }),
});
const entryProgress = {
  counter: Nullable(Counter),
  reservedForCounter: Nullable(Counter),
  calledAt: Nullable(Instant),
  startedAt: Nullable(Instant),
  finishedAt: Nullable(Instant),
  outcome: Nullable(Outcome),
  deliveredServices: Nullable(
    Type.Array(Type.Object({ serviceId: Type.String(), quantity: Type.Integer() })),
  ),
};
const EntryCases = Type.Array(
  Type.Object({
    id: Type.String({ format: 'uuid' }),
    number: Type.String({ description: "'MR-2026-000042'" }),
    serviceId: Type.String(),
    serviceNameDe: Type.String(),
    serviceNameEn: Type.String(),
  }),
  { description: 'The open cases of the visit: documents captured at the stop go to them (addCaseDocument)' },
);
const AppointmentDto = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.Literal('appointment'),
  displayNumber: Type.String({ description: "'T-03': frozen at check-in" }),
  code: Type.String(),
  status: Type.Enum(['confirmed', 'checked_in', 'called', 'in_service', 'parked', 'finished', 'no_show']),
  startsAt: Instant,
  endsAt: Instant,
  name: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  services: Type.Array(EntryService),
  checkedInAt: Nullable(Instant),
  ...entryProgress,
  cases: EntryCases,
});
const TicketDto = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.Literal('walk_in'),
  displayNumber: Type.String(),
  status: Type.Enum(['waiting', 'called', 'in_service', 'finished', 'no_show', 'parked', 'cancelled']),
  name: Nullable(Type.String()),
  services: Type.Array(EntryService),
  createdAt: Instant,
  origin: Type.Enum(['self', 'staff']),
  ...entryProgress,
  cases: EntryCases,
});
const EntryStateDto = Type.Object({
  id: Type.String(),
  kind: Type.Enum(['appointment', 'walk_in', 'stop']),
  displayNumber: Nullable(Type.String()),
  status: Type.String(),
  counter: Nullable(Type.Integer()),
});
const StationDayDto = Type.Object({
  stop: Type.Object({
    id: Type.String({ format: 'uuid' }),
    status: StopStatus,
    siteName: Type.String(),
    address: Nullable(Type.String()),
    unitName: Type.String(),
    startsAt: Instant,
    endsAt: Instant,
    counters: Type.Integer(),
  }),
  serverTime: Instant,
  version: Type.Integer({
    description: 'Grows with every change of the day (the id of its latest queue event)',
  }),
  appointments: Type.Array(AppointmentDto),
  tickets: Type.Array(TicketDto),
  queue: Type.Array(
    Type.Object({
      entryId: Type.String(),
      kind: Type.Enum(['appointment', 'walk_in']),
      position: Type.Integer(),
      estimatedCallAt: Nullable(Instant),
      estimatedWaitMinutes: Nullable(Type.Integer()),
      estimatedCounter: Nullable(Type.Integer()),
      afterClosing: Type.Boolean(),
    }),
  ),
  counters: Type.Array(Type.Object({ number: Type.Integer(), busyWith: Nullable(Type.String()) })),
  posterUrl: Type.String({
    description: 'The walk-in poster: /station/warteschlange/<stopId>#<posterToken>',
  }),
});
const Operation = Type.Object(
  {
    opId: Type.String({ format: 'uuid', description: 'Idempotency key, made on the device' }),
    at: Type.String({ format: 'date-time', description: 'Device clock' }),
    type: Type.Enum([...stationOperationTypes]),
    code: Type.Optional(Type.String({ minLength: 4, maxLength: 20, description: 'check_in' })),
    ticketId: Type.Optional(Type.String({ format: 'uuid', description: 'issue_ticket' })),
    displayNumber: Type.Optional(
      Type.String({ pattern: '^W-[0-9A-Z]{1,12}$', description: "issue_ticket: 'W-<counter><seq>'" }),
    ),
    services: Type.Optional(ServiceQuantities),
    name: Type.Optional(Type.String({ maxLength: 200, description: 'issue_ticket, optional' })),
    entryId: Type.Optional(Type.String({ format: 'uuid', description: 'Appointment or ticket id' })),
    counter: Type.Optional(Counter),
    toCounter: Type.Optional(Counter),
    deliveredServices: Type.Optional(ServiceQuantities),
    outcome: Type.Optional(Outcome),
    reason: Type.Optional(
      Type.String({
        maxLength: 500,
        description: 'open_stop: why the stop opens without a signed-off checklist (required only then)',
      }),
    ),
    items: Type.Optional(
      Type.Array(
        Type.Object(
          {
            key: Type.String({ minLength: 1, maxLength: 100 }),
            status: Type.Enum(['ok', 'problem']),
            note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        { maxItems: 100, description: 'sign_off_checklist: every item of the checklist, ok or a problem' },
      ),
    ),
    originDistrictId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 80,
        description: 'issue_ticket: the district asked (optional)',
      }),
    ),
    inPersonReasons: Type.Optional(
      Type.Array(
        Type.Object(
          {
            serviceId: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100 }),
            reason: Type.Enum(['did_not_know', 'no_eid', 'needs_help', 'legal_presence', 'other']),
          },
          { additionalProperties: false },
        ),
        {
          maxItems: 10,
          description: 'finish: why the person came in person for a service that also exists online',
        },
      ),
    ),
  },
  { additionalProperties: false },
);
const DurationStats = Type.Object({
  count: Type.Integer(),
  meanMinutes: Nullable(Type.Number()),
  medianMinutes: Nullable(Type.Number()),
  p90Minutes: Nullable(Type.Number()),
  maxMinutes: Nullable(Type.Number()),
});
const CountByKind = Type.Object({
  total: Type.Integer(),
  appointments: Type.Integer(),
  walkIns: Type.Integer(),
});
const StopFiguresDto = Type.Object({
  stopId: Type.String(),
  arrivals: CountByKind,
  served: CountByKind,
  noShows: CountByKind,
  cancellations: CountByKind,
  walkInShare: Nullable(Type.Number()),
  waitToFirstCall: Type.Object({ all: DurationStats, appointments: DurationStats, walkIns: DurationStats }),
  appointmentDelay: DurationStats,
  handlingTimeByServices: Type.Record(Type.String(), DurationStats),
  neverCalled: Type.Integer(),
});

/** The station app's API (docs/station-api.md), under /api/v1/staff/station. */
export const stationRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<Database>; config: AppConfig }> = async (
  app,
  { db, config },
) => {
  app.get(
    '/days',
    {
      config: { staffRoles: stationStaff },
      schema: {
        operationId: 'listStationDays',
        tags: ['station'],
        summary:
          'The stops of a day (default today) with appointment and waiting counts; a clerk linked to a staff ' +
          'member sees only the stops they are rostered for, admins see all',
        querystring: Type.Object({ date: Type.Optional(IsoDate) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                stopId: Type.String(),
                siteName: Type.String(),
                address: Nullable(Type.String()),
                unitName: Type.String(),
                startsAt: Instant,
                endsAt: Instant,
                status: StopStatus,
                appointments: Type.Integer(),
                ticketsWaiting: Type.Integer(),
              }),
            ),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const date = request.query.date ? validLocalDate(request.query.date, 'date') : localDateOf(Date.now());
      const { staff } = signedIn(request);
      // A clerk who is a rostered staff member sees the stops they are rostered for; admins see all, and so
      // does a clerk without a staff member (a municipality that keeps no roster).
      const member =
        staff.role === 'clerk'
          ? await db
              .selectFrom('staff_members')
              .select('id')
              .where('municipality_id', '=', staff.municipalityId)
              .where('staff_user_id', '=', staff.userId)
              .executeTakeFirst()
          : undefined;
      return {
        items: await listStationDays(db, staff.municipalityId, date, {
          rosteredStaffUserId: member ? staff.userId : undefined,
        }),
      };
    },
  );

  app.get(
    '/stops/:stopId/day',
    {
      config: { staffRoles: stationStaff },
      schema: {
        operationId: 'getStationDay',
        tags: ['station'],
        summary: 'The whole day of a stop for the tablet: appointments, walk-ins, merged queue (audited)',
        params: StopParams,
        response: { 200: StationDayDto, ...problems },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      reply.header('cache-control', 'no-store');
      return viewStationDay(db, {
        municipalityId: staff.municipalityId,
        stopId: request.params.stopId,
        actor: staffActor(staff.userId),
        now: new Date(),
        publicBaseUrl: await publicBaseUrlOf(db, staff.municipalityId, config.publicBaseUrl),
        posterSecret: config.stationPosterSecret,
      });
    },
  );

  app.post(
    '/stops/:stopId/operations',
    {
      config: { staffRoles: stationStaff },
      schema: {
        operationId: 'applyStationOperations',
        tags: ['station'],
        summary:
          'Apply operations made on a tablet, online or from its offline outbox; each at most once (opId)',
        description:
          'Payloads: open_stop {reason?}, close_stop {}, check_in {code}, issue_ticket {ticketId, displayNumber, ' +
          'services?, name?, originDistrictId?}, call {entryId, counter}, recall {entryId}, ' +
          'start_service {entryId}, no_show {entryId}, park {entryId}, resume {entryId, counter?}, ' +
          'hand_over {entryId, toCounter}, finish {entryId, deliveredServices, outcome, inPersonReasons?}, ' +
          'sign_off_checklist {items}. A district the municipality does not have is not kept (the ticket is). ' +
          'A malformed batch is refused as a whole (400). A stop opens only with its checklist signed off ' +
          '(before, or earlier in the batch) or with a reason: otherwise the batch is refused (422 ' +
          'checklist_not_signed_off, field operations.<i>.reason) and nothing is applied.',
        params: StopParams,
        body: Type.Object(
          {
            deviceId: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' }),
            operations: Type.Array(Operation, { minItems: 1, maxItems: 200 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            results: Type.Array(
              Type.Object({
                opId: Type.String(),
                outcome: Type.Enum(['applied', 'duplicate', 'conflict', 'rejected']),
                reason: Type.Optional(Type.String()),
                entry: Type.Optional(EntryStateDto),
              }),
            ),
            version: Type.Integer(),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const operations = parseStationOperations(request.body.operations);
      return applyStationOperations(db, {
        municipalityId: staff.municipalityId,
        stopId: request.params.stopId,
        deviceId: request.body.deviceId,
        actor: staffActor(staff.userId),
        operations,
        posterSecret: config.stationPosterSecret,
      });
    },
  );

  app.get(
    '/stops/:stopId/figures',
    {
      config: { staffRoles: stationStaff },
      schema: {
        operationId: 'getStopFigures',
        tags: ['station'],
        summary: 'Evaluation figures of a stop: arrivals, waits, handling times, no-shows (no personal data)',
        params: StopParams,
        response: { 200: StopFiguresDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const figures = await stopFigures(db, staff.municipalityId, request.params.stopId);
      return { stopId: request.params.stopId, ...figures };
    },
  );

  app.post(
    '/stops/:stopId/tickets/remove',
    {
      config: { staffRoles: stationStaff },
      schema: {
        operationId: 'removeWalkInTickets',
        tags: ['station'],
        summary:
          'Remove walk-in tickets in bulk (e.g. a flood from the poster): waiting or parked ones are cancelled',
        params: StopParams,
        body: Type.Object(
          { ticketIds: Type.Array(Uuid('Ticket id'), { minItems: 1, maxItems: 500, uniqueItems: true }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ removed: Type.Array(Type.String({ format: 'uuid' })), version: Type.Integer() }),
          ...problems,
        },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return removeWalkInTickets(db, {
        municipalityId: staff.municipalityId,
        stopId: request.params.stopId,
        ticketIds: request.body.ticketIds,
        actor: staffActor(staff.userId),
        now: new Date(),
      });
    },
  );
};
