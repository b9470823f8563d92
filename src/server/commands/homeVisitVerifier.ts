import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import { localDateOf, localMinuteOfDay } from '../../domain/time.ts';
import { timeOf } from '../../domain/homeVisits.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { openVisitPass } from '../homeVisits/visitPass.ts';
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
 * The citizen checks who is at the door (verifyStaffVisit), either with the code from the confirmation (valid
 * until two hours after the window) or with the signed pass from the staff's tablet (valid until the window's
 * end, see visitPass.ts): the two staff members' names, the day and the window. Nothing else: no address, no
 * service. A wrong, unknown, tampered, cancelled or expired code or pass gets one and the same answer,
 * `visit_code_invalid`.
 */
export async function verifyStaffVisit(
  db: Kysely<Database>,
  props: { municipalityId: string; now: Date } & (
    { code: string; pass?: undefined } | { pass: string; passSecret: string; code?: undefined }
  ),
): Promise<VerifiedVisit> {
  const invalid = () => new DomainError('visit_code_invalid', { field: 'code' });
  let query = db
    .selectFrom('home_visits')
    .innerJoin('home_visit_days', 'home_visit_days.id', 'home_visits.day_id')
    .select([
      'home_visits.id',
      'home_visits.window_start',
      'home_visits.window_end',
      'home_visits.status',
      'home_visit_days.staff_member_ids',
    ])
    .where('home_visits.municipality_id', '=', props.municipalityId);
  let validUntil: (windowEnd: number) => number;
  if (props.pass !== undefined) {
    const pass = openVisitPass(props.passSecret, props.municipalityId, props.pass, props.now);
    if (!pass) throw invalid();
    query = query.where('home_visits.id', '=', pass.visitId);
    // A pass is for the window it was signed for: re-planned to another hour, the visit voids it.
    validUntil = (windowEnd) =>
      Math.floor(windowEnd / 1000) === pass.expiresAt.getTime() / 1000 ? windowEnd : -Infinity;
  } else {
    const normalised = props.code.trim().toUpperCase().replace(/\s+/g, '');
    const code = /^[A-Z0-9]{8}$/.test(normalised)
      ? `${normalised.slice(0, 4)}-${normalised.slice(4)}`
      : normalised;
    if (!/^[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(code)) throw invalid();
    query = query.where('home_visits.verification_code_hash', '=', hashToken(code));
    validUntil = (windowEnd) => windowEnd + VERIFY_GRACE_MINUTES * 60_000;
  }
  const visit = await query.executeTakeFirst();
  if (
    !visit ||
    visit.status !== 'planned' ||
    !visit.window_start ||
    !visit.window_end ||
    validUntil(new Date(visit.window_end).getTime()) < props.now.getTime()
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
    details: { by: props.pass !== undefined ? 'pass' : 'code' },
  });
  return {
    staffNames: [names[0]!, names[1]!],
    date: localDateOf(start),
    from: timeOf(localMinuteOfDay(start)),
    until: timeOf(localMinuteOfDay(end)),
  };
}
