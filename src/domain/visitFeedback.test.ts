import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import { existsOnline, inPersonReasonProblem, parseFeedbackAnswers } from './visitFeedback.ts';

const fieldOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.field;
    throw error;
  }
  return undefined;
};

describe('the survey answers after a visit', () => {
  it('accepts the three questions, the comparison with the town hall optional', () => {
    expect(parseFeedbackAnswers({ satisfaction: 5, wouldUseAgain: 'yes' })).toEqual({
      satisfaction: 5,
      wouldUseAgain: 'yes',
      timeCompared: null,
      travelMode: null,
    });
    expect(
      parseFeedbackAnswers({ satisfaction: 1, wouldUseAgain: 'no', timeCompared: 'more', travelMode: 'bus' }),
    ).toMatchObject({ timeCompared: 'more', travelMode: 'bus' });
  });

  it('names the field of an answer out of range', () => {
    expect(fieldOf(() => parseFeedbackAnswers({ satisfaction: 0, wouldUseAgain: 'yes' }))).toBe(
      'satisfaction',
    );
    expect(fieldOf(() => parseFeedbackAnswers({ satisfaction: 6, wouldUseAgain: 'yes' }))).toBe(
      'satisfaction',
    );
    expect(fieldOf(() => parseFeedbackAnswers({ satisfaction: 3.5, wouldUseAgain: 'yes' }))).toBe(
      'satisfaction',
    );
    expect(fieldOf(() => parseFeedbackAnswers({ satisfaction: 3, wouldUseAgain: 'ja' }))).toBe(
      'wouldUseAgain',
    );
    expect(
      fieldOf(() => parseFeedbackAnswers({ satisfaction: 3, wouldUseAgain: 'yes', timeCompared: 'x' })),
    ).toBe('timeCompared');
    expect(
      fieldOf(() => parseFeedbackAnswers({ satisfaction: 3, wouldUseAgain: 'yes', travelMode: 'x' })),
    ).toBe('travelMode');
  });
});

describe('why a citizen came in person', () => {
  const delivered = [{ serviceId: 'wohnsitz-anmelden' }, { serviceId: 'briefwahl' }];

  it('asks only for services that also exist online', () => {
    expect(['yes', 'partial', 'no', 'unknown'].map(existsOnline)).toEqual([true, true, false, false]);
  });

  it('takes one known reason per delivered service', () => {
    expect(
      inPersonReasonProblem(
        [
          { serviceId: 'wohnsitz-anmelden', reason: 'no_eid' },
          { serviceId: 'briefwahl', reason: 'did_not_know' },
        ],
        delivered,
      ),
    ).toBeNull();
    expect(inPersonReasonProblem([{ serviceId: 'fundsachen', reason: 'other' }], delivered)).toMatchObject({
      index: 0,
      field: 'serviceId',
    });
    expect(
      inPersonReasonProblem(
        [
          { serviceId: 'briefwahl', reason: 'other' },
          { serviceId: 'briefwahl', reason: 'no_eid' },
        ],
        delivered,
      ),
    ).toMatchObject({ index: 1, field: 'serviceId' });
    expect(inPersonReasonProblem([{ serviceId: 'briefwahl', reason: 'lazy' }], delivered)).toMatchObject({
      index: 0,
      field: 'reason',
    });
  });
});
