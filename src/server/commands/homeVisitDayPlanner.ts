import type { Kysely } from 'kysely';
import type { AppConfig } from '../../config.ts';
import { DomainError, isDomainError } from '../../domain/errors.ts';
import { minuteOf, promisedWindow, timeOf, type AvailabilityWindow } from '../../domain/homeVisits.ts';
import { zonedInstant, type LocalDate, type LocalTime } from '../../domain/time.ts';
import type { Database } from '../../db/schema.ts';
import { planHomeVisitRoute, type RoutePlan, type RouteVisit } from '../../planning/homeVisitRoute.ts';
import { recordAudit, staffActor } from '../audit.ts';
import { unsealHomeVisit } from '../homeVisits/homeVisitSeal.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { homeVisitPlannedMail, type Locale } from '../mail/templates.ts';
import { hashToken, newBookingCode } from '../secrets.ts';

export interface HomeVisitDayPlannerProps {
  municipalityId: string;
  userId: string;
  date: LocalDate;
  unitId: string;
  /** The two staff members (two-person rule). */
  staffMemberIds: string[];
  homeVisitIds: string[];
  dayStart: LocalTime;
  dayEnd: LocalTime;
  publicBaseUrl: string;
}

export interface PlannedHomeVisitDay {
  dayId: string;
  route: RoutePlan;
  /** Per visit, in route order: its promised window and (only here, once) its verification code. */
  visits: { homeVisitId: string; from: LocalTime; until: LocalTime; code: string }[];
}

/**
 * Plans accepted home visits into one day for a unit and two staff members (planHomeVisitDay): the two-person
 * rule, the staff's leave and their stops in the roster that day are checked, the visits ordered by the
 * exact route solver within each person's window, and every citizen gets the day, the hour, the two names
 * and a verification code. A day with no feasible order changes nothing.
 */
export async function planHomeVisitDay(
  db: Kysely<Database>,
  config: Pick<AppConfig, 'documents' | 'dataDir' | 'nodeEnv'>,
  props: HomeVisitDayPlannerProps,
): Promise<PlannedHomeVisitDay> {
  const [first, second] = props.staffMemberIds;
  if (props.staffMemberIds.length !== 2 || !first || !second || first === second)
    throw new DomainError('crew_too_small', {
      field: 'staffMemberIds',
      message: 'a home visit needs two different staff members',
    });
  if (props.homeVisitIds.length === 0)
    throw new DomainError('validation', { field: 'homeVisitIds', message: 'choose at least one visit' });
  if (new Set(props.homeVisitIds).size !== props.homeVisitIds.length)
    throw new DomainError('validation', { field: 'homeVisitIds', message: 'a visit is listed twice' });
  if (minuteOf(props.dayEnd) <= minuteOf(props.dayStart))
    throw new DomainError('invalid_range', { field: 'dayEnd', message: 'the day ends before it starts' });

  return db.transaction().execute(async (trx) => {
    const unit = await trx
      .selectFrom('units')
      .leftJoin('sites', (join) =>
        join
          .onRef('sites.municipality_id', '=', 'units.municipality_id')
          .onRef('sites.id', '=', 'units.home_site_id'),
      )
      .select(['units.id', 'sites.lat', 'sites.lon'])
      .where('units.municipality_id', '=', props.municipalityId)
      .where('units.id', '=', props.unitId)
      .where('units.active', '=', true)
      .executeTakeFirst();
    if (!unit) throw new DomainError('unknown_unit', { field: 'unitId' });
    const town = await trx
      .selectFrom('municipalities')
      .select(['lat', 'lon'])
      .where('id', '=', props.municipalityId)
      .executeTakeFirstOrThrow();
    const base =
      unit.lat !== null && unit.lon !== null
        ? { lat: unit.lat, lon: unit.lon }
        : { lat: town.lat ?? 0, lon: town.lon ?? 0 };

    // The staff: active, not on leave, not at a stop of the roster, not on another home-visit day.
    const staff = await trx
      .selectFrom('staff_members')
      .select(['id', 'name'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', 'in', props.staffMemberIds)
      .where('active', '=', true)
      .execute();
    const names: string[] = [];
    for (const [index, id] of props.staffMemberIds.entries()) {
      const member = staff.find((row) => row.id === id);
      if (!member) throw new DomainError('unknown_staff_member', { field: `staffMemberIds[${index}]` });
      names.push(member.name);
      const onLeave = await trx
        .selectFrom('staff_member_leave')
        .select('id')
        .where('municipality_id', '=', props.municipalityId)
        .where('staff_member_id', '=', id)
        .where('first_day', '<=', props.date)
        .where('last_day', '>=', props.date)
        .executeTakeFirst();
      if (onLeave) throw new DomainError('staff_unavailable', { field: `staffMemberIds[${index}]` });
      const atStop = await trx
        .selectFrom('roster_assignments')
        .innerJoin('stops', (join) =>
          join
            .onRef('stops.municipality_id', '=', 'roster_assignments.municipality_id')
            .onRef('stops.id', '=', 'roster_assignments.stop_id'),
        )
        .select('stops.id')
        .where('roster_assignments.municipality_id', '=', props.municipalityId)
        .where('roster_assignments.staff_member_id', '=', id)
        .where('stops.local_date', '=', props.date)
        .where('stops.status', '<>', 'cancelled')
        .executeTakeFirst();
      const otherDay = await trx
        .selectFrom('home_visit_days')
        .select('id')
        .where('municipality_id', '=', props.municipalityId)
        .where('visit_date', '=', props.date)
        .where((eb) => eb(eb.val(id), '=', eb.fn.any('staff_member_ids')))
        .executeTakeFirst();
      if (atStop || otherDay)
        throw new DomainError('staff_busy', {
          field: `staffMemberIds[${index}]`,
          details: { stopId: atStop?.id ?? null, homeVisitDayId: otherDay?.id ?? null },
        });
    }

    const rows = await trx
      .selectFrom('home_visits')
      .selectAll()
      .where('municipality_id', '=', props.municipalityId)
      .where('id', 'in', props.homeVisitIds)
      .forUpdate()
      .execute();
    const visits: (RouteVisit & { locale: string; email: string | null })[] = [];
    for (const [index, id] of props.homeVisitIds.entries()) {
      const row = rows.find((candidate) => candidate.id === id);
      if (!row) throw new DomainError('not_found', { field: `homeVisitIds[${index}]` });
      if (row.status !== 'accepted')
        throw new DomainError('home_visit_not_open', {
          field: `homeVisitIds[${index}]`,
          details: { status: row.status },
        });
      const windows = (
        typeof row.availability === 'string' ? JSON.parse(row.availability) : row.availability
      ) as AvailabilityWindow[];
      const window = windows.find((candidate) => candidate.date === props.date);
      if (!window)
        throw new DomainError('invalid_range', {
          field: `homeVisitIds[${index}]`,
          message: 'the person is not available on this day',
        });
      const personal = await unsealHomeVisit(config, props.municipalityId, row.id, row);
      if (!personal) throw new DomainError('not_found', { field: `homeVisitIds[${index}]` });
      const minutes = row.service_minutes ?? 30;
      visits.push({
        id: row.id,
        position: { lat: personal.lat, lon: personal.lon },
        windowStart: minuteOf(window.from),
        windowEnd: minuteOf(window.until) - minutes,
        serviceMinutes: minutes,
        locale: row.locale,
        email: row.requester_email,
      });
    }

    let route: RoutePlan;
    try {
      route = planHomeVisitRoute({
        base,
        dayStart: minuteOf(props.dayStart),
        dayEnd: minuteOf(props.dayEnd),
        visits,
      });
    } catch (error) {
      // The solver names `visits[i]`: the form knows them as homeVisitIds[i].
      if (isDomainError(error) && error.field?.startsWith('visits['))
        throw new DomainError(error.code, {
          field: error.field.replace(/^visits\[(\d+)\].*$/, 'homeVisitIds[$1]'),
          message: error.message,
          ...(error.details ? { details: error.details } : {}),
        });
      throw error;
    }

    const day = await trx
      .insertInto('home_visit_days')
      .values({
        municipality_id: props.municipalityId,
        visit_date: props.date,
        unit_id: props.unitId,
        staff_member_ids: props.staffMemberIds,
        day_start: props.dayStart,
        day_end: props.dayEnd,
        route: JSON.stringify(route),
        created_by: props.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch((error: unknown) => {
        if (String((error as { code?: string }).code) === '23505')
          throw new DomainError('stop_conflict', {
            field: 'unitId',
            message: 'this unit already has a home-visit day on this date',
          });
        throw error;
      });

    const planned: PlannedHomeVisitDay['visits'] = [];
    for (const [position, leg] of route.legs.entries()) {
      const visit = visits.find((candidate) => candidate.id === leg.visitId)!;
      const window = promisedWindow(leg.start);
      const from = timeOf(window.from);
      const until = timeOf(window.until);
      const code = newBookingCode();
      await trx
        .updateTable('home_visits')
        .set({
          status: 'planned',
          day_id: day.id,
          route_position: position + 1,
          window_start: new Date(zonedInstant(props.date, from)),
          window_end: new Date(zonedInstant(props.date, until)),
          verification_code_hash: hashToken(code),
        })
        .where('id', '=', visit.id)
        .execute();
      if (visit.email) {
        const mail = homeVisitPlannedMail(visit.locale as Locale, {
          date: props.date.split('-').reverse().join('.'),
          from,
          until,
          staffNames: [names[0]!, names[1]!],
          code,
          verifyUrl: `${props.publicBaseUrl}/hausbesuch/pruefen`,
        });
        await enqueueMail(trx, {
          municipalityId: props.municipalityId,
          purpose: 'home_visit.planned',
          to: visit.email,
          subject: mail.subject,
          text: mail.text,
        });
      }
      planned.push({ homeVisitId: visit.id, from, until, code });
    }
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: staffActor(props.userId),
      action: 'home_visit_day.planned',
      subjectType: 'home_visit_day',
      subjectId: day.id,
      details: {
        date: props.date,
        unitId: props.unitId,
        staffMemberIds: props.staffMemberIds,
        homeVisitIds: route.order,
        travelMinutes: route.totalTravelMinutes,
      },
    });
    return { dayId: day.id, route, visits: planned };
  });
}
