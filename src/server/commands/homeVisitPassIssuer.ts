import type { Kysely } from 'kysely';
import type { AppConfig } from '../../config.ts';
import { timeOf } from '../../domain/homeVisits.ts';
import { localDateOf, localMinuteOfDay } from '../../domain/time.ts';
import type { Database } from '../../db/schema.ts';
import { withStaffTables } from '../../db/staffSchema.ts';
import type { StaffRole } from '../auth/roles.ts';
import { signVisitPass, visitPassUrl } from '../homeVisits/visitPass.ts';
import { readHomeVisits } from './homeVisitReader.ts';

/** Why the addresses are read (kept in the audit trail): the passes shown at the door. */
const readForDoorPasses = 'door_pass';

export interface DoorPassVisit {
  homeVisitId: string;
  position: number;
  from: string;
  until: string;
  personName: string;
  street: string;
  postcode: string;
  city: string;
  addressNote: string;
  /** The signed pass for the QR code; null once the window is over or the visit is no longer planned. */
  pass: { token: string; url: string; expiresAt: string } | null;
}

export interface DoorPassDay {
  dayId: string;
  date: string;
  staffNames: string[];
  visits: DoorPassVisit[];
}

/**
 * The passes for the staff's tablet (listHomeVisitPasses): today's planned home visits of the days the signed-in
 * person is one of the two staff of, each with a pass signed for its window (visitPass.ts). Nobody else gets a
 * pass, the coordinator included: only who stands at the door shows it. The tablet keeps the list for the day,
 * encrypted, so the QR codes show offline too; opening the sealed addresses is audited as `door_pass`.
 */
export async function issueHomeVisitPasses(
  db: Kysely<Database>,
  config: Pick<AppConfig, 'documents' | 'dataDir' | 'nodeEnv' | 'homeVisitPassSecret'>,
  props: {
    municipalityId: string;
    userId: string;
    role: StaffRole;
    publicBaseUrl: string;
    now: Date;
  },
): Promise<{ date: string; days: DoorPassDay[] }> {
  const date = localDateOf(props.now.getTime());
  const member = await withStaffTables(db)
    .selectFrom('staff_members')
    .select('id')
    .where('municipality_id', '=', props.municipalityId)
    .where('staff_user_id', '=', props.userId)
    .executeTakeFirst();
  if (!member) return { date, days: [] };
  const days = (
    await db
      .selectFrom('home_visit_days')
      .select(['id', 'staff_member_ids'])
      .where('municipality_id', '=', props.municipalityId)
      .where('visit_date', '=', date)
      .orderBy('created_at')
      .execute()
  ).filter((day) => day.staff_member_ids.includes(member.id));
  const result: DoorPassDay[] = [];
  for (const day of days) {
    const names = await db
      .selectFrom('staff_members')
      .select(['id', 'name'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', 'in', day.staff_member_ids)
      .execute();
    const windows = await db
      .selectFrom('home_visits')
      .select(['id', 'window_start', 'window_end'])
      .where('municipality_id', '=', props.municipalityId)
      .where('day_id', '=', day.id)
      .execute();
    const views = await readHomeVisits(
      db,
      config,
      { municipalityId: props.municipalityId, userId: props.userId, role: 'clerk' },
      { dayId: day.id, purpose: readForDoorPasses },
    );
    const visits: DoorPassVisit[] = [];
    for (const view of views) {
      const window = windows.find((row) => row.id === view.id);
      if (!window?.window_start || !window.window_end || !view.personal) continue;
      const start = new Date(window.window_start).getTime();
      const end = new Date(window.window_end).getTime();
      const open = view.status === 'planned' && end >= props.now.getTime();
      const token = open
        ? signVisitPass(config.homeVisitPassSecret, props.municipalityId, {
            visitId: view.id,
            expiresAt: new Date(end),
          })
        : null;
      visits.push({
        homeVisitId: view.id,
        position: view.routePosition ?? visits.length + 1,
        from: timeOf(localMinuteOfDay(start)),
        until: timeOf(localMinuteOfDay(end)),
        personName: view.personal.personName,
        street: view.personal.street,
        postcode: view.personal.postcode,
        city: view.personal.city,
        addressNote: view.personal.addressNote,
        pass: token
          ? {
              token,
              url: visitPassUrl(props.publicBaseUrl, token),
              expiresAt: new Date(Math.floor(end / 1000) * 1000).toISOString(),
            }
          : null,
      });
    }
    result.push({
      dayId: day.id,
      date,
      staffNames: day.staff_member_ids.map((id) => names.find((row) => row.id === id)?.name ?? ''),
      visits,
    });
  }
  return { date, days: result };
}
