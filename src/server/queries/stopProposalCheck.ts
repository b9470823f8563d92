import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import { siteClosedFor, type OpeningHoursEntry, type SiteClosedConflict } from '../../domain/siteOpening.ts';
import { assertStopNotInPast } from '../../domain/stopConflicts.ts';
import { localDateOf } from '../../domain/time.ts';
import type { Database } from '../../db/schema.ts';
import { unitConflicts, windowInstants } from '../commands/stopPlanning.ts';
import { notFound } from '../problem.ts';

export interface StopProposal {
  /** A change of this stop; its current values fill what the proposal leaves out. */
  stopId?: string | undefined;
  unitId?: string | undefined;
  siteId?: string | undefined;
  date?: string | undefined;
  startTime?: string | undefined;
  endTime?: string | undefined;
  setupMinutes?: number | undefined;
  teardownMinutes?: number | undefined;
}

interface OtherStop {
  stopId: string;
  siteId: string;
  siteName: string;
  startsAt: string;
  endsAt: string;
}

export type ExplainedConflict =
  | { kind: 'overlap'; blocking: true; overlapMinutes: number; other: OtherStop }
  | {
      kind: 'travel';
      blocking: true;
      direction: 'from_previous' | 'to_next';
      requiredMinutes: number;
      availableMinutes: number;
      missingMinutes: number;
      other: OtherStop;
    }
  | (SiteClosedConflict & { blocking: false });

export interface StopProposalCheck {
  /** True when saving would be refused (the unit at two places, or no time to drive). */
  blocking: boolean;
  conflicts: ExplainedConflict[];
}

const localTime = (date: Date) =>
  new Intl.DateTimeFormat('de-DE', {
    timeZone: 'Europe/Berlin',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);

/**
 * What stands against a proposed stop or change, before it is saved: the unit elsewhere at that time, too
 * little time to drive from or to its neighbouring stops, and the site closed that day (a warning only: the
 * opening hours recorded may not cover an arrangement with the house). Changes nothing.
 */
export async function checkStopProposal(
  db: Kysely<Database>,
  municipalityId: string,
  proposal: StopProposal,
): Promise<StopProposalCheck> {
  const current = proposal.stopId
    ? await db
        .selectFrom('stops')
        .selectAll()
        .where('municipality_id', '=', municipalityId)
        .where('id', '=', proposal.stopId)
        .executeTakeFirst()
    : undefined;
  if (proposal.stopId && !current) throw notFound('stop', 'stopId', proposal.stopId);
  const value = <T>(field: string, given: T | undefined, fallback: T | undefined): T => {
    const chosen = given ?? fallback;
    if (chosen === undefined) {
      throw new DomainError('validation', { field, message: `"${field}" is needed to check a new stop` });
    }
    return chosen;
  };
  const unitId = value('unitId', proposal.unitId, current?.unit_id);
  const next = {
    id: current?.id ?? '00000000-0000-0000-0000-000000000000',
    siteId: value('siteId', proposal.siteId, current?.site_id),
    date: value('date', proposal.date, current?.local_date),
    startTime: value('startTime', proposal.startTime, current && localTime(new Date(current.starts_at))),
    endTime: value('endTime', proposal.endTime, current && localTime(new Date(current.ends_at))),
    setupMinutes: proposal.setupMinutes ?? current?.setup_minutes ?? 30,
    teardownMinutes: proposal.teardownMinutes ?? current?.teardown_minutes ?? 30,
  };
  assertStopNotInPast(next.date, localDateOf(Date.now()));
  windowInstants(next);
  const unit = await db
    .selectFrom('units')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', unitId)
    .executeTakeFirst();
  if (!unit) throw notFound('unit', 'unitId', unitId);
  const site = await db
    .selectFrom('sites')
    .select(['id', 'opening_hours'])
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', next.siteId)
    .executeTakeFirst();
  if (!site) throw notFound('site', 'siteId', next.siteId);

  const found = await unitConflicts(db, municipalityId, unitId, next);
  const otherIds = [...new Set(found.map((conflict) => conflict.stopId))];
  const others =
    otherIds.length === 0
      ? []
      : await db
          .selectFrom('stops')
          .innerJoin('sites', (join) =>
            join
              .onRef('sites.municipality_id', '=', 'stops.municipality_id')
              .onRef('sites.id', '=', 'stops.site_id'),
          )
          .select(['stops.id', 'stops.site_id', 'sites.name', 'stops.starts_at', 'stops.ends_at'])
          .where('stops.id', 'in', otherIds)
          .execute();
  const otherOf = (stopId: string): OtherStop => {
    const row = others.find((other) => other.id === stopId)!;
    return {
      stopId,
      siteId: row.site_id,
      siteName: row.name,
      startsAt: new Date(row.starts_at).toISOString(),
      endsAt: new Date(row.ends_at).toISOString(),
    };
  };
  const conflicts: ExplainedConflict[] = found.map((conflict) =>
    conflict.kind === 'overlap'
      ? {
          kind: 'overlap',
          blocking: true,
          overlapMinutes: conflict.overlapMinutes,
          other: otherOf(conflict.stopId),
        }
      : {
          kind: 'travel',
          blocking: true,
          direction: conflict.direction,
          requiredMinutes: conflict.requiredMinutes,
          availableMinutes: conflict.availableMinutes,
          missingMinutes: conflict.missingMinutes,
          other: otherOf(conflict.stopId),
        },
  );
  const closed = siteClosedFor(
    site.opening_hours as OpeningHoursEntry[] | null,
    next.date,
    next.startTime,
    next.endTime,
  );
  if (closed) conflicts.push({ ...closed, blocking: false });
  return { blocking: conflicts.some((conflict) => conflict.blocking), conflicts };
}
