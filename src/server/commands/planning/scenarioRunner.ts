import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { localDateOf } from '../../../domain/time.ts';
import { travelMinutes } from '../../../planning/access.ts';
import { combineDemandWeights } from '../../../planning/demand.ts';
import { haversineMetres } from '../../../planning/geo.ts';
import { runInWorker, type WorkerOutcome } from '../../../planning/runInWorker.ts';
import type { ScenarioResult } from '../../../planning/scenario.ts';
import {
  addIsoDays,
  depotMinutes,
  monthlyCost,
  nextMonday,
  openingHoursForTimetable,
  SETUP_MINUTES,
  TEARDOWN_MINUTES,
} from '../../../planning/scenarioSetup.ts';
import type { SolveProgress } from '../../../planning/solvers/types.ts';
import type { TimetableInput, TimetableResult } from '../../../planning/timetable.ts';
import { recordAudit } from '../../audit.ts';
import { prepareScenario, type PreparedScenario } from './scenarioPreparation.ts';
import type {
  ScenarioErrorView,
  ScenarioInputs,
  ScenarioProgress,
  ScenarioResultView,
} from './scenarioTypes.ts';
import { DomainError, isDomainError } from '../../../domain/errors.ts';

/** A runner renews its registration this often; one not seen for `RUNNER_LIVE_MS` is gone (killed, crashed). */
const HEARTBEAT_MS = 15_000;
export const RUNNER_LIVE_MS = 60_000;

const interruptedError: ScenarioErrorView = {
  reason: 'crashed',
  message: 'The run was interrupted (the server that ran it stopped). Please run it again.',
};

/** For tests: run the jobs in another worker script (e.g. src/planning/testing/crashingWorker.ts). */
export const scenarioRunnerTestHooks: { workerUrl?: URL | undefined } = {};

type Failure = Extract<WorkerOutcome, { ok: false }>;
type PipelineOutcome = { ok: true; view: ScenarioResultView } | { ok: false; error: ScenarioErrorView };

const failureView = (failure: Failure, step: string): ScenarioErrorView => ({
  reason: failure.reason,
  message:
    failure.reason === 'crashed'
      ? `The solver stopped unexpectedly during the ${step} (${failure.message}). Please run the scenario again; if it fails again, choose fewer sites or a smaller area.`
      : failure.reason === 'timeout'
        ? `The ${step} took too long (${failure.message}).`
        : failure.reason === 'cancelled'
          ? `The run was cancelled (${failure.message}).`
          : `The ${step} failed: ${failure.message}`,
  ...(failure.field ? { field: failure.field } : {}),
});

/**
 * Runs scenarios in worker threads (at most `maxConcurrent` at once, the rest wait as 'queued') and keeps
 * their status and progress in `planning_scenarios`. Nothing here throws into the server: every failure
 * ends as status 'failed' with a message.
 */
export class ScenarioRunner {
  private readonly runs = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;
  private closed = false;
  private heartbeat: NodeJS.Timeout | undefined;
  /** This runner's id in `scenario_runners`; its runs carry it in `planning_scenarios.runner_id`. */
  readonly id = randomUUID();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly log: FastifyBaseLogger,
    private readonly maxConcurrent = 2,
  ) {}

  /**
   * Registers this runner as live (renewed every 15 s) and marks every queued or running scenario whose runner is
   * not live as failed at once, so a run interrupted by kill -9 or a crash can be run again or deleted. Runs of
   * other live processes on the same database are left alone.
   */
  async startUp(now = new Date()): Promise<string[]> {
    this.heartbeat = setInterval(() => {
      this.renew(new Date()).catch((error: unknown) =>
        this.log.warn(
          { err: { message: (error as Error)?.message } },
          'scenario runner heartbeat not stored',
        ),
      );
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
    try {
      await this.renew(now);
      return await this.sweepOrphanedRuns(now);
    } catch (error) {
      // The database may be away at this moment: the server starts anyway, and runs nobody owns can start again.
      this.log.warn({ err: { message: (error as Error)?.message } }, 'startup sweep of planning runs failed');
      return [];
    }
  }

  /** Marks runs owned by no live runner as failed; returns their ids. */
  async sweepOrphanedRuns(now = new Date()): Promise<string[]> {
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

  private async renew(now: Date): Promise<void> {
    await sql`INSERT INTO scenario_runners (id, started_at, seen_at) VALUES (${this.id}, ${now}, ${now})
      ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at`.execute(this.db);
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
    const now = new Date();
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
        runner_id: this.id,
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
    const controller = new AbortController();
    const done = this.schedule(() =>
      this.execute(municipalityId, scenarioId, actor, controller.signal),
    ).finally(() => this.runs.delete(scenarioId));
    this.runs.set(scenarioId, { controller, done });
  }

  /** Stops every run (their scenarios become 'failed') and waits until they have written their state. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const run of this.runs.values()) run.controller.abort();
    for (const release of this.waiting.splice(0)) release();
    await Promise.allSettled([...this.runs.values()].map((run) => run.done));
    // Gone: a later start need not wait for the registration to age.
    await this.db
      .deleteFrom('scenario_runners')
      .where('id', '=', this.id)
      .execute()
      .catch(() => undefined);
  }

  private async schedule(task: () => Promise<void>): Promise<void> {
    if (this.active >= this.maxConcurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  private async execute(
    municipalityId: string,
    scenarioId: string,
    actor: string,
    signal: AbortSignal,
  ): Promise<void> {
    const progress = this.progressWriter(scenarioId);
    let outcome: PipelineOutcome;
    try {
      if (signal.aborted)
        throw new DomainError('shutting_down', { message: 'The server shut down before the run.' });
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
      const inputs = row.inputs as unknown as ScenarioInputs;
      const prepared = await prepareScenario(this.db, municipalityId, inputs);
      outcome = await this.solve(prepared, inputs, progress.report, signal);
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
  private progressWriter(scenarioId: string) {
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

  private async solve(
    prepared: PreparedScenario,
    inputs: ScenarioInputs,
    report: (progress: ScenarioProgress) => void,
    signal: AbortSignal,
  ): Promise<PipelineOutcome> {
    if (inputs.objective === 'setcover' || inputs.p !== undefined) {
      return this.pipeline(prepared, inputs, inputs.p, report, signal);
    }
    // Budget: the largest number of sites whose proposed timetable stays within the monthly budget.
    const budget = inputs.budgetPerMonth!;
    const tried: { p: number; costPerMonth: number }[] = [];
    let low = 1;
    let high = prepared.sites.length;
    let best: ScenarioResultView | undefined;
    let lastFailure: ScenarioErrorView | undefined;
    while (low <= high) {
      const p = Math.floor((low + high) / 2);
      const outcome = await this.pipeline(
        prepared,
        inputs,
        p,
        (value) =>
          report({
            ...value,
            step: value.step === 'done' ? 'done' : value.step,
            p,
            phase: `${value.phase} (p = ${p})`,
          }),
        signal,
      );
      if (!outcome.ok) {
        lastFailure = outcome.error;
        if (outcome.error.reason !== 'input') return outcome;
        high = p - 1;
        continue;
      }
      tried.push({ p, costPerMonth: outcome.view.metrics.costPerMonth });
      if (outcome.view.metrics.costPerMonth <= budget) {
        best = outcome.view;
        low = p + 1;
      } else {
        high = p - 1;
      }
    }
    if (!best) {
      const cheapest = tried.reduce((min, entry) => Math.min(min, entry.costPerMonth), Infinity);
      return {
        ok: false,
        error: lastFailure ?? {
          reason: 'input',
          field: 'budgetPerMonth',
          message: `The budget of ${budget} € a month is too small: even one site costs about ${Math.round(cheapest)} € a month.`,
        },
      };
    }
    return { ok: true, view: { ...best, budgetSearch: { budgetPerMonth: budget, tried } } };
  }

  private async pipeline(
    prepared: PreparedScenario,
    inputs: ScenarioInputs,
    p: number | undefined,
    report: (progress: ScenarioProgress) => void,
    signal: AbortSignal,
  ): Promise<PipelineOutcome> {
    const workerUrl = scenarioRunnerTestHooks.workerUrl;
    const hardLimit = inputs.timeLimitSeconds * 2 + 30;
    const onProgress = (step: ScenarioProgress['step']) => (value: SolveProgress) =>
      report({
        step,
        phase: value.phase,
        // Selection is the first 80 %, the timetable the rest.
        percent: step === 'selection' ? value.percent * 0.8 : 80 + value.percent * 0.2,
        ...(value.incumbent !== undefined && Number.isFinite(value.incumbent)
          ? { incumbent: value.incumbent }
          : {}),
        ...(value.bound !== undefined && Number.isFinite(value.bound) ? { bound: value.bound } : {}),
      });
    report({ step: 'selection', phase: 'starting the solver', percent: 1 });
    const selection = await runInWorker(
      { kind: 'scenario', input: { ...prepared.base, ...(p !== undefined ? { p } : {}) } },
      {
        onProgress: onProgress('selection'),
        signal,
        timeLimitSeconds: hardLimit,
        ...(workerUrl ? { workerUrl } : {}),
      },
    );
    if (!selection.ok) return { ok: false, error: failureView(selection, 'site selection') };
    const scenario = selection.result as ScenarioResult;
    if (scenario.chosenSiteIds.length === 0) {
      return {
        ok: false,
        error: { reason: 'input', message: 'The solver chose no site: no site reaches any demand.' },
      };
    }
    const siteById = new Map(prepared.sites.map((site) => [site.id, site]));
    const depot = prepared.units[0]!.depot;
    const start = nextMonday(localDateOf(Date.now()));
    const horizon = { start, end: addIsoDays(start, 83) };
    const timetableInput: TimetableInput = {
      sites: scenario.chosenSiteIds.map((siteId) => ({
        siteId,
        demandWeight: scenario.servedWeightBySite[siteId] ?? 0,
        travelMinutesFromDepot: depotMinutes(depot, siteById.get(siteId)!),
        openingHours: openingHoursForTimetable(prepared.siteRows.get(siteId)?.opening_hours ?? null),
      })),
      units: prepared.units.map((unit) => ({
        unitId: unit.id,
        availableWeekdays: [1, 2, 3, 4, 5],
        staffDaysPerWeek: inputs.staffDaysPerWeek,
        staffCount: unit.counters,
      })),
      horizon,
      setupMinutes: SETUP_MINUTES,
      teardownMinutes: TEARDOWN_MINUTES,
      timeLimitSeconds: Math.min(10, inputs.timeLimitSeconds),
    };
    report({ step: 'timetable', phase: 'proposing a timetable', percent: 80 });
    const timetableOutcome = await runInWorker(
      { kind: 'timetable', input: timetableInput },
      {
        onProgress: onProgress('timetable'),
        signal,
        timeLimitSeconds: hardLimit,
        ...(workerUrl ? { workerUrl } : {}),
      },
    );
    if (!timetableOutcome.ok) return { ok: false, error: failureView(timetableOutcome, 'timetable') };
    const timetable = timetableOutcome.result as TimetableResult;
    return { ok: true, view: this.compose(prepared, inputs, scenario, timetable, horizon) };
  }

  private compose(
    prepared: PreparedScenario,
    inputs: ScenarioInputs,
    scenario: ScenarioResult,
    timetable: TimetableResult,
    horizon: { start: string; end: string },
  ): ScenarioResultView {
    const weighted = combineDemandWeights(prepared.demand, prepared.base.weightFactors);
    const chosen = scenario.chosenSiteIds.map((id) => prepared.sites.find((site) => site.id === id)!);
    const demand = weighted.map((point) => {
      let nearest = chosen[0]!;
      let minutes = Infinity;
      for (const site of chosen) {
        const value = travelMinutes(haversineMetres(point, site), { mode: inputs.travelMode });
        if (value < minutes) {
          minutes = value;
          nearest = site;
        }
      }
      return {
        districtId: point.id,
        name: point.name ?? point.id,
        lat: point.lat,
        lon: point.lon,
        residents: point.counts.residents ?? 0,
        residents65plus: point.counts.residents65plus ?? 0,
        pastBookings: point.counts.pastBookings ?? 0,
        weight: point.weight,
        nearestSiteId: nearest.id,
        travelMinutes: minutes,
        covered: minutes <= inputs.coverageThresholdMinutes,
      };
    });
    const unitNames = new Map(prepared.units.map((unit) => [unit.id, unit.name]));
    const siteNames = new Map(prepared.sites.map((site) => [site.id, site.name ?? site.id]));
    const costPerMonth = monthlyCost(timetable.staffHoursPerMonth, timetable.unitDaysPerMonth, inputs);
    const selection = scenario.selection;
    return {
      p: scenario.chosenSiteIds.length,
      chosenSites: chosen.map((site) => ({
        id: site.id,
        name: site.name ?? site.id,
        lat: site.lat,
        lon: site.lon,
        placeholder: site.placeholder,
        servedWeight: scenario.servedWeightBySite[site.id] ?? 0,
        servedDistrictIds: demand.filter((d) => d.nearestSiteId === site.id).map((d) => d.districtId),
      })),
      metrics: {
        coveragePct: scenario.metrics.coverageWeightedPct,
        coveragePointsPct: scenario.metrics.coveragePointsPct,
        residentsTotal: demand.reduce((sum, d) => sum + d.residents, 0),
        residents65plusTotal: demand.reduce((sum, d) => sum + d.residents65plus, 0),
        residents65plusCovered: scenario.metrics.residents65plusCovered,
        residents65plusCoveredPct: scenario.metrics.residents65plusCoveredPct,
        meanTravelMinutes: scenario.metrics.meanTravelMinutes,
        worstTravelMinutes: scenario.metrics.worstTravelMinutes,
        staffHoursPerMonth: timetable.staffHoursPerMonth,
        unitDaysPerMonth: timetable.unitDaysPerMonth,
        costPerMonth,
      },
      solver: {
        kind: selection.kind,
        method: selection.method,
        sense: selection.sense,
        objective: selection.objective,
        bound: selection.bound !== undefined && Number.isFinite(selection.bound) ? selection.bound : null,
        gapPct: selection.gapPct !== undefined && Number.isFinite(selection.gapPct) ? selection.gapPct : null,
        provenOptimal: selection.provenOptimal,
        runtimeSeconds: selection.runtimeSeconds,
        reason: selection.reason,
        boundSource: selection.boundSource ?? null,
        solver: selection.solver ?? null,
      },
      timetable: {
        rules: timetable.rules.map((rule) => ({
          ...rule,
          siteName: siteNames.get(rule.siteId) ?? rule.siteId,
          unitName: unitNames.get(rule.unitId) ?? rule.unitId,
        })),
        unscheduled: timetable.unscheduled.map((entry) => ({
          ...entry,
          siteName: siteNames.get(entry.siteId) ?? entry.siteId,
        })),
        method: timetable.method,
        reason: timetable.reason,
        horizon,
        visitCount: timetable.visits.length,
        skippedHolidays: timetable.skippedHolidays.length,
      },
      demand,
      notes: prepared.notes,
      unitIds: prepared.units.map((unit) => unit.id),
    };
  }
}
