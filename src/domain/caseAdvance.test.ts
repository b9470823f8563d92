import { describe, expect, it } from 'vitest';
import {
  advanceCase,
  ageInDays,
  assertChecklistComplete,
  defaultProcessSteps,
  mayCompleteStep,
  startCase,
} from './caseProcess.ts';
import { type DomainError } from './errors.ts';

const steps = defaultProcessSteps();
const thrown = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('did not throw');
};

describe('working a case through its steps', () => {
  it('starts open at the stop step; a first back-office step makes it wait', () => {
    expect(startCase(steps)).toMatchObject({ status: 'open', createsTask: false, queuesHandOff: false });
    expect(startCase(steps.slice(1))).toMatchObject({ status: 'waiting', createsTask: true });
  });

  it('moves stop → department task → hand-off, and closes after the last step once handed off', () => {
    const toTask = advanceCase('open', steps, 'stop', 'stop', steps[0]!.checklist);
    expect(toTask).toMatchObject({ closed: false, entry: { status: 'waiting', createsTask: true } });
    const toHandOff = advanceCase('waiting', steps, 'back-office', 'back-office', ['Antrag geprüft']);
    expect(toHandOff).toMatchObject({
      closed: false,
      entry: { status: 'handing_off', createsTask: true, queuesHandOff: true },
    });
    // While the e-file has not confirmed, the hand-off step cannot be completed.
    expect(
      thrown(() => advanceCase('handing_off', steps, 'e-file', 'e-file', ['Dokumente vollständig'])).code,
    ).toBe('illegal_transition');
    expect(advanceCase('handed_off', steps, 'e-file', 'e-file', ['Dokumente vollständig'])).toEqual({
      closed: true,
      status: 'closed',
    });
  });

  it('refuses another step than the current one, naming stepKey', () => {
    const error = thrown(() => advanceCase('open', steps, 'stop', 'back-office', ['Antrag geprüft']));
    expect(error).toMatchObject({ code: 'step_not_current', field: 'stepKey' });
    expect(thrown(() => advanceCase('open', steps, 'stop', 'nope', [])).code).toBe('step_not_current');
    expect(thrown(() => advanceCase('closed', steps, null, 'stop', [])).code).toBe('illegal_transition');
  });

  it('names the first unticked checklist item, and refuses items the step does not have', () => {
    expect(thrown(() => assertChecklistComplete(steps[0]!, ['Identität geprüft']))).toMatchObject({
      code: 'checklist_incomplete',
      field: 'checklist/1',
    });
    expect(thrown(() => assertChecklistComplete(steps[0]!, [...steps[0]!.checklist, 'x']))).toMatchObject({
      code: 'validation',
      field: 'checklist',
    });
    expect(() => assertChecklistComplete(steps[0]!, [...steps[0]!.checklist].reverse())).not.toThrow();
  });

  it('lets the clerk complete stop steps and the department the others', () => {
    expect(mayCompleteStep(steps[0]!, 'clerk')).toBe(true);
    expect(mayCompleteStep(steps[0]!, 'department')).toBe(false);
    expect(mayCompleteStep(steps[1]!, 'department')).toBe(true);
    expect(mayCompleteStep(steps[1]!, 'clerk')).toBe(false);
    expect(mayCompleteStep(steps[1]!, 'planner')).toBe(false);
    expect(mayCompleteStep(steps[2]!, 'admin')).toBe(true);
  });

  it('counts whole days of age', () => {
    const start = new Date('2026-03-01T10:00:00Z');
    expect(ageInDays(start, new Date('2026-03-01T23:00:00Z'))).toBe(0);
    expect(ageInDays(start, new Date('2026-03-04T10:00:00Z'))).toBe(3);
    expect(ageInDays(start, new Date('2026-02-01T10:00:00Z'))).toBe(0);
  });
});
