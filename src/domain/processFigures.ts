/**
 * Process figures from the case event log (tracker issue 11, item 7): lead times per service and step, per
 * channel, and the bottlenecks. Pure: the server loads the events and the definitions' deadlines.
 *
 * How times are read from the log (one case's events in time order):
 * - A step's lead time runs from its `step_started` event (the latest one before it) to its
 *   `step_completed`; without a `step_started`, from the case's previous `step_completed`, or from the case's
 *   first event. A step's waiting time runs from the previous `step_completed` (or the first event) to its
 *   `step_started`, and is only known where a `step_started` was written.
 * - A case's lead time runs from its first event to its `closed` event; open cases have none yet.
 * - A step is overdue when its lead time exceeds its deadline (deadlineDays of the case's definition).
 * - Per channel: the step lead times by the channel of the `step_completed` event (online, stop, back office,
 *   department, town hall; 'system' is not a channel of work), and the case lead times by the channel the
 *   case started in.
 * Cells of fewer than 5 cases are suppressed (count, median and p90 null), as everywhere in the evaluation.
 */
/** The kinds of case events (migration 037, case_events.kind). */
export const caseEventKinds = [
  'created',
  'booked',
  'visited',
  'step_started',
  'step_completed',
  'document_added',
  'task_created',
  'task_completed',
  'hand_off_queued',
  'handed_off',
  'hand_off_confirmed',
  'hand_off_failed',
  'closed',
  'cancelled',
] as const;
export type CaseEventKind = (typeof caseEventKinds)[number];

export const PROCESS_FIGURES_SUPPRESS_BELOW = 5;
const HOUR = 3_600_000;

export type WorkChannel = 'online' | 'stop' | 'back_office' | 'department' | 'town_hall';
export const workChannels: readonly WorkChannel[] = [
  'online',
  'stop',
  'back_office',
  'department',
  'town_hall',
];
export type CaseStartChannel = 'online' | 'stop' | 'back_office';

export interface ProcessCaseFact {
  caseId: string;
  serviceId: string;
  channel: CaseStartChannel;
  /** Deadlines of the case's definition by step key (days; null: none). */
  deadlines: ReadonlyMap<string, number | null>;
}

export interface ProcessEventFact {
  caseId: string;
  /** Epoch milliseconds. */
  at: number;
  kind: CaseEventKind;
  stepKey: string | null;
  channel: WorkChannel | 'system' | null;
}

/** Hours; all null when fewer than 5 cases make the cell. */
export interface LeadTimeCell {
  count: number | null;
  medianHours: number | null;
  p90Hours: number | null;
}

export interface StepFigures {
  stepKey: string;
  leadTime: LeadTimeCell;
  waiting: LeadTimeCell;
  /** Completions past the deadline; null when suppressed or the step has no deadline. */
  overdue: number | null;
  overdueShare: number | null;
}

export interface ServiceProcessFigures {
  serviceId: string;
  cases: LeadTimeCell;
  steps: StepFigures[];
}

export interface Bottleneck {
  serviceId: string;
  stepKey: string;
  medianHours: number;
  p90Hours: number;
  waitingMedianHours: number | null;
  count: number;
  overdueShare: number | null;
}

export interface ProcessFigures {
  suppressBelow: number;
  services: ServiceProcessFigures[];
  /** Step lead time by the channel the step was completed in. */
  channels: { channel: WorkChannel; leadTime: LeadTimeCell }[];
  /** Case lead time by the channel the case started in. */
  startChannels: { channel: CaseStartChannel; cases: LeadTimeCell }[];
  bottlenecks: {
    /** The steps with the longest median lead time, longest first (at most 5). */
    byLeadTime: Bottleneck[];
    /** The steps most often past their deadline, by share (at most 5, only steps with overdue completions). */
    byOverdue: Bottleneck[];
  };
}

/** Median (mean of the two middle values) and p90 (nearest rank) in hours, suppressed below 5. */
export function leadTimeCell(valuesMs: readonly number[]): LeadTimeCell {
  if (valuesMs.length < PROCESS_FIGURES_SUPPRESS_BELOW)
    return { count: valuesMs.length === 0 ? 0 : null, medianHours: null, p90Hours: null };
  const sorted = [...valuesMs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return {
    count: sorted.length,
    medianHours: median / HOUR,
    p90Hours: sorted[Math.ceil(0.9 * sorted.length) - 1]! / HOUR,
  };
}

/** At one instant, the step completes before the case closes (both are written in one transaction). */
const closingLast = (event: ProcessEventFact) =>
  event.kind === 'closed' || event.kind === 'cancelled' ? 1 : 0;

interface StepSample {
  serviceId: string;
  stepKey: string;
  leadMs: number;
  waitingMs: number | null;
  overdue: boolean | null;
  channel: ProcessEventFact['channel'];
}

export function computeProcessFigures(
  cases: readonly ProcessCaseFact[],
  events: readonly ProcessEventFact[],
): ProcessFigures {
  const byCase = new Map<string, ProcessEventFact[]>();
  for (const event of events) {
    const list = byCase.get(event.caseId);
    if (list) list.push(event);
    else byCase.set(event.caseId, [event]);
  }
  const samples: StepSample[] = [];
  const caseLeads: { serviceId: string; channel: CaseStartChannel; ms: number }[] = [];
  for (const fact of cases) {
    const list = (byCase.get(fact.caseId) ?? [])
      .slice()
      .sort((a, b) => a.at - b.at || closingLast(a) - closingLast(b));
    const first = list[0];
    if (!first) continue;
    let previousCompletion = first.at;
    const started = new Map<string, number>();
    for (const event of list) {
      if (event.kind === 'step_started' && event.stepKey) {
        started.set(event.stepKey, event.at);
      } else if (event.kind === 'step_completed' && event.stepKey) {
        const start = started.get(event.stepKey);
        const leadMs = event.at - (start ?? previousCompletion);
        const deadlineDays = fact.deadlines.get(event.stepKey) ?? null;
        samples.push({
          serviceId: fact.serviceId,
          stepKey: event.stepKey,
          leadMs,
          waitingMs: start === undefined ? null : start - previousCompletion,
          overdue: deadlineDays === null ? null : leadMs > deadlineDays * 24 * HOUR,
          channel: event.channel,
        });
        started.delete(event.stepKey);
        previousCompletion = event.at;
      } else if (event.kind === 'closed') {
        caseLeads.push({ serviceId: fact.serviceId, channel: fact.channel, ms: event.at - first.at });
        break;
      }
    }
  }

  const serviceIds = [...new Set(cases.map((fact) => fact.serviceId))].sort();
  const allSteps: (StepFigures & { serviceId: string })[] = [];
  const services = serviceIds.map((serviceId): ServiceProcessFigures => {
    const ofService = samples.filter((sample) => sample.serviceId === serviceId);
    const stepKeys = [...new Set(ofService.map((sample) => sample.stepKey))];
    const steps = stepKeys.map((stepKey): StepFigures => {
      const ofStep = ofService.filter((sample) => sample.stepKey === stepKey);
      const leadTime = leadTimeCell(ofStep.map((sample) => sample.leadMs));
      const withDeadline = ofStep.filter((sample) => sample.overdue !== null);
      const overdueCount = withDeadline.filter((sample) => sample.overdue).length;
      const shown = leadTime.count !== null && withDeadline.length >= PROCESS_FIGURES_SUPPRESS_BELOW;
      const figures: StepFigures = {
        stepKey,
        leadTime,
        waiting: leadTimeCell(
          ofStep.flatMap((sample) => (sample.waitingMs === null ? [] : [sample.waitingMs])),
        ),
        overdue: shown ? overdueCount : null,
        overdueShare: shown ? overdueCount / withDeadline.length : null,
      };
      allSteps.push({ ...figures, serviceId });
      return figures;
    });
    return {
      serviceId,
      cases: leadTimeCell(caseLeads.filter((lead) => lead.serviceId === serviceId).map((lead) => lead.ms)),
      steps,
    };
  });

  const bottleneckOf = (step: StepFigures & { serviceId: string }): Bottleneck => ({
    serviceId: step.serviceId,
    stepKey: step.stepKey,
    medianHours: step.leadTime.medianHours!,
    p90Hours: step.leadTime.p90Hours!,
    waitingMedianHours: step.waiting.medianHours,
    count: step.leadTime.count!,
    overdueShare: step.overdueShare,
  });
  const shownSteps = allSteps.filter((step) => step.leadTime.medianHours !== null);
  const byKey = (a: { serviceId: string; stepKey: string }, b: { serviceId: string; stepKey: string }) =>
    a.serviceId === b.serviceId ? (a.stepKey < b.stepKey ? -1 : 1) : a.serviceId < b.serviceId ? -1 : 1;

  return {
    suppressBelow: PROCESS_FIGURES_SUPPRESS_BELOW,
    services,
    channels: workChannels.map((channel) => ({
      channel,
      leadTime: leadTimeCell(
        samples.filter((sample) => sample.channel === channel).map((sample) => sample.leadMs),
      ),
    })),
    startChannels: (['online', 'stop', 'back_office'] as const).map((channel) => ({
      channel,
      cases: leadTimeCell(caseLeads.filter((lead) => lead.channel === channel).map((lead) => lead.ms)),
    })),
    bottlenecks: {
      byLeadTime: [...shownSteps]
        .sort((a, b) => b.leadTime.medianHours! - a.leadTime.medianHours! || byKey(a, b))
        .slice(0, 5)
        .map(bottleneckOf),
      byOverdue: shownSteps
        .filter((step) => (step.overdue ?? 0) > 0)
        .sort((a, b) => b.overdueShare! - a.overdueShare! || byKey(a, b))
        .slice(0, 5)
        .map(bottleneckOf),
    },
  };
}
