import Type, { type Static } from 'typebox';

const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Confidence = Type.Enum(['high', 'medium', 'low']);

export const EquipmentKindDto = Type.Object(
  { id: Type.String(), nameDe: Type.String(), nameEn: Type.String() },
  { $id: 'EquipmentKind' },
);

// Public records carry what a citizen needs. The research behind them (notes, confidence, sources, how exact a
// position is, verification hints) stays for staff: `*ResearchDto` below, served under /api/v1/staff/.

export const ServiceDto = Type.Object(
  {
    id: Type.String(),
    nameDe: Type.String(),
    nameEn: Type.String(),
    leikaKey: Nullable(Type.String()),
    legalBasis: Nullable(Type.String()),
    presence: Type.Enum(['required', 'optional', 'not_required', 'depends'], {
      description: 'Whether a visit in person is needed',
    }),
    presenceReasons: Type.Array(Type.String(), { description: 'In German' }),
    presenceReasonsEn: Type.Array(Type.String(), { description: 'In English (empty where not translated)' }),
    typicalMinutes: Type.Integer(),
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
        labelDe: Type.String(),
        labelEn: Type.Optional(Type.String()),
        eur: Nullable(Type.Number()),
      }),
      { description: 'Extra costs in plain language (research items without such a label are left out)' },
    ),
    afterVisitDe: Nullable(Type.String({ description: 'What happens after the visit, in German' })),
    afterVisitEn: Nullable(Type.String()),
    feeValidFrom: Nullable(Type.String({ format: 'date' })),
    onlineAvailable: Type.Enum(['yes', 'partial', 'no', 'unknown']),
    onlineUrl: Nullable(Type.String()),
    documents: Type.Array(Type.String(), { description: 'Documents to bring, in German' }),
    documentsEn: Type.Array(Type.String(), { description: 'In English (empty where not translated)' }),
    equipment: Type.Array(EquipmentKindDto),
  },
  { $id: 'Service' },
);
export type ServiceDto = Static<typeof ServiceDto>;

/** How to get in, in the portal's further languages where the city wrote it (German: `accessibility`). */
const AccessibilityTranslations = Type.Object(
  {
    en: Type.Optional(Type.String()),
    tr: Type.Optional(Type.String()),
    uk: Type.Optional(Type.String()),
    ar: Type.Optional(Type.String()),
  },
  { description: 'Access information by language code; a missing language shows the German text' },
);

/** A district's outline (GeoJSON geometry, [longitude, latitude]); null where the data has none. */
export const DistrictOutlineDto = Type.Union(
  [
    Type.Object({
      type: Type.Literal('Polygon'),
      coordinates: Type.Array(Type.Array(Type.Array(Type.Number()))),
    }),
    Type.Object({
      type: Type.Literal('MultiPolygon'),
      coordinates: Type.Array(Type.Array(Type.Array(Type.Array(Type.Number())))),
    }),
  ],
  { description: 'GeoJSON Polygon or MultiPolygon' },
);

const OpeningHours = Nullable(
  Type.Array(
    Type.Object({
      days: Type.Array(Type.String()),
      opens: Type.Optional(Type.String()),
      closes: Type.Optional(Type.String()),
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
    openingHours: OpeningHours,
    accessibility: Nullable(Type.String({ description: 'How to get in, in German' })),
    accessibilityTranslations: AccessibilityTranslations,
    placeholder: Type.Boolean({ description: 'A district reference point where no venue is known yet' }),
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
    share65plus: Nullable(Type.Number()),
    areaKm2: Nullable(Type.Number()),
    lat: Type.Number(),
    lon: Type.Number(),
    postalCodes: Type.Array(Type.String()),
    outline: Nullable(DistrictOutlineDto),
  },
  { $id: 'District' },
);
export type DistrictDto = Static<typeof DistrictDto>;

// --- For staff: the research behind the public records -------------------------------------------------

const ResearchBase = {
  id: Type.String(),
  name: Type.String({ description: 'The German display name' }),
  confidence: Confidence,
  sources: Type.Array(Type.String()),
};

export const ServiceResearchDto = Type.Object({
  ...ResearchBase,
  leikaKey: Nullable(Type.String()),
  leikaKeyStatus: Nullable(Type.String({ description: 'How sure the LeiKa key is, and what to check' })),
  secondVisit: Nullable(Type.String()),
  minutesBasis: Nullable(Type.String({ description: 'Where the typical minutes come from' })),
  feeNote: Nullable(Type.String()),
  feeResearch: Type.Array(Type.Object({ item: Type.String(), eur: Nullable(Type.Number()) }), {
    description: 'Extra cost items as researched (English), also those without a citizen label',
  }),
  onlineNote: Nullable(Type.String()),
  mobileSuitability: Nullable(Type.String()),
});
export type ServiceResearchDto = Static<typeof ServiceResearchDto>;

export const SiteResearchDto = Type.Object({
  ...ResearchBase,
  coordinateQuality: Nullable(Type.String()),
  coordinateUncertaintyM: Nullable(Type.Integer()),
  coordinateNote: Nullable(Type.String()),
  openingHoursNotes: Type.Array(Type.String()),
  facts: Type.Array(Type.String()),
});
export type SiteResearchDto = Static<typeof SiteResearchDto>;

export const DistrictResearchDto = Type.Object({
  ...ResearchBase,
  populationStatus: Nullable(Type.String()),
  populationNote: Nullable(Type.String()),
  referencePointMethod: Nullable(Type.String()),
});
export type DistrictResearchDto = Static<typeof DistrictResearchDto>;

export const CatalogueResearchDto = Type.Object({
  services: Type.Array(ServiceResearchDto),
  sites: Type.Array(SiteResearchDto),
  districts: Type.Array(DistrictResearchDto),
});
export type CatalogueResearchDto = Static<typeof CatalogueResearchDto>;
