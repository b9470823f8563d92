import type { Kysely } from 'kysely';
import {
  computeServiceOffer,
  equipmentActuallyOnBoard,
  type UnavailableReasonKind,
} from '../../domain/serviceOffer.ts';
import { existsOnline } from '../../domain/visitFeedback.ts';
import { ServiceOfferCache } from './serviceOfferCache.ts';
import type { AccessibilityTranslations, Database, StopStatus } from '../../db/schema.ts';

export interface StopFilter {
  from?: Date | undefined;
  to?: Date | undefined;
  siteId?: string | undefined;
  districtId?: string | undefined;
  includeCancelled?: boolean | undefined;
  stopIds?: string[] | undefined;
  limit?: number | undefined;
}

export interface OfferedService {
  id: string;
  nameDe: string;
  nameEn: string;
  typicalMinutes: number;
  /** The service also exists online (fully or in part): the station asks why the person came in person. */
  existsOnline: boolean;
}

export interface UnavailableServiceView {
  id: string;
  nameDe: string;
  nameEn: string;
  /** Needs no visit at all: done online or in writing. */
  onlineOnly: boolean;
  missingEquipment: { id: string; nameDe: string; nameEn: string }[];
  /** Every reason that applies, in a fixed order (online only, not released, gates, equipment). */
  reasons: UnavailableReasonKind[];
}

export interface StopView {
  id: string;
  status: StopStatus;
  cancelReason: string | null;
  date: string;
  startsAt: string;
  endsAt: string;
  setupMinutes: number;
  teardownMinutes: number;
  counters: number;
  slotMinutes: number;
  scheduleId: string | null;
  site: {
    id: string;
    name: string;
    address: string | null;
    districtId: string | null;
    districtName: string | null;
    lat: number;
    lon: number;
    accessibility: string | null;
    accessibilityTranslations: AccessibilityTranslations;
  };
  unit: { id: string; name: string; kind: 'van' | 'kit' };
  services: OfferedService[];
  unavailableServices: UnavailableServiceView[];
}

export interface UnitServiceOffer {
  offered: OfferedService[];
  unavailable: UnavailableServiceView[];
}

/**
 * Which services each unit can offer, from its equipment; never typed in by hand. Computed from the tables;
 * requests read it through `serviceOfferByUnit`, cached per process.
 */
export async function computeServiceOfferByUnit(
  db: Kysely<Database>,
  municipalityId: string,
  unitIds: string[],
): Promise<Map<string, UnitServiceOffer>> {
  const offers = new Map<string, UnitServiceOffer>();
  if (unitIds.length === 0) return offers;
  const [services, requirements, onBoard, equipmentNames, items] = await Promise.all([
    db
      .selectFrom('services')
      .select([
        'id',
        'name_de',
        'name_en',
        'typical_minutes',
        'presence',
        'online_available',
        'released',
        'efile_live',
        'process_reviewed',
      ])
      .where('municipality_id', '=', municipalityId)
      .execute(),
    db
      .selectFrom('service_equipment')
      .select(['service_id', 'equipment_kind_id'])
      .where('municipality_id', '=', municipalityId)
      .execute(),
    db
      .selectFrom('unit_equipment')
      .select(['unit_id', 'equipment_kind_id'])
      .where('municipality_id', '=', municipalityId)
      .where('unit_id', 'in', unitIds)
      .execute(),
    db
      .selectFrom('equipment_kinds')
      .select(['id', 'name_de', 'name_en'])
      .where('municipality_id', '=', municipalityId)
      .execute(),
    db
      .selectFrom('equipment_items')
      .select(['unit_id', 'equipment_kind_id', 'status'])
      .where('municipality_id', '=', municipalityId)
      .where('unit_id', 'in', unitIds)
      .execute(),
  ]);
  const equipmentById = new Map(
    equipmentNames.map((kind) => [kind.id, { id: kind.id, nameDe: kind.name_de, nameEn: kind.name_en }]),
  );
  const needs = new Map<string, string[]>();
  for (const row of requirements)
    needs.set(row.service_id, [...(needs.get(row.service_id) ?? []), row.equipment_kind_id]);
  const online = new Map(services.map((service) => [service.id, existsOnline(service.online_available)]));
  const collator = new Intl.Collator('de');
  const candidates = services
    .map((service) => ({
      id: service.id,
      nameDe: service.name_de,
      nameEn: service.name_en,
      typicalMinutes: service.typical_minutes,
      requiredEquipment: needs.get(service.id) ?? [],
      onlineOnly: service.presence === 'not_required',
      readiness: {
        released: service.released,
        efileLive: service.efile_live,
        processReviewed: service.process_reviewed,
      },
    }))
    .sort((a, b) => collator.compare(a.nameDe, b.nameDe));
  for (const unitId of unitIds) {
    const equipment = equipmentActuallyOnBoard(
      onBoard.filter((row) => row.unit_id === unitId).map((row) => row.equipment_kind_id),
      items
        .filter((item) => item.unit_id === unitId)
        .map((item) => ({ kind: item.equipment_kind_id, status: item.status })),
    );
    const offer = computeServiceOffer(candidates, equipment);
    offers.set(unitId, {
      offered: offer.offered.map(({ id, nameDe, nameEn, typicalMinutes }) => ({
        id,
        nameDe,
        nameEn,
        typicalMinutes,
        existsOnline: online.get(id) ?? false,
      })),
      unavailable: offer.unavailable.map(({ service, reasons }) => ({
        id: service.id,
        nameDe: service.nameDe,
        nameEn: service.nameEn,
        onlineOnly: reasons.some((reason) => reason.kind === 'online_only'),
        missingEquipment: reasons.flatMap((reason) =>
          reason.kind === 'missing_equipment'
            ? reason.missingEquipment.map((id) => equipmentById.get(id) ?? { id, nameDe: id, nameEn: id })
            : [],
        ),
        reasons: reasons.map((reason) => reason.kind),
      })),
    });
  }
  return offers;
}

/** The process's cache of the offers, valid while the municipality's offer version stays (migration 043). */
export const serviceOfferCache = new ServiceOfferCache(computeServiceOfferByUnit);

/**
 * Which services each unit can offer (and which not, and why), as of the municipality's current offer
 * version: a change to equipment, units, services or the catalogue shows at once, in every process. The
 * result is shared and frozen.
 */
export const serviceOfferByUnit = (
  db: Kysely<Database>,
  municipalityId: string,
  unitIds: string[],
  /** The offer version already read by the caller (see `ServiceOfferCache.offers`). */
  knownVersion?: string | null,
): Promise<Map<string, Readonly<UnitServiceOffer>>> =>
  serviceOfferCache.offers(db, municipalityId, unitIds, knownVersion);

export async function listStops(
  db: Kysely<Database>,
  municipalityId: string,
  filter: StopFilter = {},
): Promise<StopView[]> {
  let query = db
    .selectFrom('stops as s')
    .innerJoin('sites as site', (join) =>
      join.onRef('site.municipality_id', '=', 's.municipality_id').onRef('site.id', '=', 's.site_id'),
    )
    .innerJoin('units as u', (join) =>
      join.onRef('u.municipality_id', '=', 's.municipality_id').onRef('u.id', '=', 's.unit_id'),
    )
    .leftJoin('districts as d', (join) =>
      join.onRef('d.municipality_id', '=', 's.municipality_id').onRef('d.id', '=', 'site.district_id'),
    )
    .select([
      's.id',
      's.status',
      's.cancel_reason',
      's.local_date',
      's.starts_at',
      's.ends_at',
      's.setup_minutes',
      's.teardown_minutes',
      's.counters',
      's.slot_minutes',
      's.schedule_id',
      's.unit_id',
      'site.id as site_id',
      'site.name as site_name',
      'site.address as site_address',
      'site.district_id',
      'site.lat',
      'site.lon',
      'site.accessibility',
      'site.accessibility_translations',
      'd.name as district_name',
      'd.parent_id as district_parent_id',
      'u.name as unit_name',
      'u.kind as unit_kind',
    ])
    .where('s.municipality_id', '=', municipalityId)
    .orderBy('s.starts_at')
    .orderBy('s.id');
  if (!filter.includeCancelled) query = query.where('s.status', '<>', 'cancelled');
  if (filter.from) query = query.where('s.ends_at', '>', filter.from);
  if (filter.to) query = query.where('s.starts_at', '<', filter.to);
  if (filter.siteId) query = query.where('s.site_id', '=', filter.siteId);
  if (filter.districtId) {
    const districtId = filter.districtId;
    // A Stadtteil includes its quarters (the Kernstadt includes Innenstadt, Kattenstroth, …).
    query = query.where((eb) =>
      eb.or([eb('site.district_id', '=', districtId), eb('d.parent_id', '=', districtId)]),
    );
  }
  if (filter.stopIds)
    query = query.where(
      's.id',
      'in',
      filter.stopIds.length ? filter.stopIds : ['00000000-0000-0000-0000-000000000000'],
    );
  if (filter.limit) query = query.limit(filter.limit);
  const rows = await query.execute();
  const offers = await serviceOfferByUnit(db, municipalityId, [...new Set(rows.map((row) => row.unit_id))]);
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    cancelReason: row.cancel_reason,
    date: row.local_date,
    startsAt: new Date(row.starts_at).toISOString(),
    endsAt: new Date(row.ends_at).toISOString(),
    setupMinutes: row.setup_minutes,
    teardownMinutes: row.teardown_minutes,
    counters: row.counters,
    slotMinutes: row.slot_minutes,
    scheduleId: row.schedule_id,
    site: {
      id: row.site_id,
      name: row.site_name,
      address: row.site_address,
      districtId: row.district_id,
      districtName: row.district_name,
      lat: row.lat,
      lon: row.lon,
      accessibility: row.accessibility,
      accessibilityTranslations: row.accessibility_translations,
    },
    unit: { id: row.unit_id, name: row.unit_name, kind: row.unit_kind },
    services: offers.get(row.unit_id)?.offered ?? [],
    unavailableServices: offers.get(row.unit_id)?.unavailable ?? [],
  }));
}

export async function findStop(db: Kysely<Database>, municipalityId: string, stopId: string) {
  const [stop] = await listStops(db, municipalityId, { stopIds: [stopId], includeCancelled: true });
  return stop;
}
