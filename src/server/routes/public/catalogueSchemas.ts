import Type, { type Static } from 'typebox';

const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Confidence = Type.Enum(['high', 'medium', 'low']);

export const EquipmentKindDto = Type.Object(
  { id: Type.String(), nameDe: Type.String(), nameEn: Type.String() },
  { $id: 'EquipmentKind' },
);

export const ServiceDto = Type.Object(
  {
    id: Type.String(),
    nameDe: Type.String(),
    nameEn: Type.String(),
    leikaKey: Nullable(Type.String()),
    leikaKeyStatus: Nullable(Type.String()),
    legalBasis: Nullable(Type.String()),
    presence: Type.Enum(['required', 'optional', 'not_required', 'depends'], {
      description: 'Whether a visit in person is needed',
    }),
    presenceReasons: Type.Array(Type.String(), { description: 'In German' }),
    presenceReasonsEn: Type.Array(Type.String(), { description: 'In English (empty where not translated)' }),
    secondVisit: Nullable(Type.String()),
    typicalMinutes: Type.Integer(),
    minutesBasis: Nullable(Type.String()),
    fees: Type.Array(
      Type.Object({
        variant: Type.String(),
        labelDe: Type.String(),
        labelEn: Type.String(),
        eur: Type.Number(),
      }),
    ),
    feeExtras: Type.Array(
      Type.Object({
        item: Type.String({ description: 'The research wording (English)' }),
        labelDe: Type.Optional(Type.String()),
        labelEn: Type.Optional(Type.String()),
        eur: Nullable(Type.Number()),
      }),
    ),
    feeNote: Nullable(Type.String()),
    afterVisitDe: Nullable(Type.String({ description: 'What happens after the visit, in German' })),
    afterVisitEn: Nullable(Type.String()),
    feeValidFrom: Nullable(Type.String({ format: 'date' })),
    onlineAvailable: Type.Enum(['yes', 'partial', 'no', 'unknown']),
    onlineNote: Nullable(Type.String()),
    onlineUrl: Nullable(Type.String()),
    documents: Type.Array(Type.String(), { description: 'Documents to bring, in German' }),
    documentsEn: Type.Array(Type.String(), { description: 'In English (empty where not translated)' }),
    equipment: Type.Array(EquipmentKindDto),
    mobileSuitability: Nullable(Type.String()),
    confidence: Confidence,
    sources: Type.Array(Type.String()),
  },
  { $id: 'Service' },
);
export type ServiceDto = Static<typeof ServiceDto>;

const OpeningHours = Nullable(
  Type.Array(
    Type.Object({
      days: Type.Array(Type.String()),
      opens: Type.Optional(Type.String()),
      closes: Type.Optional(Type.String()),
      note: Type.Optional(Type.String()),
    }),
  ),
);

export const SiteDto = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    category: Type.String(),
    address: Nullable(Type.String()),
    districtId: Nullable(Type.String()),
    lat: Type.Number(),
    lon: Type.Number(),
    coordinateQuality: Nullable(Type.String()),
    coordinateUncertaintyM: Nullable(Type.Integer()),
    coordinateNote: Nullable(Type.String()),
    openingHours: OpeningHours,
    accessibility: Nullable(Type.String()),
    placeholder: Type.Boolean({ description: 'A district reference point where no venue is known yet' }),
    facts: Type.Array(Type.String()),
    confidence: Confidence,
    sources: Type.Array(Type.String()),
  },
  { $id: 'Site' },
);
export type SiteDto = Static<typeof SiteDto>;

export const DistrictDto = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    type: Type.String(),
    parentId: Nullable(Type.String()),
    population: Nullable(Type.Integer()),
    populationDate: Nullable(Type.String({ format: 'date' })),
    populationStatus: Nullable(Type.String()),
    populationNote: Nullable(Type.String()),
    share65plus: Nullable(Type.Number()),
    areaKm2: Nullable(Type.Number()),
    lat: Type.Number(),
    lon: Type.Number(),
    referencePointMethod: Nullable(Type.String()),
    postalCodes: Type.Array(Type.String()),
    confidence: Confidence,
    sources: Type.Array(Type.String()),
  },
  { $id: 'District' },
);
export type DistrictDto = Static<typeof DistrictDto>;
