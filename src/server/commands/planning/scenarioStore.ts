/**
 * Where scenario runs keep their state: `planning_scenarios` (status, progress, outcome) and
 * `scenario_runners` (which processes are alive and own which runs). Every write of a run goes through here.
 */
import type { FastifyBaseLogger } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { DomainError } from '../../../domain/errors.ts';
import { recordAudit } from '../../audit.ts';
import type { PipelineOutcome } from './scenarioPipeline.ts';
import type { ScenarioErrorView, ScenarioInputs, ScenarioProgress } from './scenarioTypes.ts';

/** A runner renews its registration this often; one not seen for `RUNNER_LIVE_MS` is gone (killed, crashed). */
export const HEARTBEAT_MS = 15_000;
export const RUNNER_LIVE_MS = 60_000;

const interruptedError: ScenarioErrorView = {
  reason: 'crashed',
  message: 'The run was interrupted (the server that ran it stopped). Please run it again.',
};

export class ScenarioStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly log: FastifyBaseLogger,
    /** The runner's id in `scenario_runners`; its runs carry it in `planning_scenarios.runner_id`. */
    private readonly runnerId: string,
  ) {}

  /** Registers the runner as live, or renews its registration. */
  async renew(now: Date): Promise<void> {
    await sql`INSERT INTO scenario_runners (id, started_at, seen_at) VALUES (${this.runnerId}, ${now}, ${now})
      ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at`.execute(this.db);
  }

  /** Removes the runner's registration: a later start need not wait for it to age. */
  async unregister(): Promise<void> {
    await this.db
      .deleteFrom('scenario_runners')
      .where('id', '=', this.runnerId)
      .execute()
      .catch(() => undefined);
  }

  /** Marks runs owned by no live runner as failed; returns their ids. */
  async sweepOrphanedRuns(now: Date): Promise<string[]> {
    const liveSince = new Date(now.getTime() - RUNNER_LIVE_MS);
    return this.db.transaction().execute(async (trx) => {
      const swept = await trx
        .updateTable('planning_scenarios')
        .set({
          status: 'failed',
          error: JSON.stringify(interruptedError),
          progress: JSON.stringify({ step: 'done', phase: 'failed', percent: 100 }),
          finished_at: now,
          updated_at: now,
          runner_id: null,
        })
        .where('status', 'in', ['queued', 'running'])
        .where((eb) =>
          eb.or([
            eb('runner_id', 'is', null),
            eb(
              'runner_id',
              'not in',
              eb.selectFrom('scenario_runners').select('id').where('seen_at', '>=', liveSince),
            ),
          ]),
        )
        .returning(['municipality_id', 'id'])
        .execute();
      for (const run of swept) {
        await recordAudit(trx, {
          municipalityId: run.municipality_id,
          actor: 'system:startup',
          action: 'scenario.run_failed',
          subjectType: 'planning_scenario',
          subjectId: run.id,
          details: { reason: 'interrupted' },
        });
      }
      await trx.deleteFrom('scenario_runners').where('seen_at', '<', liveSince).execute();
      if (swept.length > 0)
        this.log.warn({ scenarios: swept.length }, 'interrupted planning runs marked failed');
      return swept.map((run) => run.id);
    });
  }

  /**
   * Marks a scenario 'queued' for this runner and audits the start. Throws `not_found`, `scenario_approved` or
   * `scenario_running` when it may not start.
   */
  async markQueued(municipalityId: string, scenarioId: string, actor: string, now: Date): Promise<void> {
    const queued = await this.db
      .updateTable('planning_scenarios')
      .set({
        status: 'queued',
        progress: JSON.stringify({ step: 'queued', phase: 'waiting for a free solver', percent: 0 }),
        result: null,
        error: null,
        started_at: null,
        finished_at: null,
        updated_at: now,
        runner_id: this.runnerId,
      })
      .where('municipality_id', '=', municipalityId)
      .where('id', '=', scenarioId)
      .where((eb) =>
        eb.or([
          eb('status', 'in', ['draft', 'done', 'failed']),
          // A run interrupted by a restart (no progress for 10 minutes, not running here) may start again.
          eb.and([
            eb('status', 'in', ['queued', 'running']),
            eb('updated_at', '<', new Date(now.getTime() - 10 * 60_000)),
          ]),
          // A run whose process is gone (no live runner owns it) may start again at once.
          eb.and([
            eb('status', 'in', ['queued', 'running']),
            eb.or([
              eb('runner_id', 'is', null),
              eb(
                'runner_id',
                'not in',
                eb
                  .selectFrom('scenario_runners')
                  .select('id')
                  .where('seen_at', '>=', new Date(now.getTime() - RUNNER_LIVE_MS)),
              ),
            ]),
          ]),
        ]),
      )
      .where('approved_at', 'is', null)
      .executeTakeFirst();
    if (Number(queued.numUpdatedRows) === 0) {
      const row = await this.db
        .selectFrom('planning_scenarios')
        .select(['status', 'approved_at'])
        .where('municipality_id', '=', municipalityId)
        .where('id', '=', scenarioId)
        .executeTakeFirst();
      if (!row)
        throw new DomainError('not_found', {
          field: 'id',
          message: `No scenario with id "${scenarioId}" exists here.`,
        });
      if (row.approved_at) {
        throw new DomainError('scenario_approved', {
          message: 'This scenario is approved; copy it to change it.',
        });
      }
      throw new DomainError('scenario_running', {
        field: 'status',
        message: `The scenario is already ${row.status}.`,
      });
    }
    await recordAudit(this.db, {
      municipalityId,
      actor,
      action: 'scenario.run_started',
      subjectType: 'planning_scenario',
      subjectId: scenarioId,
    });
  }

  /** Marks the run 'running' and returns its inputs. */
  async markRunning(municipalityId: string, scenarioId: string): Promise<ScenarioInputs> {
    const row = await this.db
      .selectFrom('planning_scenarios')
      .select(['inputs'])
      .where('municipality_id', '=', municipalityId)
      .where('id', '=', scenarioId)
      .executeTakeFirstOrThrow();
    await this.db
      .updateTable('planning_scenarios')
      .set({ status: 'running', started_at: new Date(), updated_at: new Date() })
      .where('id', '=', scenarioId)
      .execute();
    return row.inputs as unknown as ScenarioInputs;
  }

  /** Stores the outcome ('done' with its result, or 'failed' with the error) and audits it. */
  async storeOutcome(
    municipalityId: string,
    scenarioId: string,
    actor: string,
    outcome: PipelineOutcome,
  ): Promise<void> {
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('planning_scenarios')
          .set({
            status: outcome.ok ? 'done' : 'failed',
            result: outcome.ok ? JSON.stringify(outcome.view) : null,
            error: outcome.ok ? null : JSON.stringify(outcome.error),
            progress: JSON.stringify(
              outcome.ok
                ? { step: 'done', phase: 'done', percent: 100 }
                : { step: 'done', phase: 'failed', percent: 100 },
            ),
            finished_at: new Date(),
            updated_at: new Date(),
          })
          .where('id', '=', scenarioId)
          .execute();
        await recordAudit(trx, {
          municipalityId,
          actor,
          action: outcome.ok ? 'scenario.run_finished' : 'scenario.run_failed',
          subjectType: 'planning_scenario',
          subjectId: scenarioId,
          details: outcome.ok
            ? {
                sites: outcome.view.chosenSites.map((site) => site.id),
                coveragePct: Math.round(outcome.view.metrics.coveragePct * 10) / 10,
                method: outcome.view.solver.method,
              }
            : { reason: outcome.error.reason },
        });
      });
    } catch (error) {
      // The database may be gone (shutdown); the stale run is reported as failed on the next read.
      this.log.error({ err: error, scenarioId }, 'could not store the scenario outcome');
    }
  }

  /** Writes progress at most every 300 ms; `flush` waits for the last write. */
  progressWriter(scenarioId: string) {
    let latest: ScenarioProgress | undefined;
    let lastWrite = 0;
    let chain: Promise<void> = Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const write = () => {
      timer = undefined;
      if (!latest) return;
      const value = latest;
      latest = undefined;
      lastWrite = Date.now();
      chain = chain
        .then(async () => {
          await this.db
            .updateTable('planning_scenarios')
            .set({ progress: JSON.stringify(value), updated_at: new Date() })
            .where('id', '=', scenarioId)
            .where('status', '=', 'running')
            .execute();
        })
        .catch((error: unknown) => this.log.warn({ err: error, scenarioId }, 'progress not stored'));
    };
    return {
      report: (value: ScenarioProgress) => {
        latest = value;
        const wait = 300 - (Date.now() - lastWrite);
        if (wait <= 0) write();
        else timer ??= setTimeout(write, wait);
      },
      flush: async () => {
        if (timer) clearTimeout(timer);
        timer = undefined;
        latest = undefined;
        await chain;
      },
    };
  }
}
