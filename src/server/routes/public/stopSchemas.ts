import Type from 'typebox';

const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const Uuid = (description: string) => Type.String({ format: 'uuid', description });
export const IsoDate = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'A date, YYYY-MM-DD (Europe/Berlin)',
});

const ServiceName = Type.Object({ id: Type.String(), nameDe: Type.String(), nameEn: Type.String() });

export const StopDto = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    status: Type.Enum(['scheduled', 'open', 'closed', 'cancelled']),
    cancelReason: Nullable(Type.String()),
    date: Type.String({ format: 'date' }),
    startsAt: Type.String({ format: 'date-time' }),
    endsAt: Type.String({ format: 'date-time' }),
    setupMinutes: Type.Integer(),
    teardownMinutes: Type.Integer(),
    counters: Type.Integer(),
    slotMinutes: Type.Integer(),
    scheduleId: Nullable(Type.String()),
    site: Type.Object({
      id: Type.String(),
      name: Type.String(),
      address: Nullable(Type.String()),
      districtId: Nullable(Type.String()),
      districtName: Nullable(Type.String()),
      lat: Type.Number(),
      lon: Type.Number(),
      accessibility: Nullable(Type.String()),
      accessibilityTranslations: Type.Object(
        {
          en: Type.Optional(Type.String()),
          tr: Type.Optional(Type.String()),
          uk: Type.Optional(Type.String()),
          ar: Type.Optional(Type.String()),
        },
        { description: 'Access information in further languages; a missing one shows the German text' },
      ),
    }),
    unit: Type.Object({ id: Type.String(), name: Type.String(), kind: Type.Enum(['van', 'kit']) }),
    services: Type.Array(
      Type.Object({
        id: Type.String(),
        nameDe: Type.String(),
        nameEn: Type.String(),
        typicalMinutes: Type.Integer(),
        existsOnline: Type.Boolean({ description: 'The service also exists online (fully or in part)' }),
      }),
      {
        description: 'Services on offer: those whose equipment is on board the unit',
      },
    ),
    unavailableServices: Type.Array(
      Type.Object({
        id: Type.String(),
        nameDe: Type.String(),
        nameEn: Type.String(),
        onlineOnly: Type.Boolean({ description: 'Needs no visit: done online or in writing' }),
        missingEquipment: Type.Array(ServiceName),
        reasons: Type.Array(
          Type.Union([
            Type.Literal('online_only'),
            Type.Literal('not_released'),
            Type.Literal('efile_not_live'),
            Type.Literal('process_not_reviewed'),
            Type.Literal('missing_equipment'),
          ]),
          {
            description:
              'Why it is not offered here: only online, not released by its department, e-file not live, ' +
              'process not reviewed, equipment missing',
          },
        ),
      }),
    ),
  },
  { $id: 'Stop' },
);

export const StopListQuery = Type.Object(
  {
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    districtId: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100 })),
    siteId: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100 })),
  },
  { additionalProperties: false },
);

/** `personalausweis-beantragen:2,wohnsitz-anmelden:1` */
export const ServicesParameter = Type.String({
  pattern: '^[a-z0-9][a-z0-9_-]*(:\\d{1,2})?(,[a-z0-9][a-z0-9_-]*(:\\d{1,2})?){0,9}$',
  maxLength: 1000,
  description: 'Services with quantities: id:quantity, comma-separated (quantity 1 when left out)',
});

export const RequestedServices = Type.Array(
  Type.Object(
    {
      serviceId: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100 }),
      quantity: Type.Integer({ minimum: 1, maximum: 10 }),
    },
    { additionalProperties: false },
  ),
  { minItems: 1, maxItems: 10 },
);
