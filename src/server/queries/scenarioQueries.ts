import { sql, type Kysely } from 'kysely';
import type { Database, PlanningScenarioStatus } from '../../db/schema.ts';
import { coverageRadiusMetres, DEFAULT_MODES } from '../../planning/access.ts';
import type { ScenarioInputs } from '../commands/planning/scenarioTypes.ts';

/** A run neither this process is doing nor anyone has touched for this long was interrupted (restart). */
const STALE_MS = 10 * 60_000;

export interface ScenarioView {
  id: string;
  name: string;
  status: PlanningScenarioStatus;
  inputs: unknown;
  progress: unknown;
  result: unknown;
  error: unknown;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  approvedAt: string | null;
  /** the map's circle: computed here so the planning rules stay out of the browser bundle */
  coverageRadiusMetres: number | null;
  approvedSchedules: {
    id: string;
    unitId: string;
    siteId: string;
    status: string;
    rule: unknown;
    stops: number;
  }[];
}

function coverageRadiusOf(inputs: unknown): number | null {
  const { coverageThresholdMinutes: minutes, travelMode: mode } = (inputs ?? {}) as Partial<ScenarioInputs>;
  // Public transport ('transit') has no radius: its travel times follow the timetable.
  if (typeof minutes !== 'number' || typeof mode !== 'string' || mode === 'transit') return null;
  if (!Object.hasOwn(DEFAULT_MODES, mode)) return null;
  return coverageRadiusMetres(minutes, { mode });
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export async function listScenarioViews(
  db: Kysely<Database>,
  municipalityId: string,
  options: { scenarioId?: string; isRunning: (id: string) => boolean },
): Promise<ScenarioView[]> {
  let query = db
    .selectFrom('planning_scenarios')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .orderBy('created_at', 'desc')
    .limit(200);
  if (options.scenarioId) query = query.where('id', '=', options.scenarioId);
  const rows = await query.execute();
  const scheduleIds = rows.flatMap((row) => row.approved_schedule_ids);
  const schedules =
    scheduleIds.length === 0
      ? []
      : await db
          .selectFrom('schedules')
          .select([
            'schedules.id',
            'schedules.unit_id',
            'schedules.site_id',
            'schedules.status',
            'schedules.rule',
            sql<string>`(SELECT count(*) FROM stops WHERE stops.schedule_id = schedules.id AND stops.status <> 'cancelled')`.as(
              'stops',
            ),
          ])
          .where('schedules.municipality_id', '=', municipalityId)
          .where('schedules.id', 'in', scheduleIds)
          .execute();
  const scheduleById = new Map(schedules.map((schedule) => [schedule.id, schedule]));
  const now = Date.now();
  return rows.map((row) => {
    const stale =
      (row.status === 'queued' || row.status === 'running') &&
      !options.isRunning(row.id) &&
      now - new Date(row.updated_at).getTime() > STALE_MS;
    return {
      id: row.id,
      name: row.name,
      status: stale ? 'failed' : row.status,
      inputs: row.inputs,
      progress: row.progress,
      result: row.result,
      error: stale
        ? {
            reason: 'crashed',
            message: 'The run was interrupted (the server restarted). Please run it again.',
          }
        : row.error,
      createdBy: row.created_by,
      createdAt: iso(row.created_at)!,
      updatedAt: iso(row.updated_at)!,
      startedAt: iso(row.started_at),
      finishedAt: iso(row.finished_at),
      approvedAt: iso(row.approved_at),
      coverageRadiusMetres: coverageRadiusOf(row.inputs),
      approvedSchedules: row.approved_schedule_ids
        .map((id) => scheduleById.get(id))
        .filter((schedule) => schedule !== undefined)
        .map((schedule) => ({
          id: schedule.id,
          unitId: schedule.unit_id,
          siteId: schedule.site_id,
          status: schedule.status,
          rule: schedule.rule,
          stops: Number(schedule.stops),
        })),
    };
  });
}
