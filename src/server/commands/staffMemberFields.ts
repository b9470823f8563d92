import type { Transaction } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import { assertLocalDate } from '../../domain/time.ts';
import type { Database } from '../../db/schema.ts';
import type { StaffDatabase } from '../../db/staffSchema.ts';
import { pgConstraint, pgErrorCode, pgErrorCodes } from '../dbErrors.ts';

export interface LeavePeriod {
  firstDay: string;
  lastDay: string;
}

/** The fields a planner edits on a staff member (create and update share them). */
export interface StaffMemberFields {
  name: string;
  staffUserId: string | null;
  qualifications: string[];
  sharePercent: number;
  leave: LeavePeriod[];
  mobileWorkingDays: number[];
  preferredDistrictIds: string[];
  earliestStart: string | null;
  active: boolean;
}

/** Leave periods must be ordered (first ≤ last) and must not overlap: the later one of a pair is named. */
export function checkLeave(leave: readonly LeavePeriod[]): void {
  leave.forEach((period, index) => {
    assertLocalDate(period.firstDay, `leave[${index}].firstDay`);
    assertLocalDate(period.lastDay, `leave[${index}].lastDay`);
    if (period.lastDay < period.firstDay)
      throw new DomainError('invalid_range', {
        field: `leave[${index}].lastDay`,
        message: 'The last day of leave lies before its first day.',
      });
  });
  for (let i = 0; i < leave.length; i++)
    for (let j = 0; j < i; j++) {
      const a = leave[i]!;
      const b = leave[j]!;
      if (a.firstDay <= b.lastDay && b.firstDay <= a.lastDay)
        throw new DomainError('leave_overlap', {
          field: `leave[${i}]`,
          message: `Leave period ${i + 1} overlaps leave period ${j + 1}.`,
          details: { overlapsWith: j },
        });
    }
}

/** Checks references (account, services, districts) inside the transaction. */
export async function checkStaffMemberReferences(
  trx: Transaction<Database>,
  municipalityId: string,
  fields: Partial<StaffMemberFields>,
): Promise<void> {
  if (fields.staffUserId) {
    const user = await (trx as unknown as Transaction<StaffDatabase>)
      .selectFrom('staff_users')
      .select('id')
      .where('municipality_id', '=', municipalityId)
      .where('id', '=', fields.staffUserId)
      .executeTakeFirst();
    if (!user)
      throw new DomainError('unknown_staff_user', {
        field: 'staffUserId',
        message: 'There is no such staff account.',
      });
  }
  if (fields.qualifications && fields.qualifications.length > 0) {
    const known = new Set(
      (
        await trx
          .selectFrom('services')
          .select('id')
          .where('municipality_id', '=', municipalityId)
          .where('id', 'in', fields.qualifications)
          .execute()
      ).map((row) => row.id),
    );
    const index = fields.qualifications.findIndex((id) => !known.has(id));
    if (index >= 0)
      throw new DomainError('unknown_service', {
        field: `qualifications[${index}]`,
        message: `Unknown service "${fields.qualifications[index]}".`,
      });
  }
  if (fields.preferredDistrictIds && fields.preferredDistrictIds.length > 0) {
    const known = new Set(
      (
        await trx
          .selectFrom('districts')
          .select('id')
          .where('municipality_id', '=', municipalityId)
          .where('id', 'in', fields.preferredDistrictIds)
          .execute()
      ).map((row) => row.id),
    );
    const index = fields.preferredDistrictIds.findIndex((id) => !known.has(id));
    if (index >= 0)
      throw new DomainError('unknown_district', {
        field: `preferredDistrictIds[${index}]`,
        message: `Unknown district "${fields.preferredDistrictIds[index]}".`,
      });
  }
  if (fields.leave) checkLeave(fields.leave);
}

/** Writes qualifications and leave (replacing what was there). */
export async function writeStaffMemberLists(
  trx: Transaction<Database>,
  municipalityId: string,
  staffMemberId: string,
  fields: Partial<StaffMemberFields>,
): Promise<void> {
  if (fields.qualifications) {
    await trx
      .deleteFrom('staff_member_qualifications')
      .where('municipality_id', '=', municipalityId)
      .where('staff_member_id', '=', staffMemberId)
      .execute();
    const unique = [...new Set(fields.qualifications)];
    if (unique.length > 0)
      await trx
        .insertInto('staff_member_qualifications')
        .values(
          unique.map((serviceId) => ({
            municipality_id: municipalityId,
            staff_member_id: staffMemberId,
            service_id: serviceId,
          })),
        )
        .execute();
  }
  if (fields.leave) {
    await trx
      .deleteFrom('staff_member_leave')
      .where('municipality_id', '=', municipalityId)
      .where('staff_member_id', '=', staffMemberId)
      .execute();
    if (fields.leave.length > 0)
      await trx
        .insertInto('staff_member_leave')
        .values(
          fields.leave.map((period) => ({
            municipality_id: municipalityId,
            staff_member_id: staffMemberId,
            first_day: period.firstDay,
            last_day: period.lastDay,
          })),
        )
        .execute();
  }
}

/** Turns the database's guarantees into problems naming the field. */
export function staffMemberConstraintError(error: unknown): never {
  const code = pgErrorCode(error);
  const constraint = pgConstraint(error);
  if (code === pgErrorCodes.uniqueViolation && constraint === 'staff_members_one_per_user')
    throw new DomainError('staff_user_taken', {
      field: 'staffUserId',
      message: 'This staff account belongs to another staff member already.',
    });
  if (code === pgErrorCodes.exclusionViolation && constraint === 'staff_member_leave_no_overlap')
    throw new DomainError('leave_overlap', { field: 'leave', message: 'Leave periods overlap.' });
  throw error;
}
