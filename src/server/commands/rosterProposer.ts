import type { Kysely } from 'kysely';
import type { LocalDate } from '../../domain/time.ts';
import type { Database } from '../../db/schema.ts';
import { DomainError, type DomainErrorCode } from '../../domain/errors.ts';
import type { RosterStaffMember, RosterStop } from '../../planning/roster/rules.ts';
import type { RosterProposal } from '../../planning/roster/solver.ts';
import { runInWorker } from '../../planning/runInWorker.ts';
import type { RosterJobResult } from '../../planning/workerProtocol.ts';
import { recordAudit } from '../audit.ts';
import {
  checkRosterPeriod,
  loadRosterStops,
  loadStaffMembers,
  type RosterStopView,
} from '../queries/rosterQueries.ts';

/** The exact solve runs in a worker thread, so the server keeps answering meanwhile. */
async function solveInWorker(stops: RosterStop[], staff: RosterStaffMember[]): Promise<RosterProposal> {
  const outcome = await runInWorker(
    { kind: 'roster', stops, staff, options: { timeLimitSeconds: 20 } },
    { timeLimitSeconds: 60 },
  );
  if (!outcome.ok)
    throw new DomainError('roster_unsolved', { message: `The roster solver stopped: ${outcome.message}` });
  const result = outcome.result as RosterJobResult;
  if ('refused' in result)
    throw new DomainError(result.refused.code as DomainErrorCode, {
      ...(result.refused.field !== undefined ? { field: result.refused.field } : {}),
      message: result.refused.message,
      details: result.refused.details,
    });
  return result.proposal;
}

export interface RosterProposalView {
  from: string;
  to: string;
  stops: RosterStopView[];
  quality: { unmetWishes: number; maxUnmetPerPerson: number; optimal: boolean; seconds: number };
}

/**
 * Proposes the roster of a period exactly (planning/roster/solver.ts) and stores it: the crews of every stop
 * to staff in the period are replaced, planners' overrides included (a new proposal starts afresh).
 * An infeasible period changes nothing and names the stop and the missing qualification.
 */
export async function proposeRoster(
  db: Kysely<Database>,
  props: { municipalityId: string; actor: string; from: LocalDate; to: LocalDate },
): Promise<RosterProposalView> {
  checkRosterPeriod(props.from, props.to);
  const [stops, staff] = await Promise.all([
    loadRosterStops(db, props.municipalityId, { from: props.from, to: props.to }),
    loadStaffMembers(db, props.municipalityId, { activeOnly: true }),
  ]);
  const proposal = await solveInWorker(
    stops.map((stop) => stop.rule),
    staff.map((member) => member.rule),
  );
  await db.transaction().execute(async (trx) => {
    const stopIds = stops.map((stop) => stop.rule.id);
    if (stopIds.length > 0) {
      // Lock the stops so a concurrent change waits for this write.
      await trx.selectFrom('stops').select('id').where('id', 'in', stopIds).forUpdate().execute();
      await trx
        .deleteFrom('roster_assignments')
        .where('municipality_id', '=', props.municipalityId)
        .where('stop_id', 'in', stopIds)
        .execute();
    }
    const rows = [...proposal.crews].flatMap(([stopId, crew]) =>
      crew.map((staffMemberId) => ({
        municipality_id: props.municipalityId,
        stop_id: stopId,
        staff_member_id: staffMemberId,
        source: 'proposal' as const,
      })),
    );
    if (rows.length > 0) await trx.insertInto('roster_assignments').values(rows).execute();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'roster.proposed',
      subjectType: 'roster',
      subjectId: `${props.from}/${props.to}`,
      details: {
        stops: stopIds.length,
        assignments: rows.length,
        unmetWishes: proposal.quality.unmetWishes,
        optimal: proposal.optimal,
      },
    });
  });
  const stored = await loadRosterStops(db, props.municipalityId, { from: props.from, to: props.to });
  return {
    from: props.from,
    to: props.to,
    stops: stored.map((stop) => stop.view),
    quality: { ...proposal.quality, optimal: proposal.optimal, seconds: proposal.seconds },
  };
}
