import type { Kysely, Selectable } from 'kysely';
import type { Database, DistrictsTable, ServicesTable, SitesTable } from '../../db/schema.ts';
import type {
  CatalogueResearchDto,
  DistrictDto,
  ServiceDto,
  SiteDto,
} from '../routes/public/catalogueSchemas.ts';

// PGlite has no ICU collations: German order is decided in the application.
const germanOrder = new Intl.Collator('de', { sensitivity: 'base' });

export interface ServiceFilter {
  q?: string | undefined;
  channel?: 'online' | 'in_person' | undefined;
  presence?: ServicesTable['presence'] | undefined;
}

/** What a citizen sees of a service: no research notes, confidence or sources (see serviceResearch). */
function toServiceDto(row: Selectable<ServicesTable>, equipment: ServiceDto['equipment']): ServiceDto {
  return {
    id: row.id,
    nameDe: row.name_de,
    nameEn: row.name_en,
    leikaKey: row.leika_key,
    legalBasis: row.legal_basis,
    presence: row.presence,
    presenceReasons: row.presence_reasons,
    presenceReasonsEn: row.presence_reasons_en,
    typicalMinutes: row.typical_minutes,
    fees: row.fees,
    // Extra costs without a plain-language label are research items, not for citizens.
    feeExtras: row.fee_extras.flatMap((extra) =>
      extra.labelDe
        ? [{ labelDe: extra.labelDe, ...(extra.labelEn ? { labelEn: extra.labelEn } : {}), eur: extra.eur }]
        : [],
    ),
    afterVisitDe: row.after_visit_de,
    afterVisitEn: row.after_visit_en,
    feeValidFrom: row.fee_valid_from,
    onlineAvailable: row.online_available,
    onlineUrl: row.online_url,
    documents: row.documents,
    documentsEn: row.documents_en,
    equipment,
  };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listServices(db: Kysely<Database>, municipalityId: string, filter: ServiceFilter = {}) {
  let query = db.selectFrom('services').selectAll().where('municipality_id', '=', municipalityId);
  const q = filter.q?.trim();
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('name_de', 'ilike', pattern),
        eb('name_en', 'ilike', pattern),
        eb('leika_key', '=', q),
        eb('id', 'ilike', pattern),
      ]),
    );
  }
  if (filter.channel === 'online') query = query.where('online_available', 'in', ['yes', 'partial']);
  if (filter.channel === 'in_person')
    query = query.where('presence', 'in', ['required', 'optional', 'depends']);
  if (filter.presence) query = query.where('presence', '=', filter.presence);
  const rows = await query.execute();
  const equipment = await equipmentByService(
    db,
    municipalityId,
    rows.map((row) => row.id),
  );
  return rows
    .map((row) => toServiceDto(row, equipment.get(row.id) ?? []))
    .sort((a, b) => germanOrder.compare(a.nameDe, b.nameDe));
}

export async function findService(db: Kysely<Database>, municipalityId: string, serviceId: string) {
  const row = await db
    .selectFrom('services')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', serviceId)
    .executeTakeFirst();
  if (!row) return undefined;
  const equipment = await equipmentByService(db, municipalityId, [row.id]);
  return toServiceDto(row, equipment.get(row.id) ?? []);
}

async function equipmentByService(db: Kysely<Database>, municipalityId: string, serviceIds: string[]) {
  const byService = new Map<string, ServiceDto['equipment']>();
  if (serviceIds.length === 0) return byService;
  const rows = await db
    .selectFrom('service_equipment as se')
    .innerJoin('equipment_kinds as ek', (join) =>
      join.onRef('ek.municipality_id', '=', 'se.municipality_id').onRef('ek.id', '=', 'se.equipment_kind_id'),
    )
    .select(['se.service_id', 'ek.id', 'ek.name_de', 'ek.name_en'])
    .where('se.municipality_id', '=', municipalityId)
    .where('se.service_id', 'in', serviceIds)
    .orderBy('ek.id')
    .execute();
  for (const row of rows) {
    const list = byService.get(row.service_id) ?? [];
    list.push({ id: row.id, nameDe: row.name_de, nameEn: row.name_en });
    byService.set(row.service_id, list);
  }
  return byService;
}

function toSiteDto(row: Selectable<SitesTable>): SiteDto {
  return {
    id: row.id,
    name: row.name,
    category: row.category,
    address: row.address,
    districtId: row.district_id,
    lat: row.lat,
    lon: row.lon,
    // An opening-hours note is a research remark: the days and times are what citizens need.
    openingHours: row.opening_hours
      ? row.opening_hours.map(({ days, opens, closes }) => ({
          days,
          ...(opens ? { opens } : {}),
          ...(closes ? { closes } : {}),
        }))
      : null,
    accessibility: row.accessibility,
    accessibilityTranslations: row.accessibility_translations,
    placeholder: row.placeholder,
  };
}

export async function listSites(
  db: Kysely<Database>,
  municipalityId: string,
  filter: { districtId?: string | undefined } = {},
) {
  let query = db.selectFrom('sites').selectAll().where('municipality_id', '=', municipalityId);
  if (filter.districtId) query = query.where('district_id', '=', filter.districtId);
  const rows = await query.execute();
  return rows.map(toSiteDto).sort((a, b) => germanOrder.compare(a.name, b.name));
}

export async function findSite(db: Kysely<Database>, municipalityId: string, siteId: string) {
  const row = await db
    .selectFrom('sites')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', siteId)
    .executeTakeFirst();
  return row ? toSiteDto(row) : undefined;
}

function toDistrictDto(row: Selectable<DistrictsTable>): DistrictDto {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    parentId: row.parent_id,
    population: row.population,
    populationDate: row.population_date,
    share65plus: row.share_65plus,
    areaKm2: row.area_km2,
    lat: row.lat,
    lon: row.lon,
    postalCodes: row.postal_codes,
    outline: row.outline,
  };
}

export async function listDistricts(db: Kysely<Database>, municipalityId: string) {
  const rows = await db
    .selectFrom('districts')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .execute();
  return rows.map(toDistrictDto).sort((a, b) => germanOrder.compare(a.name, b.name));
}

export async function findDistrict(db: Kysely<Database>, municipalityId: string, districtId: string) {
  const row = await db
    .selectFrom('districts')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', districtId)
    .executeTakeFirst();
  return row ? toDistrictDto(row) : undefined;
}

/**
 * The research behind the public records, for staff only: confidence, sources, notes, how exact a position
 * is and what still needs checking. Sorted by German name like the public lists.
 */
export async function loadCatalogueResearch(
  db: Kysely<Database>,
  municipalityId: string,
): Promise<CatalogueResearchDto> {
  const [services, sites, districts] = await Promise.all([
    db.selectFrom('services').selectAll().where('municipality_id', '=', municipalityId).execute(),
    db.selectFrom('sites').selectAll().where('municipality_id', '=', municipalityId).execute(),
    db.selectFrom('districts').selectAll().where('municipality_id', '=', municipalityId).execute(),
  ]);
  const byName = <T extends { name: string }>(items: T[]) =>
    items.sort((a, b) => germanOrder.compare(a.name, b.name));
  return {
    services: byName(
      services.map((row) => ({
        id: row.id,
        name: row.name_de,
        confidence: row.confidence,
        sources: row.sources,
        leikaKey: row.leika_key,
        leikaKeyStatus: row.leika_key_status,
        secondVisit: row.second_visit,
        minutesBasis: row.minutes_basis,
        feeNote: row.fee_note,
        feeResearch: row.fee_extras.map((extra) => ({ item: extra.item, eur: extra.eur })),
        onlineNote: row.online_note,
        mobileSuitability: row.mobile_suitability,
      })),
    ),
    sites: byName(
      sites.map((row) => ({
        id: row.id,
        name: row.name,
        confidence: row.confidence,
        sources: row.sources,
        coordinateQuality: row.coordinate_quality,
        coordinateUncertaintyM: row.coordinate_uncertainty_m,
        coordinateNote: row.coordinate_note,
        openingHoursNotes: (row.opening_hours ?? []).flatMap((entry) => (entry.note ? [entry.note] : [])),
        facts: row.facts,
      })),
    ),
    districts: byName(
      districts.map((row) => ({
        id: row.id,
        name: row.name,
        confidence: row.confidence,
        sources: row.sources,
        populationStatus: row.population_status,
        populationNote: row.population_note,
        referencePointMethod: row.reference_point_method,
      })),
    ),
  };
}
