import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../../../config.ts';
import { localDateOf } from '../../../domain/time.ts';
import type { Database } from '../../../db/schema.ts';
import { requestHomeVisit } from '../../commands/homeVisitRequester.ts';
import { verifyStaffVisit } from '../../commands/homeVisitVerifier.ts';

const problems = { 400: Type.Ref('Problem'), 404: Type.Ref('Problem'), 422: Type.Ref('Problem') };
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });

/** Verification attempts per client address and minute: a code cannot be guessed by trying. */
export const VERIFY_ATTEMPTS_PER_MINUTE = 10;

export const HomeVisitRequestBody = Type.Object(
  {
    visitFor: Type.Union([Type.Literal('self'), Type.Literal('relative'), Type.Literal('care_home')]),
    serviceIds: Type.Array(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100 }), {
      minItems: 1,
      maxItems: 10,
    }),
    reason: Type.Union([Type.Literal('mobility'), Type.Literal('illness'), Type.Literal('care')]),
    reasonDetails: Text(2000),
    personName: Text(200, 2),
    street: Text(200, 3),
    postcode: Type.String({ pattern: '^[0-9]{5}$' }),
    city: Text(100, 2),
    addressNote: Text(500),
    phone: Text(40),
    districtId: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100 }),
    availability: Type.Array(
      Type.Object(
        { date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), from: Time, until: Time },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
    requesterName: Text(200, 2),
    requesterEmail: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    consent: Type.Boolean({ description: "On someone else's behalf: they agreed (the checkbox)" }),
    consentText: Type.Optional(Text(2000)),
    locale: Type.Optional(Type.Union(['de', 'en', 'tr', 'uk', 'ar'].map((l) => Type.Literal(l)))),
  },
  { additionalProperties: false },
);

/** Either the code from the confirmation or the signed pass from the QR code at the door. */
export const VerifyVisitBody = Type.Union([
  Type.Object({ code: Type.String({ minLength: 1, maxLength: 20 }) }, { additionalProperties: false }),
  Type.Object(
    { pass: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.-]+$' }) },
    { additionalProperties: false },
  ),
]);

export const VerifiedVisitDto = Type.Object({
  staffNames: Type.Array(Type.String(), { minItems: 2, maxItems: 2 }),
  date: Type.String(),
  from: Type.String(),
  until: Type.String(),
});

export const homeVisitRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<Database>; config: AppConfig }> = async (
  app,
  { db, config },
) => {
  app.post(
    '/home-visits',
    {
      config: { rateLimit: { max: config.citizenWritesPerMinute, timeWindow: '1 minute' } },
      schema: {
        operationId: 'requestHomeVisit',
        tags: ['home-visits'],
        summary:
          "Ask for a home visit for oneself, a relative or a care-home resident; on someone's behalf only with their consent. The address and the reason are stored encrypted",
        body: HomeVisitRequestBody,
        response: { 201: Type.Object({ homeVisitId: Type.String() }), ...problems },
      },
    },
    async (request, reply) => {
      const municipality = await app.resolveMunicipality(request);
      const body = request.body;
      const now = new Date();
      const result = await requestHomeVisit(db, config, {
        municipalityId: municipality.id,
        visitFor: body.visitFor,
        serviceIds: body.serviceIds,
        reason: body.reason,
        reasonDetails: body.reasonDetails.trim(),
        personName: body.personName.trim(),
        street: body.street.trim(),
        postcode: body.postcode,
        city: body.city.trim(),
        addressNote: body.addressNote.trim(),
        phone: body.phone.trim(),
        districtId: body.districtId,
        availability: body.availability,
        requesterName: body.requesterName.trim(),
        requesterEmail: body.requesterEmail?.trim() || null,
        consent: body.consent,
        consentText: body.consentText,
        locale: (body.locale ?? 'de') as 'de',
        today: localDateOf(now.getTime()),
        now,
      });
      reply.status(201);
      return result;
    },
  );

  app.post(
    '/home-visits/verify',
    {
      config: { rateLimit: { max: VERIFY_ATTEMPTS_PER_MINUTE, timeWindow: '1 minute' } },
      schema: {
        operationId: 'verifyStaffVisit',
        tags: ['home-visits'],
        summary:
          "The citizen checks the staff at the door with the code from the confirmation, or with the signed pass from the QR code on the staff's tablet: the two names and the window, nothing else; a wrong, tampered or expired code or pass gets 404",
        body: VerifyVisitBody,
        response: { 200: VerifiedVisitDto, ...problems, 429: Type.Ref('Problem') },
      },
    },
    async (request) => {
      const municipality = await app.resolveMunicipality(request);
      const body = request.body;
      const now = new Date();
      if ('pass' in body)
        return verifyStaffVisit(db, {
          municipalityId: municipality.id,
          pass: body.pass,
          passSecret: config.homeVisitPassSecret,
          now,
        });
      return verifyStaffVisit(db, { municipalityId: municipality.id, code: body.code, now });
    },
  );
};
