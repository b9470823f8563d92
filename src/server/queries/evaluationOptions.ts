import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface EvaluationOptions {
  sites: { id: string; name: string }[];
  /** With the reference point and area the catchment map draws (no outlines are known yet). */
  districts: {
    id: string;
    name: string;
    parentId: string | null;
    lat: number;
    lon: number;
    areaKm2: number | null;
  }[];
  units: { id: string; name: string }[];
  services: { id: string; nameDe: string; nameEn: string }[];
  testPhases: { id: string; name: string; startDate: string; endDate: string }[];
}

/**
 * What the dashboard's filters offer (the test phases for the period), and the names its tables show;
 * services within a lead's scope.
 */
export async function evaluationOptions(
  db: Kysely<Database>,
  municipalityId: string,
  serviceScope: string[] | undefined,
): Promise<EvaluationOptions> {
  const [sites, districts, units, services, testPhases] = await Promise.all([
    db
      .selectFrom('sites')
      .select(['id', 'name'])
      .where('municipality_id', '=', municipalityId)
      .orderBy('name')
      .execute(),
    db
      .selectFrom('districts')
      .select(['id', 'name', 'parent_id', 'lat', 'lon', 'area_km2'])
      .where('municipality_id', '=', municipalityId)
      .orderBy('name')
      .execute(),
    db
      .selectFrom('units')
      .select(['id', 'name'])
      .where('municipality_id', '=', municipalityId)
      .orderBy('name')
      .execute(),
    db
      .selectFrom('services')
      .select(['id', 'name_de', 'name_en'])
      .where('municipality_id', '=', municipalityId)
      .orderBy('name_de')
      .execute(),
    db
      .selectFrom('test_phases')
      .select(['id', 'name', 'start_date', 'end_date'])
      .where('municipality_id', '=', municipalityId)
      .orderBy('start_date', 'desc')
      .orderBy('created_at', 'desc')
      .execute(),
  ]);
  return {
    sites,
    districts: districts.map((district) => ({
      id: district.id,
      name: district.name,
      parentId: district.parent_id,
      lat: district.lat,
      lon: district.lon,
      areaKm2: district.area_km2,
    })),
    units,
    services: services
      .filter((service) => !serviceScope || serviceScope.includes(service.id))
      .map((service) => ({ id: service.id, nameDe: service.name_de, nameEn: service.name_en })),
    testPhases: testPhases.map((phase) => ({
      id: phase.id,
      name: phase.name,
      startDate: String(phase.start_date),
      endDate: String(phase.end_date),
    })),
  };
}

/** The services of the departments a lead acts for. */
export async function servicesOfDepartments(
  db: Kysely<Database>,
  municipalityId: string,
  departmentIds: string[],
): Promise<string[]> {
  if (departmentIds.length === 0) return [];
  const rows = await db
    .selectFrom('services')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('department_id', 'in', departmentIds)
    .execute();
  return rows.map((row) => row.id);
}
