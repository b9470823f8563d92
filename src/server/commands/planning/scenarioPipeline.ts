/**
 * The pipeline of one scenario run, with no database: site selection and timetable in worker threads, a
 * budget search around them when the scenario asks for one, and the result view composed from both.
 */
import type { ScenarioResult } from '../../../planning/scenario.ts';
import { addDays, localDateOf } from '../../../domain/time.ts';
import { isSchoolSite } from '../../../domain/schoolHolidays.ts';
import { travelMinutes } from '../../../planning/access.ts';
import { combineDemandWeights } from '../../../planning/demand.ts';
import { haversineMetres } from '../../../planning/geo.ts';
import { runInWorker, type WorkerOutcome } from '../../../planning/runInWorker.ts';
import {
  depotMinutes,
  monthlyCost,
  nextMonday,
  openingHoursForTimetable,
  SETUP_MINUTES,
  TEARDOWN_MINUTES,
} from '../../../planning/scenarioSetup.ts';
import type { RobustnessResult } from '../../../planning/robustness.ts';
import type { SolveProgress } from '../../../planning/solvers/types.ts';
import type { TimetableInput, TimetableResult } from '../../../planning/timetable.ts';
import type { PreparedScenario } from './scenarioPreparation.ts';
import type {
  ScenarioErrorView,
  ScenarioInputs,
  ScenarioProgress,
  ScenarioResultView,
  RobustnessView,
} from './scenarioTypes.ts';

/** For tests: run the jobs in another worker script (e.g. src/planning/testing/crashingWorker.ts). */
export const scenarioRunnerTestHooks: { workerUrl?: URL | undefined } = {};

type Failure = Extract<WorkerOutcome, { ok: false }>;
export type PipelineOutcome =
  { ok: true; view: ScenarioResultView } | { ok: false; error: ScenarioErrorView };

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

/** Share of the progress bar the answer itself takes; the robustness variants take the rest. */
const ANSWER_SHARE = 0.85;

/**
 * Solves a prepared scenario (one pipeline for a given p, or the budget search over p), then the robustness
 * variants around its answer. The variants never fail the run: when they cannot be solved the answer stands and
 * the result says so.
 */
export async function solveScenario(
  prepared: PreparedScenario,
  inputs: ScenarioInputs,
  report: (progress: ScenarioProgress) => void,
  signal: AbortSignal,
): Promise<PipelineOutcome> {
  const outcome = await solveAnswer(
    prepared,
    inputs,
    (value) => report({ ...value, percent: value.percent * ANSWER_SHARE }),
    signal,
  );
  if (!outcome.ok) return outcome;
  const robustness = await solveRobustness(prepared, inputs, outcome.view, report, signal);
  if (robustness.status === 'failed' && robustness.reason === 'cancelled') {
    return { ok: false, error: { reason: 'cancelled', message: 'The run was cancelled.' } };
  }
  return { ok: true, view: { ...outcome.view, robustness } };
}

/**
 * The robustness variants (src/planning/robustness.ts) with the answer's number of sites, in one worker thread;
 * together they get the scenario's time limit.
 */
async function solveRobustness(
  prepared: PreparedScenario,
  inputs: ScenarioInputs,
  view: ScenarioResultView,
  report: (progress: ScenarioProgress) => void,
  signal: AbortSignal,
): Promise<RobustnessView> {
  const workerUrl = scenarioRunnerTestHooks.workerUrl;
  report({ step: 'robustness', phase: 'solving the variants', percent: ANSWER_SHARE * 100 });
  const outcome = await runInWorker(
    {
      kind: 'robustness',
      input: {
        base: { ...prepared.base, ...(inputs.objective === 'setcover' ? {} : { p: view.p }) },
        layers: prepared.layers,
        baseChosenSiteIds: view.chosenSites.map((site) => site.id),
        timeLimitSeconds: inputs.timeLimitSeconds,
      },
    },
    {
      onProgress: (value) =>
        report({
          step: 'robustness',
          phase: value.phase,
          percent: ANSWER_SHARE * 100 + value.percent * (1 - ANSWER_SHARE),
        }),
      signal,
      // Each variant gets at least a second, so many variants may take longer than the limit itself.
      timeLimitSeconds: Math.max(inputs.timeLimitSeconds, 20) * 2 + 30,
      ...(workerUrl ? { workerUrl } : {}),
    },
  );
  if (!outcome.ok) return { status: 'failed', reason: outcome.reason };
  const result = outcome.result as RobustnessResult;
  const siteById = new Map(prepared.sites.map((site) => [site.id, site]));
  return {
    ...result,
    sites: result.sites.map((site) => ({
      ...site,
      name: siteById.get(site.siteId)?.name ?? site.siteId,
      placeholder: siteById.get(site.siteId)?.placeholder ?? false,
    })),
  };
}

async function solveAnswer(
  prepared: PreparedScenario,
  inputs: ScenarioInputs,
  report: (progress: ScenarioProgress) => void,
  signal: AbortSignal,
): Promise<PipelineOutcome> {
  if (inputs.objective === 'setcover' || inputs.p !== undefined) {
    return runPipeline(prepared, inputs, inputs.p, report, signal);
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
    const outcome = await runPipeline(
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

async function runPipeline(
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
  const inWorker = (job: Parameters<typeof runInWorker>[0], step: ScenarioProgress['step']) =>
    runInWorker(job, {
      onProgress: onProgress(step),
      signal,
      timeLimitSeconds: hardLimit,
      ...(workerUrl ? { workerUrl } : {}),
    });
  const selection = await inWorker(
    { kind: 'scenario', input: { ...prepared.base, ...(p !== undefined ? { p } : {}) } },
    'selection',
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
  const horizon = { start, end: addDays(start, 83) };
  const timetableInput: TimetableInput = {
    sites: scenario.chosenSiteIds.map((siteId) => ({
      siteId,
      demandWeight: scenario.servedWeightBySite[siteId] ?? 0,
      travelMinutesFromDepot: depotMinutes(depot, siteById.get(siteId)!),
      openingHours: openingHoursForTimetable(prepared.siteRows.get(siteId)?.opening_hours ?? null),
      school: isSchoolSite(prepared.siteRows.get(siteId)?.category ?? ''),
      costPerDayEur: prepared.siteRows.get(siteId)?.cost_per_day_eur ?? null,
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
    current: prepared.inForce,
  };
  report({ step: 'timetable', phase: 'proposing a timetable', percent: 80 });
  const timetableOutcome = await inWorker({ kind: 'timetable', input: timetableInput }, 'timetable');
  if (!timetableOutcome.ok) return { ok: false, error: failureView(timetableOutcome, 'timetable') };
  const timetable = timetableOutcome.result as TimetableResult;
  return { ok: true, view: compose(prepared, inputs, scenario, timetable, horizon) };
}

function compose(
  prepared: PreparedScenario,
  inputs: ScenarioInputs,
  scenario: ScenarioResult,
  timetable: TimetableResult,
  horizon: { start: string; end: string },
): ScenarioResultView {
  const weighted = combineDemandWeights(prepared.demand, prepared.base.weightFactors);
  const chosen = scenario.chosenSiteIds.map((id) => prepared.sites.find((site) => site.id === id)!);
  const matrix = prepared.base.travelMinutes;
  const siteIndex = new Map(prepared.base.sites.map((site, j) => [site.id, j]));
  const demand = weighted.map((point, i) => {
    let nearest = chosen[0]!;
    let minutes = Infinity;
    for (const site of chosen) {
      const value = matrix
        ? matrix[i * prepared.base.sites.length + siteIndex.get(site.id)!]!
        : travelMinutes(haversineMetres(point, site), { mode: prepared.base.access.mode });
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
  // Results stored before venue costs existed have no `venueCostPerMonth`.
  const cost = monthlyCost(
    timetable.staffHoursPerMonth,
    timetable.unitDaysPerMonth,
    inputs,
    timetable.venueCostPerMonth ?? 0,
  );
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
      costPerMonth: cost.total,
      costBreakdown: { staff: cost.staff, units: cost.units, venues: cost.venues },
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
      changes: (timetable.changes ?? []).map((change) => ({
        ...change,
        siteName: siteNames.get(change.siteId) ?? prepared.siteRows.get(change.siteId)?.name ?? change.siteId,
      })),
      visitCount: timetable.visits.length,
      skippedHolidays: timetable.skippedHolidays.filter((skipped) => skipped.kind !== 'school').length,
      skippedSchoolHolidays: timetable.skippedHolidays.filter((skipped) => skipped.kind === 'school').length,
      schoolHolidays: timetable.schoolHolidays,
      schoolHolidaysKnownUntil: timetable.schoolHolidaysKnownUntil,
    },
    demand,
    notes: prepared.notes,
    unitIds: prepared.units.map((unit) => unit.id),
  };
}
