import type { Kysely } from 'kysely';
import type { Confidence, Database } from '../../db/schema.ts';
import type { StaffRole } from '../../db/staffSchema.ts';

export interface DepartmentServiceView {
  id: string;
  nameDe: string;
  nameEn: string;
  released: boolean;
  efileLive: boolean;
  efileLiveSince: string | null;
  processReviewed: boolean;
  requiredEquipment: string[];
}

export interface DemandEstimateView {
  id: string;
  serviceId: string;
  districtId: string;
  contactsPerMonth: number;
  comment: string | null;
  submittedAt: string;
}

export interface DepartmentView {
  id: string;
  nameDe: string;
  nameEn: string;
  note: string | null;
  confidence: Confidence;
  sources: string[];
  services: DepartmentServiceView[];
  /** The latest estimate per service and district. */
  demandEstimates: DemandEstimateView[];
}

/**
 * The departments a staff member may act for: every department for admins and planners (undefined), the own
 * ones for a department lead, none for anybody else.
 */
export async function departmentScope(
  db: Kysely<Database>,
  staff: { municipalityId: string; userId: string; role: StaffRole },
): Promise<string[] | undefined> {
  if (staff.role === 'admin' || staff.role === 'planner') return undefined;
  if (staff.role !== 'department') return [];
  const rows = await db
    .selectFrom('staff_user_departments')
    .select('department_id')
    .where('municipality_id', '=', staff.municipalityId)
    .where('user_id', '=', staff.userId)
    .execute();
  return rows.map((row) => row.department_id);
}

/** Departments with their services, releases, gates and latest demand estimates; `scope` limits them. */
export async function listDepartments(
  db: Kysely<Database>,
  municipalityId: string,
  scope: string[] | undefined,
): Promise<DepartmentView[]> {
  if (scope && scope.length === 0) return [];
  let departmentsQuery = db
    .selectFrom('departments')
    .selectAll()
    .where('municipality_id', '=', municipalityId);
  if (scope) departmentsQuery = departmentsQuery.where('id', 'in', scope);
  const [departments, services, needs, estimates] = await Promise.all([
    departmentsQuery.execute(),
    db
      .selectFrom('services')
      .select([
        'id',
        'name_de',
        'name_en',
        'department_id',
        'released',
        'efile_live',
        'efile_live_since',
        'process_reviewed',
      ])
      .where('municipality_id', '=', municipalityId)
      .where('department_id', 'is not', null)
      .execute(),
    db
      .selectFrom('service_equipment')
      .select(['service_id', 'equipment_kind_id'])
      .where('municipality_id', '=', municipalityId)
      .orderBy('equipment_kind_id')
      .execute(),
    db
      .selectFrom('demand_estimates')
      .selectAll()
      .where('municipality_id', '=', municipalityId)
      .orderBy('submitted_at', 'desc')
      .execute(),
  ]);
  const collator = new Intl.Collator('de');
  return departments
    .map((department) => {
      const latest = new Map<string, DemandEstimateView>();
      for (const row of estimates.filter((estimate) => estimate.department_id === department.id)) {
        const key = `${row.service_id}|${row.district_id}`;
        if (latest.has(key)) continue;
        latest.set(key, {
          id: row.id,
          serviceId: row.service_id,
          districtId: row.district_id,
          contactsPerMonth: row.contacts_per_month,
          comment: row.comment,
          submittedAt: new Date(row.submitted_at).toISOString(),
        });
      }
      return {
        id: department.id,
        nameDe: department.name_de,
        nameEn: department.name_en,
        note: department.note,
        confidence: department.confidence,
        sources: department.sources,
        services: services
          .filter((service) => service.department_id === department.id)
          .map((service) => ({
            id: service.id,
            nameDe: service.name_de,
            nameEn: service.name_en,
            released: service.released,
            efileLive: service.efile_live,
            efileLiveSince: service.efile_live_since,
            processReviewed: service.process_reviewed,
            requiredEquipment: needs
              .filter((need) => need.service_id === service.id)
              .map((need) => need.equipment_kind_id),
          }))
          .sort((a, b) => collator.compare(a.nameDe, b.nameDe)),
        demandEstimates: [...latest.values()],
      };
    })
    .sort((a, b) => collator.compare(a.nameDe, b.nameDe));
}
