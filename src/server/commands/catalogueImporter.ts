import { sql, type Kysely, type Transaction } from 'kysely';
import type { TSchema } from 'typebox';
import Value from 'typebox/value';
import type { Database } from '../../db/schema.ts';
import {
  recordSchemas,
  type CatalogueKind,
  type DistrictRecord,
  type EquipmentRecord,
  type MunicipalityRecord,
  type ServiceRecord,
  type SiteRecord,
  type UnitRecord,
} from '../import/catalogueSchemas.ts';
import {
  ImportError,
  readRecords,
  type ImportFormat,
  type ImportIssue,
  type SourceRecord,
} from '../import/readRecords.ts';
import { recordAudit } from '../audit.ts';

export interface CatalogueImportProps {
  kind: CatalogueKind;
  /** The file name as the person gave it: used in every error message. */
  file: string;
  text: string;
  format: ImportFormat;
  /** Slug of the municipality the records belong to; not used for kind 'municipality'. */
  municipality: string;
  actor: string;
}

export interface CatalogueImportResult {
  kind: CatalogueKind;
  municipality: string;
  inserted: number;
  updated: number;
}

function fieldName(instancePath: string, params: Record<string, unknown>): string {
  const path = instancePath.replace(/^\//, '').replace(/\//g, '.');
  const missing: string[] | undefined = Array.isArray(params.requiredProperties)
    ? params.requiredProperties
    : undefined;
  const extra: string[] | undefined = Array.isArray(params.additionalProperties)
    ? params.additionalProperties
    : undefined;
  const named = missing?.[0] ?? extra?.[0];
  if (named !== undefined) return path ? `${path}.${String(named)}` : String(named);
  return path || '(row)';
}

function validateRecords<T>(
  file: string,
  records: SourceRecord[],
  schema: TSchema,
): { row: number; value: T }[] {
  const issues: ImportIssue[] = [];
  const valid = records.map((record) => {
    const value = Value.Default(schema, structuredClone(record.value));
    const seenFields = new Set<string>();
    for (const error of Value.Errors(schema, value)) {
      // `anyOf` reports one error per branch; schema-false errors repeat the additionalProperties one.
      if (error.keyword === 'boolean') continue;
      const field = fieldName(error.instancePath, error.params as Record<string, unknown>);
      if (seenFields.has(field)) continue;
      seenFields.add(field);
      issues.push({ file, row: record.row, field, message: error.message });
    }
    return { row: record.row, value: value as T };
  });
  const firstRowById = new Map<string, number>();
  for (const record of valid) {
    const id = (record.value as { id?: unknown }).id;
    if (typeof id !== 'string') continue;
    const earlier = firstRowById.get(id);
    if (earlier !== undefined) {
      issues.push({
        file,
        row: record.row,
        field: 'id',
        message: `duplicate id "${id}" (first in row ${earlier})`,
      });
    } else firstRowById.set(id, record.row);
  }
  if (issues.length > 0) throw new ImportError(issues);
  return valid;
}

async function existingIds(
  trx: Transaction<Database>,
  table: 'districts' | 'equipment_kinds' | 'sites' | 'services',
  municipalityId: string,
): Promise<Set<string>> {
  const rows = await trx
    .selectFrom(table)
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .execute();
  return new Set(rows.map((row) => row.id));
}

function requireReferences(
  file: string,
  rows: { row: number; references: { field: string; id: string | null | undefined }[] }[],
  known: Set<string>,
  what: string,
): void {
  const issues: ImportIssue[] = [];
  for (const { row, references } of rows) {
    for (const { field, id } of references) {
      if (id && !known.has(id)) issues.push({ file, row, field, message: `unknown ${what} "${id}"` });
    }
  }
  if (issues.length > 0) throw new ImportError(issues);
}

type Upserted = { inserted: boolean };

async function upsertMunicipality(trx: Transaction<Database>, record: MunicipalityRecord): Promise<Upserted> {
  const values = {
    slug: record.slug,
    name: record.name,
    official_key: record.officialKey ?? null,
    address: record.address ?? null,
    population: record.population ?? null,
    population_date: record.populationDate ?? null,
    population_source: record.populationSource ?? null,
    lat: record.lat ?? null,
    lon: record.lon ?? null,
    hostnames: record.hostnames ?? [],
    public_base_url: record.publicBaseUrl ?? null,
    contact: JSON.stringify(record.contact ?? {}),
    legal: JSON.stringify(record.legal ?? {}),
  };
  const result = await trx
    .insertInto('municipalities')
    .values(values)
    .onConflict((conflict) => conflict.column('slug').doUpdateSet(values))
    .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
    .executeTakeFirstOrThrow();
  return { inserted: result.inserted };
}

const upsertReturningInserted = sql<boolean>`(xmax = 0)`.as('inserted');

async function upsertEquipment(trx: Transaction<Database>, municipalityId: string, record: EquipmentRecord) {
  const values = { name_de: record.nameDe, name_en: record.nameEn };
  return trx
    .insertInto('equipment_kinds')
    .values({ municipality_id: municipalityId, id: record.id, ...values })
    .onConflict((conflict) => conflict.columns(['municipality_id', 'id']).doUpdateSet(values))
    .returning(upsertReturningInserted)
    .executeTakeFirstOrThrow();
}

/** Whether every ring of a Polygon or MultiPolygon ends at its first position (GeoJSON, RFC 7946 3.1.6). */
function ringsClosed(outline: NonNullable<DistrictRecord['outline']>): boolean {
  const polygons = outline.type === 'Polygon' ? [outline.coordinates] : outline.coordinates;
  return polygons.every((rings) =>
    rings.every((ring) => {
      const [first, last] = [ring[0], ring.at(-1)];
      return Boolean(first && last) && first![0] === last![0] && first![1] === last![1];
    }),
  );
}

async function upsertDistrict(trx: Transaction<Database>, municipalityId: string, record: DistrictRecord) {
  const values = {
    name: record.name,
    type: record.type,
    parent_id: record.parentId ?? null,
    population: record.population ?? null,
    population_date: record.populationDate ?? null,
    population_status: record.populationStatus ?? null,
    population_note: record.populationNote ?? null,
    share_65plus: record.share65plus ?? null,
    area_km2: record.areaKm2 ?? null,
    lat: record.lat,
    lon: record.lon,
    reference_point_method: record.referencePointMethod ?? null,
    postal_codes: record.postalCodes ?? [],
    confidence: record.confidence,
    sources: record.sources ?? [],
    outline: record.outline ? JSON.stringify(record.outline) : null,
  };
  return trx
    .insertInto('districts')
    .values({ municipality_id: municipalityId, id: record.id, ...values })
    .onConflict((conflict) => conflict.columns(['municipality_id', 'id']).doUpdateSet(values))
    .returning(upsertReturningInserted)
    .executeTakeFirstOrThrow();
}

function venueColumns(venue: NonNullable<SiteRecord['venue']>, placeholder: boolean) {
  return {
    // A district reference point is demand, never a venue (the database checks it too).
    usable: venue.usable && !placeholder,
    venue_owner: venue.owner ?? null,
    step_free: venue.stepFree ?? null,
    power_for_van: venue.powerForVan ?? null,
    parking: venue.parking ?? null,
    kit_room: venue.kitRoom ?? null,
    cost_per_day_eur: venue.costPerDayEur ?? null,
    venue_note: venue.note ?? null,
  };
}

async function upsertSite(trx: Transaction<Database>, municipalityId: string, record: SiteRecord) {
  const values = {
    name: record.name,
    category: record.category,
    address: record.address ?? null,
    district_id: record.districtId ?? null,
    lat: record.lat,
    lon: record.lon,
    coordinate_quality: record.coordinateQuality ?? null,
    coordinate_uncertainty_m: record.coordinateUncertaintyM ?? null,
    coordinate_note: record.coordinateNote ?? null,
    opening_hours: JSON.stringify(record.openingHours ?? null),
    accessibility: record.accessibility ?? null,
    accessibility_translations: JSON.stringify(record.accessibilityTranslations ?? {}),
    placeholder: record.placeholder ?? false,
    facts: record.facts ?? [],
    confidence: record.confidence,
    sources: record.sources ?? [],
    // Venue facts only when the record has them, so a new import keeps what a planner entered.
    ...(record.venue ? venueColumns(record.venue, record.placeholder ?? false) : {}),
  };
  return trx
    .insertInto('sites')
    .values({
      municipality_id: municipalityId,
      id: record.id,
      usable: !(record.placeholder ?? false),
      ...values,
    })
    .onConflict((conflict) => conflict.columns(['municipality_id', 'id']).doUpdateSet(values))
    .returning(upsertReturningInserted)
    .executeTakeFirstOrThrow();
}

async function upsertService(trx: Transaction<Database>, municipalityId: string, record: ServiceRecord) {
  const values = {
    name_de: record.nameDe,
    name_en: record.nameEn,
    leika_key: record.leikaKey ?? null,
    leika_key_status: record.leikaKeyStatus ?? null,
    legal_basis: record.legalBasis ?? null,
    presence: record.presence as ServiceRecord['presence'] & Database['services']['presence'],
    presence_reasons: record.presenceReasons ?? [],
    presence_reasons_en: record.presenceReasonsEn ?? [],
    second_visit: record.secondVisit ?? null,
    typical_minutes: record.typicalMinutes,
    minutes_basis: record.minutesBasis ?? null,
    fees: JSON.stringify(record.fees ?? []),
    fee_extras: JSON.stringify(record.feeExtras ?? []),
    fee_note: record.feeNote ?? null,
    after_visit_de: record.afterVisitDe ?? null,
    after_visit_en: record.afterVisitEn ?? null,
    fee_valid_from: record.feeValidFrom ?? null,
    online_available: record.onlineAvailable as Database['services']['online_available'],
    online_note: record.onlineNote ?? null,
    online_url: record.onlineUrl ?? null,
    documents: record.documents ?? [],
    documents_en: record.documentsEn ?? [],
    mobile_suitability: record.mobileSuitability ?? null,
    confidence: record.confidence,
    sources: record.sources ?? [],
  };
  const result = await trx
    .insertInto('services')
    .values({ municipality_id: municipalityId, id: record.id, ...values })
    .onConflict((conflict) => conflict.columns(['municipality_id', 'id']).doUpdateSet(values))
    .returning(upsertReturningInserted)
    .executeTakeFirstOrThrow();
  await trx
    .deleteFrom('service_equipment')
    .where('municipality_id', '=', municipalityId)
    .where('service_id', '=', record.id)
    .execute();
  const equipment = [...new Set(record.equipment ?? [])];
  if (equipment.length > 0) {
    await trx
      .insertInto('service_equipment')
      .values(
        equipment.map((kind) => ({
          municipality_id: municipalityId,
          service_id: record.id,
          equipment_kind_id: kind,
        })),
      )
      .execute();
  }
  return result;
}

async function upsertUnit(trx: Transaction<Database>, municipalityId: string, record: UnitRecord) {
  const values = {
    name: record.name,
    kind: record.kind as 'van' | 'kit',
    counters: record.counters,
    home_site_id: record.homeSiteId ?? null,
    active: record.active ?? true,
  };
  const result = await trx
    .insertInto('units')
    .values({ municipality_id: municipalityId, id: record.id, ...values })
    .onConflict((conflict) => conflict.columns(['municipality_id', 'id']).doUpdateSet(values))
    .returning(upsertReturningInserted)
    .executeTakeFirstOrThrow();
  await trx
    .deleteFrom('unit_equipment')
    .where('municipality_id', '=', municipalityId)
    .where('unit_id', '=', record.id)
    .execute();
  const equipment = [...new Set(record.equipment)];
  if (equipment.length > 0) {
    await trx
      .insertInto('unit_equipment')
      .values(
        equipment.map((kind) => ({
          municipality_id: municipalityId,
          unit_id: record.id,
          equipment_kind_id: kind,
        })),
      )
      .execute();
  }
  return result;
}

async function municipalityIdFor(trx: Transaction<Database>, file: string, slug: string): Promise<string> {
  const found = await trx
    .selectFrom('municipalities')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!found) {
    throw new ImportError([
      { file, row: 0, field: 'municipality', message: `unknown municipality "${slug}": import it first` },
    ]);
  }
  return found.id;
}

/**
 * Imports one catalogue file: validates every record, checks every reference, and writes all of them
 * in one transaction, or nothing when any record is wrong. Existing records with the same id are updated.
 */
export async function importCatalogue(
  db: Kysely<Database>,
  props: CatalogueImportProps,
): Promise<CatalogueImportResult> {
  const source = readRecords(props.file, props.text, props.format, recordSchemas[props.kind]);
  if (source.length === 0) {
    throw new ImportError([
      { file: props.file, row: 0, field: '(file)', message: 'the file holds no records' },
    ]);
  }
  const counts = { inserted: 0, updated: 0 };
  const count = ({ inserted }: Upserted) => (inserted ? counts.inserted++ : counts.updated++);

  const municipality = await db.transaction().execute(async (trx) => {
    if (props.kind === 'municipality') {
      const records = validateRecords<MunicipalityRecord>(props.file, source, recordSchemas.municipality);
      for (const { value } of records) count(await upsertMunicipality(trx, value));
      return records[0]!.value.slug;
    }
    const municipalityId = await municipalityIdFor(trx, props.file, props.municipality);
    let subjectIds: string[] = [];
    switch (props.kind) {
      case 'equipment': {
        const records = validateRecords<EquipmentRecord>(props.file, source, recordSchemas.equipment);
        for (const { value } of records) count(await upsertEquipment(trx, municipalityId, value));
        subjectIds = records.map((r) => r.value.id);
        break;
      }
      case 'districts': {
        const records = validateRecords<DistrictRecord>(props.file, source, recordSchemas.districts);
        const known = await existingIds(trx, 'districts', municipalityId);
        records.forEach((r) => known.add(r.value.id));
        requireReferences(
          props.file,
          records.map((r) => ({ row: r.row, references: [{ field: 'parentId', id: r.value.parentId }] })),
          known,
          'district',
        );
        const openRings = records.filter((r) => r.value.outline && !ringsClosed(r.value.outline));
        if (openRings.length > 0) {
          throw new ImportError(
            openRings.map((r) => ({
              file: props.file,
              row: r.row,
              field: 'outline',
              message: 'every ring of an outline must end where it starts',
            })),
          );
        }
        for (const { value } of records) count(await upsertDistrict(trx, municipalityId, value));
        subjectIds = records.map((r) => r.value.id);
        break;
      }
      case 'sites': {
        const records = validateRecords<SiteRecord>(props.file, source, recordSchemas.sites);
        requireReferences(
          props.file,
          records.map((r) => ({ row: r.row, references: [{ field: 'districtId', id: r.value.districtId }] })),
          await existingIds(trx, 'districts', municipalityId),
          'district',
        );
        for (const { value } of records) count(await upsertSite(trx, municipalityId, value));
        subjectIds = records.map((r) => r.value.id);
        break;
      }
      case 'services': {
        const records = validateRecords<ServiceRecord>(props.file, source, recordSchemas.services);
        requireReferences(
          props.file,
          records.map((r) => ({
            row: r.row,
            references: (r.value.equipment ?? []).map((id, index) => ({ field: `equipment.${index}`, id })),
          })),
          await existingIds(trx, 'equipment_kinds', municipalityId),
          'equipment kind',
        );
        for (const { value } of records) count(await upsertService(trx, municipalityId, value));
        subjectIds = records.map((r) => r.value.id);
        break;
      }
      case 'units': {
        const records = validateRecords<UnitRecord>(props.file, source, recordSchemas.units);
        requireReferences(
          props.file,
          records.map((r) => ({
            row: r.row,
            references: r.value.equipment.map((id, index) => ({ field: `equipment.${index}`, id })),
          })),
          await existingIds(trx, 'equipment_kinds', municipalityId),
          'equipment kind',
        );
        requireReferences(
          props.file,
          records.map((r) => ({ row: r.row, references: [{ field: 'homeSiteId', id: r.value.homeSiteId }] })),
          await existingIds(trx, 'sites', municipalityId),
          'site',
        );
        for (const { value } of records) count(await upsertUnit(trx, municipalityId, value));
        subjectIds = records.map((r) => r.value.id);
        break;
      }
    }
    await recordAudit(trx, {
      municipalityId,
      actor: props.actor,
      action: 'catalogue.imported',
      subjectType: props.kind,
      details: { file: props.file, ...counts, ids: subjectIds },
    });
    return props.municipality;
  });
  return { kind: props.kind, municipality, ...counts };
}
