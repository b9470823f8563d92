import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../../../config.ts';
import type { Database } from '../../../db/schema.ts';
import { checkCaptcha, newCaptchaChallenge, recordCaptchaUse, type CaptchaSettings } from '../../captcha.ts';
import { cancelBooking } from '../../commands/bookingCanceller.ts';
import { confirmBooking } from '../../commands/bookingConfirmer.ts';
import { holdBooking } from '../../commands/bookingHolder.ts';
import { rescheduleBooking } from '../../commands/bookingRescheduler.ts';
import { bookingCalendar, bookingQrDataUrl } from '../../mail/bookingAttachments.ts';
import { DomainError } from '../../../domain/errors.ts';
import { findAvailabilityUntil } from '../../queries/availabilityQuery.ts';
import type { AvailabilityMemory } from '../../queries/availabilityMemory.ts';
import { rejectVisiblyFullSlotFromMemory } from '../../queries/visiblyFullSlot.ts';
import { SerializedBody, sendSerialized } from '../serializedBody.ts';
import { loadBookingView } from '../../queries/bookingQueries.ts';
import { citizenCasesOfBooking } from '../../queries/caseQueries.ts';
import { caseStatuses, processActors } from '../../../domain/caseProcess.ts';
import { keyedHash } from '../../keyedHash.ts';
import { clientKey } from '../../clientKey.ts';
import { tokenMatches } from '../../secrets.ts';
import { localDayRange } from './dateRange.ts';
import { RequestedServices, ServicesParameter, StopListQuery, Uuid } from './stopSchemas.ts';

export interface BookingRouteOptions {
  db: Kysely<Database>;
  config: AppConfig;
  captcha: CaptchaSettings;
  availability: AvailabilityMemory;
}

const problems = {
  400: Type.Ref('Problem'),
  404: Type.Ref('Problem'),
  409: Type.Ref('Problem'),
  410: Type.Ref('Problem'),
  422: Type.Ref('Problem'),
  429: Type.Ref('Problem'),
};
const Token = Type.String({
  minLength: 20,
  maxLength: 100,
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'The secret from the link in the e-mail',
});
const BookingParams = Type.Object({ bookingId: Uuid('Booking id') });
/** The booking's secret travels in a header, never in the address (which proxies write to their logs). */
const TokenHeader = Type.Object({
  'x-booking-token': Type.String({
    minLength: 20,
    maxLength: 100,
    pattern: '^[A-Za-z0-9_-]+$',
    description: 'The secret from the link in the e-mail (the part after #)',
  }),
});
const CalendarLinkQuery = Type.Object(
  {
    expires: Type.Integer({ minimum: 0, description: 'Unix time in seconds when the link stops working' }),
    signature: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
  },
  { additionalProperties: false },
);
const Locale = Type.Enum(['de', 'en', 'tr', 'uk', 'ar']);

/** HMAC over municipality, booking and expiry, under the database's random key (same in every process). */
const calendarLinkSignature = (
  db: Kysely<Database>,
  municipalityId: string,
  bookingId: string,
  expires: number,
) => keyedHash(db, 'calendar-link', `${municipalityId}:${bookingId}:${expires}`);

function signaturesMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const PAYMENT_NOTE = {
  de: 'Am Mobilen Rathaus können Sie nur mit Karte bezahlen (girocard oder Kreditkarte).',
  en: 'At the mobile town hall you can only pay by card (girocard or credit card).',
};

function parseServices(parameter: string) {
  return parameter.split(',').map((part) => {
    const [serviceId, quantity] = part.split(':');
    return { serviceId: serviceId!, quantity: quantity === undefined ? 1 : Number(quantity) };
  });
}

const BookingDto = Type.Object({
  id: Type.String(),
  code: Type.String(),
  status: Type.String(),
  holdExpiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  durationMinutes: Type.Integer(),
  qrCodeDataUrl: Type.String({ description: 'PNG of the booking code, for check-in' }),
  stop: Type.Object({
    id: Type.String(),
    siteId: Type.String(),
    siteName: Type.String(),
    address: Type.Union([Type.String(), Type.Null()]),
    unitName: Type.String(),
  }),
  services: Type.Array(
    Type.Object({
      id: Type.String(),
      nameDe: Type.String(),
      nameEn: Type.String(),
      quantity: Type.Integer(),
      minutesEach: Type.Integer(),
      documents: Type.Array(Type.String(), { description: 'In German' }),
      documentsEn: Type.Array(Type.String()),
      fees: Type.Array(
        Type.Object({
          variant: Type.String({ description: 'The fee case, e.g. under_24' }),
          labelDe: Type.String(),
          labelEn: Type.String(),
          eur: Type.Number(),
        }),
      ),
    }),
  ),
  paymentNoteDe: Type.String(),
  paymentNoteEn: Type.String(),
});

export const BookingCasesDto = Type.Object({
  items: Type.Array(
    Type.Object({
      number: Type.String(),
      serviceNameDe: Type.String(),
      serviceNameEn: Type.String(),
      status: Type.Enum(caseStatuses),
      steps: Type.Array(
        Type.Object({
          key: Type.String(),
          name: Type.String({ description: 'The step’s name in German, as the process defines it' }),
          actor: Type.Enum(processActors, {
            description: 'Who acts: at the stop, the back office, the department',
          }),
          handOff: Type.Boolean(),
          state: Type.Enum(['done', 'current', 'upcoming']),
        }),
      ),
    }),
  ),
});

export const bookingRoutes: FastifyPluginAsyncTypebox<BookingRouteOptions> = async (
  app,
  { db, config, captcha, availability },
) => {
  const settings = config.booking;
  const citizenWriteLimit = { rateLimit: { max: config.citizenWritesPerMinute, timeWindow: '1 minute' } };

  async function bookingForToken(municipalityId: string, bookingId: string, token: string) {
    const view = await loadBookingView(db, municipalityId, bookingId);
    if (!view || !tokenMatches(token, view.tokenHash)) {
      throw new DomainError('booking_not_found', {
        field: 'token',
        message: 'No appointment matches this link.',
      });
    }
    return view;
  }

  app.get(
    '/captcha',
    {
      schema: {
        operationId: 'getCaptchaChallenge',
        tags: ['booking'],
        summary: 'An ALTCHA proof-of-work challenge, solved invisibly by the browser before holding a slot',
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return newCaptchaChallenge(captcha);
    },
  );

  app.get(
    '/availability',
    {
      schema: {
        operationId: 'getAvailability',
        tags: ['booking'],
        summary: 'Free start times for the chosen services at upcoming stops, earliest first',
        querystring: Type.Object(
          { services: ServicesParameter, ...StopListQuery.properties },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            durationMinutes: Type.Integer(),
            stops: Type.Array(
              Type.Object({
                stop: Type.Object({
                  id: Type.String(),
                  date: Type.String(),
                  startsAt: Type.String(),
                  endsAt: Type.String(),
                  site: Type.Object({
                    id: Type.String(),
                    name: Type.String(),
                    address: Type.Union([Type.String(), Type.Null()]),
                    districtId: Type.Union([Type.String(), Type.Null()]),
                    districtName: Type.Union([Type.String(), Type.Null()]),
                    lat: Type.Number(),
                    lon: Type.Number(),
                    accessibility: Type.Union([Type.String(), Type.Null()]),
                  }),
                  unit: Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() }),
                }),
                durationMinutes: Type.Integer(),
                slots: Type.Array(Type.Object({ startsAt: Type.String(), endsAt: Type.String() })),
              }),
            ),
          }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      const now = new Date();
      const { from, to } = localDayRange(request.query, now, 60);
      const services = parseServices(request.query.services);
      const key = JSON.stringify([
        municipality.id,
        services,
        from.getTime(),
        to.getTime(),
        request.query.districtId ?? null,
        request.query.siteId ?? null,
      ]);
      const body = await availability.answer(key, now.getTime(), async (nowMs) => {
        const found = await findAvailabilityUntil(db, municipality.id, {
          services,
          from,
          to,
          districtId: request.query.districtId,
          siteId: request.query.siteId,
          now: new Date(nowMs),
          leadTimeMinutes: settings.leadTimeMinutes,
          maxStops: 30,
        });
        const catalogue = await db
          .selectFrom('services')
          .select(['id', 'typical_minutes'])
          .where('municipality_id', '=', municipality.id)
          .execute();
        const minutes = new Map(catalogue.map((s) => [s.id, s.typical_minutes]));
        const durationMinutes = services.reduce(
          (sum, s) => sum + (minutes.get(s.serviceId) ?? 0) * s.quantity,
          0,
        );
        return {
          value: new SerializedBody(reply.serialize({ durationMinutes, stops: found.stops })),
          validUntilMs: found.validUntilMs,
          stopIds: found.stopIds,
        };
      });
      return sendSerialized(request, reply, body);
    },
  );

  app.post(
    '/bookings',
    {
      config: citizenWriteLimit,
      schema: {
        operationId: 'holdBooking',
        tags: ['booking'],
        summary: 'Hold a slot; a link to confirm it is sent by e-mail (double opt-in)',
        body: Type.Object(
          {
            stopId: Uuid('Stop id'),
            startsAt: Type.String({ format: 'date-time' }),
            services: RequestedServices,
            name: Type.String({ minLength: 2, maxLength: 200, pattern: '\\S' }),
            email: Type.String({ format: 'email', maxLength: 254 }),
            phone: Type.Optional(Type.String({ maxLength: 40, pattern: '^[0-9 +()/-]{5,40}$' })),
            originDistrictId: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 80,
                description:
                  'The district the citizen comes from (optional; kept for statistics, not personal)',
              }),
            ),
            feedbackOptOut: Type.Optional(
              Type.Boolean({ description: 'true: no survey mail after the visit (default false)' }),
            ),
            locale: Type.Optional(Locale),
            captcha: Type.String({ minLength: 10, maxLength: 5000 }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ bookingId: Type.String(), holdExpiresAt: Type.String({ format: 'date-time' }) }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      const now = new Date();
      const slot = {
        municipalityId: municipality.id,
        stopId: request.body.stopId,
        startsAt: new Date(request.body.startsAt),
        services: request.body.services,
        email: request.body.email.trim(),
        now,
        leadTimeMinutes: settings.leadTimeMinutes,
      };
      // The solution is checked first (no database work); a slot that is visibly full is refused before its
      // use is recorded and before any other database work, so a storm on one last seat costs the database
      // one read of the stop and the one hold that wins. The refusal tells nothing the availability does not
      // show; a refused solution stays unused.
      const solution = await checkCaptcha(captcha, request.body.captcha);
      await rejectVisiblyFullSlotFromMemory(availability, db, slot);
      // One hold per stop at a time in this process (they queue on the stop's lock in the database anyway),
      // each looking again at the occupancy its predecessor left before it does any database work.
      const held = await availability.inTurn(slot.stopId, async () => {
        await rejectVisiblyFullSlotFromMemory(availability, db, slot);
        await recordCaptchaUse(db, captcha, solution);
        const key = await clientKey(db, request.ip);
        const result = await holdBooking(db, {
          ...slot,
          name: request.body.name.trim(),
          earlyRejectionDone: true,
          phone: request.body.phone,
          originDistrictId: request.body.originDistrictId,
          feedbackOptOut: request.body.feedbackOptOut ?? false,
          locale: request.body.locale ?? 'de',
          holdMinutes: settings.holdMinutes,
          maxActiveBookingsPerPerson: settings.maxActiveBookingsPerPerson,
          publicBaseUrl: municipality.publicBaseUrl,
          clientKey: key,
          holdLimits: settings.holdLimits,
        }).catch(async (error: unknown) => {
          // Taken in another process: the next in turn waits until this one has heard of it.
          if (error instanceof DomainError && error.code === 'slot_full') await availability.sync();
          throw error;
        });
        // The next in turn sees this hold (once this process has heard of its commit).
        await availability.sync();
        return result;
      });
      reply.status(201);
      return { bookingId: held.bookingId, holdExpiresAt: held.holdExpiresAt.toISOString() };
    },
  );

  app.post(
    '/bookings/:bookingId/confirm',
    {
      config: citizenWriteLimit,
      schema: {
        operationId: 'confirmBooking',
        tags: ['booking'],
        summary: 'Confirm a held slot with the secret from the e-mail',
        params: BookingParams,
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: {
          200: Type.Object({ status: Type.Literal('confirmed'), alreadyConfirmed: Type.Boolean() }),
          ...problems,
        },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      const result = await confirmBooking(db, {
        municipalityId: municipality.id,
        bookingId: request.params.bookingId,
        token: request.body.token,
        now: new Date(),
        reminderHours: settings.reminderHours,
        publicBaseUrl: municipality.publicBaseUrl,
      });
      return { status: 'confirmed' as const, alreadyConfirmed: result.alreadyConfirmed };
    },
  );

  app.get(
    '/bookings/:bookingId',
    {
      schema: {
        operationId: 'getBooking',
        tags: ['booking'],
        summary: 'A booking seen through its secret link: time, place, code, QR code, documents, fees',
        description:
          'The secret goes in the X-Booking-Token header; a token in the query string is refused, so it never reaches an access log.',
        params: BookingParams,
        headers: TokenHeader,
        querystring: Type.Object({}, { additionalProperties: false }),
        response: { 200: BookingDto, ...problems },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      const view = await bookingForToken(
        municipality.id,
        request.params.bookingId,
        request.headers['x-booking-token'],
      );
      reply.header('cache-control', 'no-store');
      return {
        id: view.id,
        code: view.code,
        status: view.status,
        holdExpiresAt: view.holdExpiresAt?.toISOString() ?? null,
        startsAt: view.start.toISOString(),
        endsAt: view.end.toISOString(),
        durationMinutes: view.durationMinutes,
        qrCodeDataUrl: await bookingQrDataUrl(view.code),
        stop: {
          id: view.stop.id,
          siteId: view.stop.siteId,
          siteName: view.siteName,
          address: view.address,
          unitName: view.stop.unitName,
        },
        services: view.services.map((s) => ({
          id: s.id,
          nameDe: s.nameDe,
          nameEn: s.nameEn,
          quantity: s.quantity,
          minutesEach: s.minutesEach,
          documents: s.documents,
          documentsEn: s.documentsEn,
          fees: s.fees,
        })),
        paymentNoteDe: PAYMENT_NOTE.de,
        paymentNoteEn: PAYMENT_NOTE.en,
      };
    },
  );

  app.get(
    '/bookings/:bookingId/cases',
    {
      schema: {
        operationId: 'getBookingCases',
        tags: ['booking'],
        summary:
          'The status of the citizen’s cases opened by this booking, seen through its secret link: case number, service, status and the steps (no notes, no staff)',
        params: BookingParams,
        headers: TokenHeader,
        querystring: Type.Object({}, { additionalProperties: false }),
        response: { 200: BookingCasesDto, ...problems },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      const view = await bookingForToken(
        municipality.id,
        request.params.bookingId,
        request.headers['x-booking-token'],
      );
      reply.header('cache-control', 'no-store');
      return { items: await citizenCasesOfBooking(db, municipality.id, view.id) };
    },
  );

  app.post(
    '/bookings/:bookingId/calendar-link',
    {
      config: citizenWriteLimit,
      schema: {
        operationId: 'getBookingCalendarLink',
        tags: ['booking'],
        summary: 'A short-lived signed address of the appointment as an iCalendar file',
        description: `The secret goes in the X-Booking-Token header. The address works for ${config.abuse.calendarLinkMinutes} minutes and carries no secret of the booking.`,
        params: BookingParams,
        headers: TokenHeader,
        response: {
          200: Type.Object({ url: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      const view = await bookingForToken(
        municipality.id,
        request.params.bookingId,
        request.headers['x-booking-token'],
      );
      const expires = Math.floor(Date.now() / 1000) + config.abuse.calendarLinkMinutes * 60;
      const signature = await calendarLinkSignature(db, municipality.id, view.id, expires);
      reply.header('cache-control', 'no-store');
      return {
        url: `/api/v1/bookings/${view.id}/calendar.ics?${new URLSearchParams({ expires: String(expires), signature }).toString()}`,
        expiresAt: new Date(expires * 1000).toISOString(),
      };
    },
  );

  app.get(
    '/bookings/:bookingId/calendar.ics',
    {
      schema: {
        operationId: 'getBookingCalendar',
        tags: ['booking'],
        summary: 'The appointment as an iCalendar file, through a signed address from getBookingCalendarLink',
        params: BookingParams,
        querystring: CalendarLinkQuery,
        produces: ['text/calendar'],
        response: problems,
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      const { expires, signature } = request.query;
      const expected = await calendarLinkSignature(db, municipality.id, request.params.bookingId, expires);
      if (!signaturesMatch(signature, expected)) {
        throw new DomainError('booking_not_found', {
          field: 'signature',
          message: 'No appointment matches this link.',
        });
      }
      if (expires * 1000 <= Date.now()) {
        throw new DomainError('link_expired', {
          field: 'expires',
          message: 'this download link has expired; open the appointment again to get a new one',
        });
      }
      const view = await loadBookingView(db, municipality.id, request.params.bookingId);
      if (!view)
        throw new DomainError('booking_not_found', {
          field: 'signature',
          message: 'No appointment matches this link.',
        });
      reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="termin-${view.code}.ics"`);
      return bookingCalendar(view, undefined, view.status === 'cancelled');
    },
  );

  app.post(
    '/bookings/:bookingId/cancel',
    {
      config: citizenWriteLimit,
      schema: {
        operationId: 'cancelBooking',
        tags: ['booking'],
        params: BookingParams,
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: {
          200: Type.Object({ status: Type.Literal('cancelled'), alreadyCancelled: Type.Boolean() }),
          ...problems,
        },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      const result = await cancelBooking(db, {
        municipalityId: municipality.id,
        bookingId: request.params.bookingId,
        token: request.body.token,
        now: new Date(),
      });
      return { status: 'cancelled' as const, alreadyCancelled: result.alreadyCancelled };
    },
  );

  app.post(
    '/bookings/:bookingId/reschedule',
    {
      config: citizenWriteLimit,
      schema: {
        operationId: 'rescheduleBooking',
        tags: ['booking'],
        params: BookingParams,
        body: Type.Object(
          { token: Token, stopId: Uuid('The new stop'), startsAt: Type.String({ format: 'date-time' }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ status: Type.Literal('confirmed') }), ...problems },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      await rescheduleBooking(db, {
        municipalityId: municipality.id,
        bookingId: request.params.bookingId,
        token: request.body.token,
        stopId: request.body.stopId,
        startsAt: new Date(request.body.startsAt),
        now: new Date(),
        leadTimeMinutes: settings.leadTimeMinutes,
        reminderHours: settings.reminderHours,
        publicBaseUrl: municipality.publicBaseUrl,
      });
      return { status: 'confirmed' as const };
    },
  );
};
