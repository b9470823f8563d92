import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../../../config.ts';
import type { Database } from '../../../db/schema.ts';
import { staffActor } from '../../audit.ts';
import { createStaffBooking } from '../../commands/staffBookingCreator.ts';
import { viewStaffBookingConfirmation } from '../../queries/staffBookingConfirmation.ts';
import { RequestedServices, Uuid } from '../public/stopSchemas.ts';
import { signedIn } from './staffRouteSupport.ts';

const problems = {
  400: Type.Ref('Problem'),
  401: Type.Ref('Problem'),
  403: Type.Ref('Problem'),
  404: Type.Ref('Problem'),
  409: Type.Ref('Problem'),
  422: Type.Ref('Problem'),
};
/** Booking for a citizen by phone or at the counter: clerks, and admins standing in. */
const bookingStaff = ['clerk', 'admin'] as const;
const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const StaffBookingBody = Type.Object(
  {
    startsAt: Type.String({ format: 'date-time' }),
    services: RequestedServices,
    name: Type.String({ minLength: 2, maxLength: 200, pattern: '\\S' }),
    phone: Type.Optional(Type.String({ maxLength: 40, pattern: '^[0-9 +()/-]{5,40}$' })),
    locale: Type.Optional(Type.Enum(['de', 'en', 'tr', 'uk', 'ar'])),
  },
  { additionalProperties: false },
);

export const StaffBookingCreatedDto = Type.Object({
  bookingId: Type.String({ format: 'uuid' }),
  code: Type.String(),
});

export const StaffBookingConfirmationDto = Type.Object({
  bookingId: Type.String({ format: 'uuid' }),
  code: Type.String(),
  status: Type.String(),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  siteName: Type.String(),
  address: Nullable(Type.String()),
  name: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  services: Type.Array(
    Type.Object({
      id: Type.String(),
      nameDe: Type.String(),
      nameEn: Type.String(),
      quantity: Type.Integer(),
      documents: Type.Array(Type.String()),
      documentsEn: Type.Array(Type.String()),
    }),
  ),
  contactPhone: Nullable(Type.String()),
});

/** Staff bookings without e-mail, under /api/v1/staff/station: confirmed at once, printed instead of mailed. */
export const staffBookingRoutes: FastifyPluginAsyncTypebox<{
  db: Kysely<Database>;
  config: AppConfig;
}> = async (app, { db, config }) => {
  app.post(
    '/stops/:stopId/bookings',
    {
      config: { staffRoles: bookingStaff },
      schema: {
        operationId: 'createStaffBooking',
        tags: ['station'],
        summary:
          'Book for a citizen by phone or at the counter: name and an optional phone number, no e-mail; confirmed at once, no mail',
        params: Type.Object({ stopId: Uuid('Stop id') }),
        body: StaffBookingBody,
        response: { 201: StaffBookingCreatedDto, ...problems },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const created = await createStaffBooking(db, {
        municipalityId: staff.municipalityId,
        stopId: request.params.stopId,
        startsAt: new Date(request.body.startsAt),
        services: request.body.services,
        name: request.body.name.trim(),
        phone: request.body.phone?.trim() || undefined,
        locale: request.body.locale ?? 'de',
        actor: staffActor(staff.userId),
        now: new Date(),
        leadTimeMinutes: config.booking.leadTimeMinutes,
      });
      reply.status(201);
      return created;
    },
  );

  app.get(
    '/bookings/:bookingId/confirmation',
    {
      config: { staffRoles: bookingStaff },
      schema: {
        operationId: 'getStaffBookingConfirmation',
        tags: ['station'],
        summary:
          'What the printed confirmation of a booking shows: date, place, code, what to bring (audited)',
        params: Type.Object({ bookingId: Uuid('Booking id') }),
        response: { 200: StaffBookingConfirmationDto, ...problems },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      reply.header('cache-control', 'no-store');
      return viewStaffBookingConfirmation(db, {
        municipalityId: staff.municipalityId,
        bookingId: request.params.bookingId,
        actor: staffActor(staff.userId),
      });
    },
  );
};
