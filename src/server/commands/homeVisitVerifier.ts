import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import { localDateOf, localMinuteOfDay } from '../../domain/time.ts';
import { timeOf } from '../../domain/homeVisits.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { hashToken } from '../secrets.ts';

/** A code stays valid until this long after the promised window (the visit may run late). */
export const VERIFY_GRACE_MINUTES = 120;

export interface VerifiedVisit {
  staffNames: [string, string];
  date: string;
  from: string;
  until: string;
}

/**
 * The citizen checks who is at the door (verifyStaffVisit): for a planned visit's code, until two hours after
 * its window, the two staff members' names, the day and the window. Nothing else: no address, no service.
 * A wrong, unknown, cancelled or expired code gets one and the same answer, `visit_code_invalid`.
 */
export async function verifyStaffVisit(
  db: Kysely<Database>,
  props: { municipalityId: string; code: string; now: Date },
): Promise<VerifiedVisit> {
  const normalised = props.code.trim().toUpperCase().replace(/\s+/g, '');
  const code = /^[A-Z0-9]{8}$/.test(normalised)
    ? `${normalised.slice(0, 4)}-${normalised.slice(4)}`
    : normalised;
  const invalid = () => new DomainError('visit_code_invalid', { field: 'code' });
  if (!/^[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(code)) throw invalid();
  const visit = await db
    .selectFrom('home_visits')
    .innerJoin('home_visit_days', 'home_visit_days.id', 'home_visits.day_id')
    .select([
      'home_visits.id',
      'home_visits.window_start',
      'home_visits.window_end',
      'home_visits.status',
      'home_visit_days.staff_member_ids',
    ])
    .where('home_visits.municipality_id', '=', props.municipalityId)
    .where('home_visits.verification_code_hash', '=', hashToken(code))
    .executeTakeFirst();
  if (
    !visit ||
    visit.status !== 'planned' ||
    !visit.window_start ||
    !visit.window_end ||
    new Date(visit.window_end).getTime() + VERIFY_GRACE_MINUTES * 60_000 < props.now.getTime()
  )
    throw invalid();
  const staff = await db
    .selectFrom('staff_members')
    .select(['id', 'name'])
    .where('municipality_id', '=', props.municipalityId)
    .where('id', 'in', visit.staff_member_ids)
    .execute();
  const names = visit.staff_member_ids.map((id) => staff.find((row) => row.id === id)?.name ?? '');
  const start = new Date(visit.window_start).getTime();
  const end = new Date(visit.window_end).getTime();
  await recordAudit(db, {
    municipalityId: props.municipalityId,
    actor: 'citizen',
    action: 'home_visit.staff_verified',
    subjectType: 'home_visit',
    subjectId: visit.id,
  });
  return {
    staffNames: [names[0]!, names[1]!],
    date: localDateOf(start),
    from: timeOf(localMinuteOfDay(start)),
    until: timeOf(localMinuteOfDay(end)),
  };
}
