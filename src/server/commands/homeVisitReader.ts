import type { Kysely } from 'kysely';
import type { AppConfig } from '../../config.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Database, HomeVisitAvailability, HomeVisitStatus } from '../../db/schema.ts';
import { withStaffTables } from '../../db/staffSchema.ts';
import { recordAudit, staffActor } from '../audit.ts';
import type { StaffRole } from '../auth/roles.ts';
import { unsealHomeVisit, type HomeVisitPersonal } from '../homeVisits/homeVisitSeal.ts';

export interface HomeVisitView {
  id: string;
  status: HomeVisitStatus;
  visitFor: string;
  serviceIds: string[];
  districtId: string;
  availability: HomeVisitAvailability[];
  requesterName: string | null;
  requesterEmail: string | null;
  consentText: string | null;
  createdAt: string;
  serviceMinutes: number | null;
  decisionReason: string | null;
  dayId: string | null;
  routePosition: number | null;
  /** The unsealed personal part; null once deleted after the retention period. */
  personal: HomeVisitPersonal | null;
}

type Reader = { municipalityId: string; userId: string; role: StaffRole };

/**
 * Home visits with their sealed personal part opened, for the coordinator (planner or admin) or, for the
 * visits of one day, for the two staff members assigned to it. Every opening is audited, with its purpose.
 */
export async function readHomeVisits(
  db: Kysely<Database>,
  config: Pick<AppConfig, 'documents' | 'dataDir' | 'nodeEnv'>,
  reader: Reader,
  filter: { status?: HomeVisitStatus[]; dayId?: string; purpose?: 'door_pass' },
): Promise<HomeVisitView[]> {
  const coordinator = reader.role === 'admin' || reader.role === 'planner';
  if (!coordinator) {
    // Staff only see the visits of a day they are assigned to.
    if (!filter.dayId)
      throw new DomainError('role_not_allowed', { message: 'only the coordinator lists visits' });
    const member = await withStaffTables(db)
      .selectFrom('staff_members')
      .select('id')
      .where('municipality_id', '=', reader.municipalityId)
      .where('staff_user_id', '=', reader.userId)
      .executeTakeFirst();
    const day = await db
      .selectFrom('home_visit_days')
      .select('staff_member_ids')
      .where('municipality_id', '=', reader.municipalityId)
      .where('id', '=', filter.dayId)
      .executeTakeFirst();
    if (!member || !day || !day.staff_member_ids.includes(member.id))
      throw new DomainError('not_found', { field: 'dayId', message: 'no such day of yours' });
  }
  let query = db
    .selectFrom('home_visits')
    .selectAll()
    .where('municipality_id', '=', reader.municipalityId)
    .orderBy('route_position')
    .orderBy('created_at');
  if (filter.status?.length) query = query.where('status', 'in', filter.status);
  if (filter.dayId) query = query.where('day_id', '=', filter.dayId);
  const rows = await query.limit(200).execute();
  const views: HomeVisitView[] = [];
  for (const row of rows) {
    views.push({
      id: row.id,
      status: row.status,
      visitFor: row.visit_for,
      serviceIds: row.service_ids,
      districtId: row.district_id,
      availability: (typeof row.availability === 'string'
        ? JSON.parse(row.availability)
        : row.availability) as HomeVisitAvailability[],
      requesterName: row.requester_name,
      requesterEmail: row.requester_email,
      consentText: row.consent_text,
      createdAt: new Date(row.created_at).toISOString(),
      serviceMinutes: row.service_minutes,
      decisionReason: row.decision_reason,
      dayId: row.day_id,
      routePosition: row.route_position,
      personal: await unsealHomeVisit(config, reader.municipalityId, row.id, row),
    });
  }
  if (views.length > 0)
    await recordAudit(db, {
      municipalityId: reader.municipalityId,
      actor: staffActor(reader.userId),
      action: 'home_visit.personal_data_read',
      subjectType: 'home_visit',
      subjectId: views.length === 1 ? views[0]!.id : null,
      details: {
        purpose: filter.purpose ?? (filter.dayId ? 'route_sheet' : 'triage'),
        homeVisitIds: views.map((view) => view.id),
      },
    });
  return views;
}
