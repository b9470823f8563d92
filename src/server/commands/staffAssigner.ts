import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import { addDays } from '../../domain/time.ts';
import type { Database } from '../../db/schema.ts';
import { checkTeam, type TeamViolation } from '../../planning/roster/rules.ts';
import { recordAudit } from '../audit.ts';
import { notFound } from '../problem.ts';
import { loadRosterStops, loadStaffMembers, type RosterStopView } from '../queries/rosterQueries.ts';

function violationError(violation: TeamViolation, ids: readonly string[]): DomainError {
  switch (violation.kind) {
    case 'unavailable':
      return new DomainError('staff_unavailable', {
        field: `staffMemberIds[${violation.index}]`,
        message: `Staff member ${ids[violation.index]} is not available that day (${violation.reason}).`,
        details: { staffMemberId: violation.memberId, reason: violation.reason },
      });
    case 'busy':
      return new DomainError('staff_busy', {
        field: `staffMemberIds[${violation.index}]`,
        message: `Staff member ${violation.memberId} works at another stop at that time.`,
        details: { staffMemberId: violation.memberId, otherStopId: violation.otherStopId },
      });
    case 'over_share':
      return new DomainError('staff_over_share', {
        field: `staffMemberIds[${violation.index}]`,
        message: `Staff member ${violation.memberId} would work ${violation.minutes} of ${violation.allowed} minutes in ${violation.week}.`,
        details: {
          staffMemberId: violation.memberId,
          week: violation.week,
          minutes: violation.minutes,
          allowedMinutes: violation.allowed,
        },
      });
    case 'crew_too_small':
    case 'crew_size':
      return new DomainError('crew_too_small', {
        field: 'staffMemberIds',
        message: `The stop needs ${violation.needed} people.`,
        details: { needed: violation.needed, given: violation.given },
      });
    case 'missing_qualification':
      return new DomainError('missing_qualification', {
        field: 'staffMemberIds',
        message: `Nobody in the crew may handle "${violation.serviceId}".`,
        details: { serviceId: violation.serviceId },
      });
  }
}

/**
 * A planner's override: sets the crew of one stop, checked by the roster's rules (planning/roster/rules.ts)
 * against everyone's other assignments. The first violation is answered, naming the field.
 */
export async function assignStaffToStop(
  db: Kysely<Database>,
  props: { municipalityId: string; actor: string; stopId: string; staffMemberIds: string[] },
): Promise<RosterStopView> {
  await db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('stops')
      .select(['id', 'status'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.stopId)
      .forUpdate()
      .executeTakeFirst();
    if (!locked) throw notFound('stop', 'stopId', props.stopId);
    if (locked.status !== 'scheduled' && locked.status !== 'open')
      throw new DomainError('stop_not_changeable', {
        field: 'stopId',
        message: `A ${locked.status} stop gets no crew.`,
      });
    const [stop] = await loadRosterStops(trx, props.municipalityId, { stopIds: [props.stopId] });
    const members = await loadStaffMembers(trx, props.municipalityId, { ids: props.staffMemberIds });
    const byId = new Map(members.map((member) => [member.rule.id, member]));
    const unknown = props.staffMemberIds.findIndex((id) => !byId.get(id)?.active);
    if (unknown >= 0)
      throw new DomainError('unknown_staff_member', {
        field: `staffMemberIds[${unknown}]`,
        message: `There is no active staff member ${props.staffMemberIds[unknown]}.`,
      });
    // Everything else these people do in the stop's week (and a day around it for overlaps).
    const week = await trx
      .selectFrom('roster_assignments as a')
      .innerJoin('stops as s', 's.id', 'a.stop_id')
      .select(['a.stop_id'])
      .where('a.municipality_id', '=', props.municipalityId)
      .where('a.staff_member_id', 'in', props.staffMemberIds.length > 0 ? props.staffMemberIds : [''])
      .where('a.stop_id', '<>', props.stopId)
      .where('s.local_date', '>=', addDays(stop!.rule.date, -7))
      .where('s.local_date', '<=', addDays(stop!.rule.date, 7))
      .where('s.status', '<>', 'cancelled')
      .execute();
    const otherStops = await loadRosterStops(
      trx,
      props.municipalityId,
      { stopIds: [...new Set(week.map((row) => row.stop_id))] },
      { includeClosed: true },
    );
    const others = otherStops.flatMap((other) =>
      other.view.staff
        .filter((person) => props.staffMemberIds.includes(person.id))
        .map((person) => ({ memberId: person.id, stop: other.rule })),
    );
    const violations = checkTeam(
      stop!.rule,
      props.staffMemberIds.map((id) => byId.get(id)!.rule),
      others,
    );
    if (violations.length > 0) throw violationError(violations[0]!, props.staffMemberIds);
    await trx
      .deleteFrom('roster_assignments')
      .where('municipality_id', '=', props.municipalityId)
      .where('stop_id', '=', props.stopId)
      .execute();
    await trx
      .insertInto('roster_assignments')
      .values(
        props.staffMemberIds.map((staffMemberId) => ({
          municipality_id: props.municipalityId,
          stop_id: props.stopId,
          staff_member_id: staffMemberId,
          source: 'override' as const,
        })),
      )
      .execute();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'roster.assigned',
      subjectType: 'stop',
      subjectId: props.stopId,
      details: { staffMemberIds: props.staffMemberIds },
    });
  });
  const [view] = await loadRosterStops(
    db,
    props.municipalityId,
    { stopIds: [props.stopId] },
    { includeClosed: true },
  );
  return view!.view;
}
