import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import {
  checkStaffMemberReferences,
  staffMemberConstraintError,
  writeStaffMemberLists,
  type StaffMemberFields,
} from './staffMemberFields.ts';

/** Adds a named staff member with qualifications, share, leave, days of mobile work and wishes. */
export async function createStaffMember(
  db: Kysely<Database>,
  props: { municipalityId: string; actor: string } & StaffMemberFields,
): Promise<{ id: string }> {
  try {
    return await db.transaction().execute(async (trx) => {
      await checkStaffMemberReferences(trx, props.municipalityId, props);
      const row = await trx
        .insertInto('staff_members')
        .values({
          municipality_id: props.municipalityId,
          name: props.name.trim(),
          staff_user_id: props.staffUserId,
          share_percent: props.sharePercent,
          mobile_working_days: [...new Set(props.mobileWorkingDays)].sort(),
          preferred_district_ids: [...new Set(props.preferredDistrictIds)],
          earliest_start: props.earliestStart,
          active: props.active,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeStaffMemberLists(trx, props.municipalityId, row.id, props);
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: props.actor,
        action: 'staff_member.created',
        subjectType: 'staff_member',
        subjectId: row.id,
        details: {
          sharePercent: props.sharePercent,
          qualifications: props.qualifications.length,
          linkedAccount: props.staffUserId !== null,
        },
      });
      return { id: row.id };
    });
  } catch (error) {
    return staffMemberConstraintError(error);
  }
}
