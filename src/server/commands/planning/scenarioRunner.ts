import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { DomainError, isDomainError } from '../../../domain/errors.ts';
import { solveScenario, type PipelineOutcome } from './scenarioPipeline.ts';
import { prepareScenario } from './scenarioPreparation.ts';
import { ScenarioQueue } from './scenarioQueue.ts';
import { HEARTBEAT_MS, ScenarioStore } from './scenarioStore.ts';

export { scenarioRunnerTestHooks } from './scenarioPipeline.ts';

/**
 * Runs scenarios in worker threads (at most `maxConcurrent` at once, the rest wait as 'queued') and keeps
 * their status and progress in `planning_scenarios`. Nothing here throws into the server: every failure
 * ends as status 'failed' with a message. The parts: `ScenarioQueue` (who runs when), `solveScenario` (the
 * pipeline, no database) and `ScenarioStore` (every read and write of a run's state).
 */
export class ScenarioRunner {
  private readonly runs = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly queue: ScenarioQueue;
  private readonly store: ScenarioStore;
  private closed = false;
  private heartbeat: NodeJS.Timeout | undefined;
  /** This runner's id in `scenario_runners`; its runs carry it in `planning_scenarios.runner_id`. */
  readonly id = randomUUID();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly log: FastifyBaseLogger,
    maxConcurrent = 2,
  ) {
    this.queue = new ScenarioQueue(maxConcurrent);
    this.store = new ScenarioStore(db, log, this.id);
  }

  /**
   * Registers this runner as live (renewed every 15 s) and marks every queued or running scenario whose runner is
   * not live as failed at once, so a run interrupted by kill -9 or a crash can be run again or deleted. Runs of
   * other live processes on the same database are left alone.
   */
  async startUp(now = new Date()): Promise<string[]> {
    this.heartbeat = setInterval(() => {
      this.store
        .renew(new Date())
        .catch((error: unknown) =>
          this.log.warn(
            { err: { message: (error as Error)?.message } },
            'scenario runner heartbeat not stored',
          ),
        );
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
    try {
      await this.store.renew(now);
      return await this.store.sweepOrphanedRuns(now);
    } catch (error) {
      // The database may be away at this moment: the server starts anyway, and runs nobody owns can start again.
      this.log.warn({ err: { message: (error as Error)?.message } }, 'startup sweep of planning runs failed');
      return [];
    }
  }

  /** Marks runs owned by no live runner as failed; returns their ids. */
  sweepOrphanedRuns(now = new Date()): Promise<string[]> {
    return this.store.sweepOrphanedRuns(now);
  }

  isRunning(scenarioId: string): boolean {
    return this.runs.has(scenarioId);
  }

  /** Queues a run; resolves as soon as the scenario is 'queued' (the solve goes on in the background). */
  async start(municipalityId: string, scenarioId: string, actor: string): Promise<void> {
    if (this.closed) throw new DomainError('shutting_down', { message: 'The server is shutting down.' });
    if (this.runs.has(scenarioId)) {
      throw new DomainError('scenario_running', {
        field: 'status',
        message: 'The scenario is already running.',
      });
    }
    await this.store.markQueued(municipalityId, scenarioId, actor, new Date());
    const controller = new AbortController();
    const done = this.queue
      .schedule(() => this.execute(municipalityId, scenarioId, actor, controller.signal))
      .finally(() => this.runs.delete(scenarioId));
    this.runs.set(scenarioId, { controller, done });
  }

  /** Stops every run (their scenarios become 'failed') and waits until they have written their state. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const run of this.runs.values()) run.controller.abort();
    this.queue.releaseAll();
    await Promise.allSettled([...this.runs.values()].map((run) => run.done));
    await this.store.unregister();
  }

  private async execute(
    municipalityId: string,
    scenarioId: string,
    actor: string,
    signal: AbortSignal,
  ): Promise<void> {
    const progress = this.store.progressWriter(scenarioId);
    let outcome: PipelineOutcome;
    try {
      if (signal.aborted)
        throw new DomainError('shutting_down', { message: 'The server shut down before the run.' });
      const inputs = await this.store.markRunning(municipalityId, scenarioId);
      const prepared = await prepareScenario(this.db, municipalityId, inputs);
      outcome = await solveScenario(prepared, inputs, progress.report, signal);
    } catch (error) {
      this.log.error({ err: error, scenarioId }, 'scenario run failed');
      outcome = {
        ok: false,
        error:
          isDomainError(error, 'invalid_scenario') || isDomainError(error, 'shutting_down')
            ? { reason: 'input', message: error.message, field: error.field }
            : { reason: 'failed', message: `The run failed: ${(error as Error)?.message ?? String(error)}` },
      };
    }
    await progress.flush();
    await this.store.storeOutcome(municipalityId, scenarioId, actor, outcome);
  }
}
