/**
 * Cases and their process (tracker issue 11): the only source of the rules on process steps and on how a case
 * moves. A process definition is a list of steps; each step names who acts (at the stop, in the back office,
 * in the owning department), a checklist the actor works through, a deadline in days and whether the case is
 * handed to the e-file when the step is reached. Steps that belong to the back office or a department become
 * tasks in the owning department's inbox.
 */
import { DomainError } from './errors.ts';

export const processActors = ['stop', 'back_office', 'department'] as const;
export type ProcessActor = (typeof processActors)[number];

export interface ProcessStep {
  /** Stable within a definition: lower-case letters, digits, '-' and '_'. */
  key: string;
  name: string;
  actor: ProcessActor;
  checklist: string[];
  /** Days from the step's start to its deadline; null: no deadline. */
  deadlineDays: number | null;
  /** Reaching this step hands the case to the e-file (at most one step per definition). */
  handOff: boolean;
}

export const efileMessages = ['record', 'hand_over'] as const;
export type EfileMessage = (typeof efileMessages)[number];

export const MAX_PROCESS_STEPS = 50;
export const MAX_CHECKLIST_ITEMS = 30;
export const MAX_DEADLINE_DAYS = 365;
const stepKeyPattern = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export interface ProcessStepProblem {
  /** JSON pointer-like path, e.g. 'steps/2/deadlineDays'. */
  field: string;
  code:
    | 'no_steps'
    | 'too_many_steps'
    | 'invalid_step_key'
    | 'duplicate_step_key'
    | 'invalid_step_name'
    | 'invalid_actor'
    | 'too_many_checklist_items'
    | 'invalid_checklist_item'
    | 'invalid_deadline'
    | 'several_hand_off_steps'
    | 'hand_off_not_in_back_office';
}

/** Every problem of a list of steps; empty when the steps form a valid process. */
export function processStepProblems(steps: readonly ProcessStep[]): ProcessStepProblem[] {
  const problems: ProcessStepProblem[] = [];
  if (steps.length === 0) problems.push({ field: 'steps', code: 'no_steps' });
  if (steps.length > MAX_PROCESS_STEPS) problems.push({ field: 'steps', code: 'too_many_steps' });
  const keys = new Set<string>();
  let handOffs = 0;
  steps.forEach((step, index) => {
    const at = `steps/${index}`;
    if (!stepKeyPattern.test(step.key)) problems.push({ field: `${at}/key`, code: 'invalid_step_key' });
    else if (keys.has(step.key)) problems.push({ field: `${at}/key`, code: 'duplicate_step_key' });
    keys.add(step.key);
    const name = step.name.trim();
    if (name.length === 0 || name.length > 200)
      problems.push({ field: `${at}/name`, code: 'invalid_step_name' });
    if (!(processActors as readonly string[]).includes(step.actor))
      problems.push({ field: `${at}/actor`, code: 'invalid_actor' });
    if (step.checklist.length > MAX_CHECKLIST_ITEMS)
      problems.push({ field: `${at}/checklist`, code: 'too_many_checklist_items' });
    step.checklist.forEach((item, itemIndex) => {
      const text = item.trim();
      if (text.length === 0 || text.length > 300)
        problems.push({ field: `${at}/checklist/${itemIndex}`, code: 'invalid_checklist_item' });
    });
    if (
      step.deadlineDays !== null &&
      (!Number.isInteger(step.deadlineDays) || step.deadlineDays < 0 || step.deadlineDays > MAX_DEADLINE_DAYS)
    )
      problems.push({ field: `${at}/deadlineDays`, code: 'invalid_deadline' });
    if (step.handOff) {
      handOffs += 1;
      if (handOffs > 1) problems.push({ field: `${at}/handOff`, code: 'several_hand_off_steps' });
      // The hand-off is filed by the back office or the department, never from the stop's tablet.
      if (step.actor === 'stop')
        problems.push({ field: `${at}/handOff`, code: 'hand_off_not_in_back_office' });
    }
  });
  return problems;
}

/** Throws `validation` naming the first problem's field when the steps are not a valid process. */
export function assertValidProcessSteps(steps: readonly ProcessStep[]): void {
  const [first] = processStepProblems(steps);
  if (first)
    throw new DomainError('validation', { message: `process step: ${first.code}`, field: first.field });
}

/** Whether a step becomes a task in the owning department's inbox. */
export const stepIsTask = (step: ProcessStep): boolean => step.actor !== 'stop';

/** The step after `currentKey`, or null when it was the last one. Unknown keys are a programming error. */
export function nextProcessStep(steps: readonly ProcessStep[], currentKey: string): ProcessStep | null {
  const index = steps.findIndex((step) => step.key === currentKey);
  if (index < 0)
    throw new DomainError('validation', { message: `unknown step ${currentKey}`, field: 'stepKey' });
  return steps[index + 1] ?? null;
}

/** A step's deadline from when it starts, or null without one. */
export function stepDeadline(step: ProcessStep, startedAt: Date): Date | null {
  if (step.deadlineDays === null) return null;
  return new Date(startedAt.getTime() + step.deadlineDays * 24 * 60 * 60 * 1000);
}

/** Whether a task is overdue at `now` (open or in progress past its deadline). */
export const taskIsOverdue = (task: { status: string; dueAt: Date | null }, now: Date): boolean =>
  (task.status === 'open' || task.status === 'in_progress') && task.dueAt !== null && task.dueAt < now;

// --- How a case moves -------------------------------------------------------------------------------------

export const caseStatuses = [
  'open',
  'in_progress',
  'waiting',
  'handing_off',
  'handed_off',
  'closed',
  'cancelled',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export type CaseTransition =
  /** a step is being worked (at the stop, in the back office) */
  | 'start_work'
  /** the case waits for a task in a department's inbox or for the citizen */
  | 'wait'
  /** the hand-off step is reached: the xdomea message is queued */
  | 'queue_hand_off'
  /** the message was written to the transfer directory */
  | 'hand_off_written'
  /** the DMS confirmed the import */
  | 'hand_off_confirmed'
  /** the DMS refused the message: the back office corrects the case and hands off again */
  | 'hand_off_rejected'
  /** the last step is done */
  | 'close'
  | 'cancel';

const caseTransitions: Record<CaseStatus, Partial<Record<CaseTransition, CaseStatus>>> = {
  open: {
    start_work: 'in_progress',
    wait: 'waiting',
    queue_hand_off: 'handing_off',
    close: 'closed',
    cancel: 'cancelled',
  },
  in_progress: {
    start_work: 'in_progress',
    wait: 'waiting',
    queue_hand_off: 'handing_off',
    close: 'closed',
    cancel: 'cancelled',
  },
  waiting: {
    start_work: 'in_progress',
    wait: 'waiting',
    queue_hand_off: 'handing_off',
    close: 'closed',
    cancel: 'cancelled',
  },
  handing_off: {
    hand_off_written: 'handing_off',
    hand_off_confirmed: 'handed_off',
    hand_off_rejected: 'in_progress',
  },
  handed_off: { start_work: 'in_progress', wait: 'waiting', close: 'closed' },
  closed: {},
  cancelled: {},
};

/** The status after `transition`, or `illegal_transition` (409). */
export function transitionCase(status: CaseStatus, transition: CaseTransition): CaseStatus {
  const next = caseTransitions[status][transition];
  if (!next) throw new DomainError('illegal_transition', { message: `case ${status} cannot ${transition}` });
  return next;
}

/** Cases a citizen or clerk can still act on. */
export const caseIsOpen = (status: CaseStatus): boolean => status !== 'closed' && status !== 'cancelled';

/** 'MR-2026-000042' from the year and the running number. */
export function formatCaseNumber(year: number, runningNumber: number): string {
  if (!Number.isInteger(runningNumber) || runningNumber < 1 || runningNumber > 999_999)
    throw new DomainError('validation', { message: 'case number out of range', field: 'number' });
  return `MR-${String(year).padStart(4, '0')}-${String(runningNumber).padStart(6, '0')}`;
}

/** The simple default process for a service without a model: served at the stop, then filed by the back office. */
export function defaultProcessSteps(): ProcessStep[] {
  return [
    {
      key: 'stop',
      name: 'Vor Ort bearbeiten',
      actor: 'stop',
      checklist: ['Identität geprüft', 'Unterlagen vollständig'],
      deadlineDays: null,
      handOff: false,
    },
    {
      key: 'back-office',
      name: 'Im Fachbereich abschließen',
      actor: 'department',
      checklist: ['Antrag geprüft'],
      deadlineDays: 10,
      handOff: false,
    },
    {
      key: 'e-file',
      name: 'An die E-Akte übergeben',
      actor: 'back_office',
      checklist: ['Dokumente vollständig'],
      deadlineDays: 5,
      handOff: true,
    },
  ];
}

// --- Working through the steps ----------------------------------------------------------------------------

/**
 * Throws `checklist_incomplete` naming `checklist/<index>` of the first item not ticked, or `validation` naming
 * `checklist` when an item is ticked that the step does not have. Items are identified by their text.
 */
export function assertChecklistComplete(step: ProcessStep, ticked: readonly string[]): void {
  const given = new Set(ticked.map((item) => item.trim()));
  const known = new Set(step.checklist.map((item) => item.trim()));
  for (const item of given) {
    if (!known.has(item))
      throw new DomainError('validation', { message: 'unknown checklist item', field: 'checklist' });
  }
  const missing = step.checklist.findIndex((item) => !given.has(item.trim()));
  if (missing >= 0)
    throw new DomainError('checklist_incomplete', {
      message: `checklist item ${missing} of step ${step.key} is not ticked`,
      field: `checklist/${missing}`,
    });
}

/** What happens when a case enters `step`: its status, and whether a task or a hand-off starts. */
export interface StepEntry {
  step: ProcessStep;
  status: CaseStatus;
  createsTask: boolean;
  queuesHandOff: boolean;
}

function enterStep(status: CaseStatus, step: ProcessStep, creating: boolean): StepEntry {
  const transition: CaseTransition = step.handOff
    ? 'queue_hand_off'
    : stepIsTask(step)
      ? 'wait'
      : 'start_work';
  // A new case whose first step is at the stop stays open until the clerk works it.
  const next = creating && transition === 'start_work' ? status : transitionCase(status, transition);
  return { step, status: next, createsTask: stepIsTask(step), queuesHandOff: step.handOff };
}

/** A new case starts at its definition's first step. */
export function startCase(steps: readonly ProcessStep[]): StepEntry {
  const [first] = steps;
  if (!first) throw new DomainError('validation', { message: 'process without steps', field: 'steps' });
  return enterStep('open', first, true);
}

/** The result of completing the current step: the next step entered, or the case closed. */
export type CaseAdvance = { closed: false; entry: StepEntry } | { closed: true; status: CaseStatus };

/**
 * Completes `stepKey` of a case in `status` whose current step is `currentKey`: the step must be the current
 * one (`step_not_current` naming `stepKey`), the role one that acts in it (`step_not_for_role`), its checklist
 * fully ticked, and the case's status must allow the
 * move (`illegal_transition`, e.g. while the e-file has not yet confirmed the hand-off). Returns the next step
 * entered, or the closed case after the last step.
 */
export function advanceCase(
  status: CaseStatus,
  steps: readonly ProcessStep[],
  currentKey: string | null,
  stepKey: string,
  ticked: readonly string[],
  role: StepRole = 'admin',
): CaseAdvance {
  if (!caseIsOpen(status))
    throw new DomainError('illegal_transition', { message: `case is ${status}`, field: 'stepKey' });
  const step = steps.find((candidate) => candidate.key === stepKey);
  if (!step || currentKey !== stepKey)
    throw new DomainError('step_not_current', {
      message: `step ${stepKey} is not the case's current step`,
      field: 'stepKey',
    });
  if (!mayCompleteStep(step, role))
    throw new DomainError('step_not_for_role', {
      message: `a ${role} cannot complete a ${step.actor} step`,
      field: 'stepKey',
    });
  assertChecklistComplete(step, ticked);
  const next = nextProcessStep(steps, stepKey);
  if (!next) return { closed: true, status: transitionCase(status, 'close') };
  return { closed: false, entry: enterStep(status, next, false) };
}

/** Whole days since `since` at `now` (0 on the first day). */
export const ageInDays = (since: Date, now: Date): number =>
  Math.max(0, Math.floor((now.getTime() - since.getTime()) / (24 * 60 * 60 * 1000)));

export type StepRole = 'admin' | 'planner' | 'department' | 'clerk';

/** Who may complete a step: stop steps by the clerk at the stop (or an admin), the others by the department. */
export function mayCompleteStep(
  step: ProcessStep,
  role: 'admin' | 'planner' | 'department' | 'clerk',
): boolean {
  if (role === 'admin') return true;
  if (step.actor === 'stop') return role === 'clerk';
  return role === 'department';
}

/**
 * The purposes staff give for reading a case's personal data (kept as the code in the audit trail).
 * The list is short on purpose: a purpose is a reason the law accepts, not free text.
 */
export const caseAccessPurposes = [
  'processing',
  'citizen_inquiry',
  'stop_service',
  'supervision',
  'e_file',
] as const;
export type CaseAccessPurpose = (typeof caseAccessPurposes)[number];
