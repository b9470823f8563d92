import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { addDays, daysBetween, zonedInstant, type LocalDate } from '../../domain/time.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Database, RosterAssignmentSource } from '../../db/schema.ts';
import { crewSizeFor, type RosterStaffMember, type RosterStop } from '../../planning/roster/rules.ts';
import { serviceOfferByUnit } from './stopQueries.ts';

/** The longest period one proposal covers. */
export const MAX_ROSTER_DAYS = 12 * 7;

export function checkRosterPeriod(from: LocalDate, to: LocalDate): void {
  if (to < from)
    throw new DomainError('invalid_range', { field: 'to', message: 'The period ends before it starts.' });
  if (daysBetween(from, to) + 1 > MAX_ROSTER_DAYS)
    throw new DomainError('horizon_too_long', {
      field: 'to',
      message: `A roster covers at most ${MAX_ROSTER_DAYS} days.`,
    });
}

export interface RosterStopView {
  stopId: string;
  date: string;
  startsAt: string;
  endsAt: string;
  status: string;
  siteName: string;
  districtName: string | null;
  unitId: string;
  unitName: string;
  unitKind: 'van' | 'kit';
  crewSize: number;
  requiredServices: { id: string; nameDe: string; nameEn: string }[];
  staff: { id: string; name: string; source: RosterAssignmentSource }[];
}

export interface LoadedRosterStop {
  rule: RosterStop;
  view: RosterStopView;
}

const berlinMinutes = (instant: Date) => {
  const local = DateTime.fromJSDate(instant, { zone: 'Europe/Berlin' });
  return local.hour * 60 + local.minute;
};

/** Stops to staff (scheduled or open) between two local dates, with their rules' view and the current crews. */
export async function loadRosterStops(
  db: Kysely<Database>,
  municipalityId: string,
  period: { from: LocalDate; to: LocalDate } | { stopIds: string[] },
  options: { includeClosed?: boolean } = {},
): Promise<LoadedRosterStop[]> {
  let query = db
    .selectFrom('stops as s')
    .innerJoin('sites as site', (join) =>
      join.onRef('site.municipality_id', '=', 's.municipality_id').onRef('site.id', '=', 's.site_id'),
    )
    .innerJoin('units as u', (join) =>
      join.onRef('u.municipality_id', '=', 's.municipality_id').onRef('u.id', '=', 's.unit_id'),
    )
    .leftJoin('districts as d', (join) =>
      join.onRef('d.municipality_id', '=', 'site.municipality_id').onRef('d.id', '=', 'site.district_id'),
    )
    .select([
      's.id',
      's.local_date',
      's.starts_at',
      's.ends_at',
      's.occupied_from',
      's.occupied_until',
      's.status',
      'site.name as site_name',
      'site.district_id',
      'd.name as district_name',
      'u.id as unit_id',
      'u.name as unit_name',
      'u.kind as unit_kind',
    ])
    .where('s.municipality_id', '=', municipalityId)
    .orderBy('s.starts_at')
    .orderBy('u.id');
  if ('stopIds' in period) {
    if (period.stopIds.length === 0) return [];
    query = query.where('s.id', 'in', period.stopIds);
  } else {
    query = query
      .where('s.starts_at', '>=', new Date(zonedInstant(period.from, '00:00')))
      .where('s.starts_at', '<', new Date(zonedInstant(addDays(period.to, 1), '00:00')));
  }
  if (!options.includeClosed) query = query.where('s.status', 'in', ['scheduled', 'open']);
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const [offers, assignments] = await Promise.all([
    serviceOfferByUnit(db, municipalityId, [...new Set(rows.map((row) => row.unit_id))]),
    db
      .selectFrom('roster_assignments as a')
      .innerJoin('staff_members as m', 'm.id', 'a.staff_member_id')
      .select(['a.stop_id', 'a.staff_member_id', 'a.source', 'm.name'])
      .where('a.municipality_id', '=', municipalityId)
      .where(
        'a.stop_id',
        'in',
        rows.map((row) => row.id),
      )
      .execute(),
  ]);
  const collator = new Intl.Collator('de');
  return rows.map((row) => {
    const services = offers.get(row.unit_id)?.offered ?? [];
    const crewSize = crewSizeFor(row.unit_kind);
    return {
      rule: {
        id: row.id,
        date: row.local_date,
        from: row.occupied_from.getTime(),
        until: row.occupied_until.getTime(),
        startMinute: berlinMinutes(row.starts_at),
        districtId: row.district_id,
        crewSize,
        requiredServices: services.map((service) => service.id),
      },
      view: {
        stopId: row.id,
        date: row.local_date,
        startsAt: row.starts_at.toISOString(),
        endsAt: row.ends_at.toISOString(),
        status: row.status,
        siteName: row.site_name,
        districtName: row.district_name,
        unitId: row.unit_id,
        unitName: row.unit_name,
        unitKind: row.unit_kind,
        crewSize,
        requiredServices: services.map(({ id, nameDe, nameEn }) => ({ id, nameDe, nameEn })),
        staff: assignments
          .filter((assignment) => assignment.stop_id === row.id)
          .map((assignment) => ({
            id: assignment.staff_member_id,
            name: assignment.name,
            source: assignment.source,
          }))
          .sort((a, b) => collator.compare(a.name, b.name)),
      },
    };
  });
}

export interface LoadedStaffMember {
  rule: RosterStaffMember;
  name: string;
  active: boolean;
  staffUserId: string | null;
  earliestStart: string | null;
}

/** Staff members with qualifications and leave, sorted by name (German collation). */
export async function loadStaffMembers(
  db: Kysely<Database>,
  municipalityId: string,
  options: { ids?: string[]; activeOnly?: boolean } = {},
): Promise<LoadedStaffMember[]> {
  if (options.ids && options.ids.length === 0) return [];
  let query = db.selectFrom('staff_members').selectAll().where('municipality_id', '=', municipalityId);
  if (options.ids) query = query.where('id', 'in', options.ids);
  if (options.activeOnly) query = query.where('active', '=', true);
  const members = await query.execute();
  if (members.length === 0) return [];
  const ids = members.map((member) => member.id);
  const [qualifications, leave] = await Promise.all([
    db
      .selectFrom('staff_member_qualifications')
      .select(['staff_member_id', 'service_id'])
      .where('municipality_id', '=', municipalityId)
      .where('staff_member_id', 'in', ids)
      .orderBy('service_id')
      .execute(),
    db
      .selectFrom('staff_member_leave')
      .select(['staff_member_id', 'first_day', 'last_day'])
      .where('municipality_id', '=', municipalityId)
      .where('staff_member_id', 'in', ids)
      .orderBy('first_day')
      .execute(),
  ]);
  const collator = new Intl.Collator('de');
  return members
    .map((member) => ({
      name: member.name,
      active: member.active,
      staffUserId: member.staff_user_id,
      earliestStart: member.earliest_start,
      rule: {
        id: member.id,
        qualifications: qualifications
          .filter((row) => row.staff_member_id === member.id)
          .map((row) => row.service_id),
        sharePercent: member.share_percent,
        leave: leave
          .filter((row) => row.staff_member_id === member.id)
          .map((row) => ({ firstDay: row.first_day, lastDay: row.last_day })),
        mobileWorkingDays: member.mobile_working_days.map(Number),
        preferredDistrictIds: member.preferred_district_ids,
        earliestStartMinute: member.earliest_start
          ? Number(member.earliest_start.slice(0, 2)) * 60 + Number(member.earliest_start.slice(3, 5))
          : null,
      },
    }))
    .sort((a, b) => collator.compare(a.name, b.name));
}
