import Type, { type Static, type TSchema } from 'typebox';

/** The product's own catalogue record formats (the seed files in data/seed use them too). */
const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100 });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = (maxLength = 2000) => Type.String({ minLength: 1, maxLength });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Confidence = Type.Enum(['high', 'medium', 'low']);
const Latitude = Type.Number({ minimum: -90, maximum: 90 });
const Longitude = Type.Number({ minimum: -180, maximum: 180 });
const Sources = Type.Array(Text(), { default: [] });
const Weekday = Type.Enum(['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su']);
const Clock = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });

const LocalizedText = Type.Object(
  {
    de: Text(5000),
    en: Type.Optional(Text(5000)),
    tr: Type.Optional(Text(5000)),
    uk: Type.Optional(Text(5000)),
    ar: Type.Optional(Text(5000)),
  },
  { additionalProperties: false },
);
/** A position [longitude, latitude] in WGS 84 (GeoJSON order). */
const Position = Type.Array(Type.Number({ minimum: -180, maximum: 180 }), { minItems: 2, maxItems: 3 });
/** A closed ring: at least four positions, the last equal to the first (checked on import). */
const Ring = Type.Array(Position, { minItems: 4, maxItems: 100_000 });
/** A district's outline: a GeoJSON Polygon or MultiPolygon. */
export const DistrictOutline = Type.Union([
  Type.Object(
    { type: Type.Literal('Polygon'), coordinates: Type.Array(Ring, { minItems: 1 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('MultiPolygon'),
      coordinates: Type.Array(Type.Array(Ring, { minItems: 1 }), { minItems: 1 }),
    },
    { additionalProperties: false },
  ),
]);

/** A site's access information in the portal's further languages; German is `accessibility`. */
const AccessibilityTranslations = Type.Object(
  {
    en: Type.Optional(Text()),
    tr: Type.Optional(Text()),
    uk: Type.Optional(Text()),
    ar: Type.Optional(Text()),
  },
  { additionalProperties: false },
);

const LegalSections = Type.Array(
  Type.Object(
    { heading: LocalizedText, paragraphs: Type.Array(LocalizedText, { minItems: 1 }) },
    { additionalProperties: false },
  ),
  { maxItems: 50 },
);

export const MunicipalityRecord = Type.Object(
  {
    slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' }),
    name: Text(200),
    officialKey: Type.Optional(Nullable(Type.String({ pattern: '^\\d{8}$' }))),
    address: Type.Optional(Nullable(Text(300))),
    population: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
    populationDate: Type.Optional(Nullable(IsoDate)),
    populationSource: Type.Optional(Nullable(Text(300))),
    timezone: Type.Optional(Type.Literal('Europe/Berlin')),
    lat: Type.Optional(Nullable(Latitude)),
    lon: Type.Optional(Nullable(Longitude)),
    hostnames: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z0-9.-]+(:\\d+)?$' }))),
    /** The address links in its mails, feeds and posters start with, e.g. https://termine.musterstadt.de */
    publicBaseUrl: Type.Optional(
      Nullable(Type.String({ maxLength: 300, pattern: '^https?://[^/?#\\s]+(/[^?#\\s]*[^/?#\\s])?$' })),
    ),
    contact: Type.Optional(
      Type.Object(
        {
          phone: Type.Optional(Text(100)),
          email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
          serviceNumber115: Type.Optional(Type.Boolean()),
          hours: Type.Optional(LocalizedText),
        },
        { additionalProperties: false },
      ),
    ),
    legal: Type.Optional(
      Type.Object(
        {
          imprint: Type.Optional(LegalSections),
          accessibility: Type.Optional(LegalSections),
          privacy: Type.Optional(LegalSections),
          draft: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const EquipmentRecord = Type.Object(
  { id: Id, nameDe: Text(300), nameEn: Text(300) },
  { additionalProperties: false },
);

export const DistrictRecord = Type.Object(
  {
    id: Id,
    name: Text(200),
    type: Text(100),
    parentId: Type.Optional(Nullable(Id)),
    population: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 50_000_000 }))),
    populationDate: Type.Optional(Nullable(IsoDate)),
    populationStatus: Type.Optional(Nullable(Text(100))),
    populationNote: Type.Optional(Nullable(Text())),
    share65plus: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1 }))),
    areaKm2: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0 }))),
    lat: Latitude,
    lon: Longitude,
    referencePointMethod: Type.Optional(Nullable(Text())),
    postalCodes: Type.Optional(Type.Array(Type.String({ pattern: '^\\d{5}$' }))),
    confidence: Confidence,
    sources: Type.Optional(Sources),
    /** GeoJSON Polygon or MultiPolygon; from a GeoJSON import, the feature's geometry */
    outline: Type.Optional(Nullable(DistrictOutline)),
  },
  { additionalProperties: false },
);

/**
 * What is known about a site as a venue (migration 045); null: not known yet. `usable` marks a candidate of
 * scenarios; a placeholder is never usable. Without `venue`, an imported site is usable unless it is a placeholder.
 */
const SiteVenue = Type.Object(
  {
    usable: Type.Boolean(),
    owner: Type.Optional(Nullable(Text(200))),
    stepFree: Type.Optional(Nullable(Type.Boolean())),
    powerForVan: Type.Optional(Nullable(Type.Boolean())),
    parking: Type.Optional(Nullable(Type.Boolean())),
    kitRoom: Type.Optional(Nullable(Type.Boolean())),
    costPerDayEur: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 100_000 }))),
    note: Type.Optional(Nullable(Text(1000))),
  },
  { additionalProperties: false },
);

export const SiteRecord = Type.Object(
  {
    id: Id,
    name: Text(300),
    category: Text(100),
    address: Type.Optional(Nullable(Text(300))),
    districtId: Type.Optional(Nullable(Id)),
    lat: Latitude,
    lon: Longitude,
    coordinateQuality: Type.Optional(Nullable(Text(100))),
    coordinateUncertaintyM: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100_000 }))),
    coordinateNote: Type.Optional(Nullable(Text())),
    openingHours: Type.Optional(
      Nullable(
        Type.Array(
          Type.Object(
            {
              days: Type.Array(Weekday, { minItems: 1 }),
              opens: Type.Optional(Clock),
              closes: Type.Optional(Clock),
              note: Type.Optional(Text(300)),
            },
            { additionalProperties: false },
          ),
        ),
      ),
    ),
    accessibility: Type.Optional(Nullable(Text())),
    accessibilityTranslations: Type.Optional(AccessibilityTranslations),
    placeholder: Type.Optional(Type.Boolean()),
    venue: Type.Optional(SiteVenue),
    facts: Type.Optional(Type.Array(Text())),
    confidence: Confidence,
    sources: Type.Optional(Sources),
  },
  { additionalProperties: false },
);

const Presence = Type.Enum(['required', 'optional', 'not_required', 'depends']);
const OnlineAvailability = Type.Enum(['yes', 'partial', 'no', 'unknown']);

export const ServiceRecord = Type.Object(
  {
    id: Id,
    nameDe: Text(300),
    nameEn: Text(300),
    leikaKey: Type.Optional(Nullable(Type.String({ pattern: '^\\d{14}$' }))),
    leikaKeyStatus: Type.Optional(Nullable(Text())),
    legalBasis: Type.Optional(Nullable(Text())),
    presence: Presence,
    presenceReasons: Type.Optional(Type.Array(Text(), { description: 'German' })),
    presenceReasonsEn: Type.Optional(Type.Array(Text())),
    secondVisit: Type.Optional(Nullable(Text())),
    typicalMinutes: Type.Integer({ minimum: 1, maximum: 240 }),
    minutesBasis: Type.Optional(Nullable(Text())),
    fees: Type.Optional(
      Type.Array(
        Type.Object(
          {
            variant: Type.String({ pattern: '^[A-Za-z0-9_-]+$', maxLength: 100 }),
            labelDe: Text(200),
            labelEn: Text(200),
            eur: Type.Number({ minimum: 0, maximum: 100_000 }),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    feeExtras: Type.Optional(
      Type.Array(
        Type.Object(
          {
            item: Text(),
            labelDe: Type.Optional(Text(300)),
            labelEn: Type.Optional(Text(300)),
            eur: Nullable(Type.Number({ minimum: 0 })),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    feeNote: Type.Optional(Nullable(Text())),
    afterVisitDe: Type.Optional(Nullable(Text())),
    afterVisitEn: Type.Optional(Nullable(Text())),
    feeValidFrom: Type.Optional(Nullable(IsoDate)),
    onlineAvailable: OnlineAvailability,
    onlineNote: Type.Optional(Nullable(Text())),
    onlineUrl: Type.Optional(Nullable(Type.String({ pattern: '^https://\\S+$', maxLength: 500 }))),
    documents: Type.Optional(Type.Array(Text(), { description: 'German' })),
    documentsEn: Type.Optional(Type.Array(Text())),
    equipment: Type.Optional(Type.Array(Id)),
    mobileSuitability: Type.Optional(Nullable(Text())),
    confidence: Confidence,
    sources: Type.Optional(Sources),
  },
  { additionalProperties: false },
);

export const UnitRecord = Type.Object(
  {
    id: Id,
    name: Text(200),
    kind: Type.Enum(['van', 'kit']),
    counters: Type.Integer({ minimum: 1, maximum: 20 }),
    homeSiteId: Type.Optional(Nullable(Id)),
    equipment: Type.Array(Id),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export type UnitRecord = Static<typeof UnitRecord>;
export type MunicipalityRecord = Static<typeof MunicipalityRecord>;
export type EquipmentRecord = Static<typeof EquipmentRecord>;
export type DistrictRecord = Static<typeof DistrictRecord>;
export type SiteRecord = Static<typeof SiteRecord>;
export type ServiceRecord = Static<typeof ServiceRecord>;

export const catalogueKinds = [
  'municipality',
  'equipment',
  'districts',
  'sites',
  'services',
  'units',
] as const;
export type CatalogueKind = (typeof catalogueKinds)[number];

export const recordSchemas: Record<CatalogueKind, TSchema> = {
  municipality: MunicipalityRecord,
  equipment: EquipmentRecord,
  districts: DistrictRecord,
  sites: SiteRecord,
  services: ServiceRecord,
  units: UnitRecord,
};
