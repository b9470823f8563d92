import { describe, expect, it } from 'vitest';
import {
  defaultProcessSteps,
  formatCaseNumber,
  nextProcessStep,
  processStepProblems,
  stepDeadline,
  taskIsOverdue,
  transitionCase,
  type ProcessStep,
} from './caseProcess.ts';
import { isDomainError } from './errors.ts';

const step = (overrides: Partial<ProcessStep> = {}): ProcessStep => ({
  key: 'check',
  name: 'Prüfen',
  actor: 'department',
  checklist: ['Unterlagen geprüft'],
  deadlineDays: 5,
  handOff: false,
  ...overrides,
});

describe('process steps', () => {
  it('accepts the default process', () => {
    expect(processStepProblems(defaultProcessSteps())).toEqual([]);
  });

  it('names each problem by its field', () => {
    const problems = processStepProblems([
      step({ key: 'Bad Key' }),
      step({ key: 'a', deadlineDays: -1 }),
      step({ key: 'a', checklist: ['  '] }),
      step({ key: 'b', actor: 'stop', handOff: true }),
      step({ key: 'c', handOff: true }),
    ]);
    expect(problems).toEqual([
      { field: 'steps/0/key', code: 'invalid_step_key' },
      { field: 'steps/1/deadlineDays', code: 'invalid_deadline' },
      { field: 'steps/2/key', code: 'duplicate_step_key' },
      { field: 'steps/2/checklist/0', code: 'invalid_checklist_item' },
      { field: 'steps/3/handOff', code: 'hand_off_not_in_back_office' },
      { field: 'steps/4/handOff', code: 'several_hand_off_steps' },
    ]);
    expect(processStepProblems([])).toEqual([{ field: 'steps', code: 'no_steps' }]);
  });

  it('finds the next step and the deadline', () => {
    const steps = defaultProcessSteps();
    expect(nextProcessStep(steps, 'stop')?.key).toBe('back-office');
    expect(nextProcessStep(steps, 'e-file')).toBeNull();
    expect(() => nextProcessStep(steps, 'nope')).toThrow();
    const start = new Date('2026-03-27T10:00:00Z');
    expect(stepDeadline(step({ deadlineDays: 3 }), start)?.toISOString()).toBe('2026-03-30T10:00:00.000Z');
    expect(stepDeadline(step({ deadlineDays: null }), start)).toBeNull();
  });

  it('flags open tasks past their deadline only', () => {
    const now = new Date('2026-05-01T00:00:00Z');
    const past = new Date('2026-04-30T00:00:00Z');
    expect(taskIsOverdue({ status: 'open', dueAt: past }, now)).toBe(true);
    expect(taskIsOverdue({ status: 'in_progress', dueAt: past }, now)).toBe(true);
    expect(taskIsOverdue({ status: 'done', dueAt: past }, now)).toBe(false);
    expect(taskIsOverdue({ status: 'open', dueAt: null }, now)).toBe(false);
    expect(taskIsOverdue({ status: 'open', dueAt: new Date('2026-05-02T00:00:00Z') }, now)).toBe(false);
  });
});

describe('case status', () => {
  it('moves through a hand-off and refuses illegal moves', () => {
    let status = transitionCase('open', 'start_work');
    status = transitionCase(status, 'queue_hand_off');
    expect(status).toBe('handing_off');
    expect(transitionCase(status, 'hand_off_rejected')).toBe('in_progress');
    status = transitionCase(status, 'hand_off_confirmed');
    expect(transitionCase(status, 'close')).toBe('closed');
    let error: unknown;
    try {
      transitionCase('closed', 'start_work');
    } catch (caught) {
      error = caught;
    }
    expect(isDomainError(error, 'illegal_transition')).toBe(true);
    expect(() => transitionCase('handing_off', 'close')).toThrow();
  });

  it('formats case numbers', () => {
    expect(formatCaseNumber(2026, 42)).toBe('MR-2026-000042');
    expect(() => formatCaseNumber(2026, 0)).toThrow();
    expect(() => formatCaseNumber(2026, 1_000_000)).toThrow();
  });
});
