import { describe, expect, it } from 'vitest';
import {
  computeProcessFigures,
  leadTimeCell,
  type ProcessCaseFact,
  type ProcessEventFact,
} from './processFigures.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const t0 = Date.parse('2026-03-02T08:00:00Z');

/**
 * Five ID-card cases worked out by hand. Case i (1–5) starts online at t0 + i days; the clerk starts the stop
 * step one hour later and completes it after i × 10 minutes; the back office completes its step (no start
 * event, deadline one day) i × 12 hours later, and the case closes then.
 */
function idCardCases(): { cases: ProcessCaseFact[]; events: ProcessEventFact[] } {
  const cases: ProcessCaseFact[] = [];
  const events: ProcessEventFact[] = [];
  for (let i = 1; i <= 5; i++) {
    const caseId = `a${i}`;
    cases.push({
      caseId,
      serviceId: 'id-card',
      channel: 'online',
      deadlines: new Map([
        ['stop', null],
        ['bo', 1],
      ]),
    });
    const start = t0 + i * 24 * HOUR;
    const stopDone = start + HOUR + i * 10 * MINUTE;
    const boDone = stopDone + i * 12 * HOUR;
    events.push(
      // Written out of order on purpose: the figures sort each case's events by time.
      { caseId, at: boDone, kind: 'closed', stepKey: null, channel: 'system' },
      { caseId, at: start, kind: 'created', stepKey: null, channel: 'online' },
      { caseId, at: start + HOUR, kind: 'step_started', stepKey: 'stop', channel: 'stop' },
      { caseId, at: stopDone, kind: 'step_completed', stepKey: 'stop', channel: 'stop' },
      { caseId, at: boDone, kind: 'step_completed', stepKey: 'bo', channel: 'back_office' },
    );
  }
  // Three registration cases: too few to show.
  for (let i = 1; i <= 3; i++) {
    const caseId = `b${i}`;
    cases.push({ caseId, serviceId: 'registration', channel: 'stop', deadlines: new Map() });
    events.push(
      { caseId, at: t0, kind: 'created', stepKey: null, channel: 'stop' },
      { caseId, at: t0 + 100 * HOUR, kind: 'step_completed', stepKey: 'stop', channel: 'stop' },
      { caseId, at: t0 + 100 * HOUR, kind: 'closed', stepKey: null, channel: 'system' },
    );
  }
  return { cases, events };
}

describe('process figures from the case event log', () => {
  const figures = computeProcessFigures(idCardCases().cases, idCardCases().events);

  it('gives lead and waiting times per service and step, with overdue completions', () => {
    const idCard = figures.services.find((service) => service.serviceId === 'id-card')!;
    // Cases: 1 h + i × 10 min + i × 12 h = 13:10, 25:20, 37:30, 49:40, 61:50.
    expect(idCard.cases).toEqual({ count: 5, medianHours: 37.5, p90Hours: 61 + 50 / 60 });
    const [stop, bo] = idCard.steps;
    expect(stop).toEqual({
      stepKey: 'stop',
      // 10 … 50 minutes; it waited one hour for the clerk each time.
      leadTime: { count: 5, medianHours: 0.5, p90Hours: 50 / 60 },
      waiting: { count: 5, medianHours: 1, p90Hours: 1 },
      overdue: null,
      overdueShare: null,
    });
    expect(bo).toEqual({
      stepKey: 'bo',
      // 12, 24, 36, 48, 60 hours from the stop step's completion; over one day: 36, 48, 60.
      leadTime: { count: 5, medianHours: 36, p90Hours: 60 },
      waiting: { count: 0, medianHours: null, p90Hours: null },
      overdue: 3,
      overdueShare: 0.6,
    });
  });

  it('suppresses cells of fewer than five cases', () => {
    const registration = figures.services.find((service) => service.serviceId === 'registration')!;
    expect(registration.cases).toEqual({ count: null, medianHours: null, p90Hours: null });
    expect(registration.steps[0]!.leadTime).toEqual({ count: null, medianHours: null, p90Hours: null });
    // The registration cases' stop step (three of them) joins the stop channel's eight samples.
    expect(figures.bottlenecks.byLeadTime.map((b) => `${b.serviceId}/${b.stepKey}`)).toEqual([
      'id-card/bo',
      'id-card/stop',
    ]);
  });

  it('gives lead times per channel of work and per channel the case started in', () => {
    const channel = (name: string) => figures.channels.find((row) => row.channel === name)!.leadTime;
    // Stop: 10, 20, 30, 40, 50 min and three times 100 h → median (40 min + 50 min) / 2, p90 the 8th value.
    expect(channel('stop')).toEqual({ count: 8, medianHours: 0.75, p90Hours: 100 });
    expect(channel('back_office')).toEqual({ count: 5, medianHours: 36, p90Hours: 60 });
    expect(channel('online')).toEqual({ count: 0, medianHours: null, p90Hours: null });
    const start = (name: string) => figures.startChannels.find((row) => row.channel === name)!.cases;
    expect(start('online')).toEqual({ count: 5, medianHours: 37.5, p90Hours: 61 + 50 / 60 });
    expect(start('stop')).toEqual({ count: null, medianHours: null, p90Hours: null });
  });

  it('names the bottlenecks: the longest steps and the steps most often late', () => {
    expect(figures.bottlenecks.byLeadTime[0]).toEqual({
      serviceId: 'id-card',
      stepKey: 'bo',
      medianHours: 36,
      p90Hours: 60,
      waitingMedianHours: null,
      count: 5,
      overdueShare: 0.6,
    });
    expect(figures.bottlenecks.byOverdue.map((b) => [b.stepKey, b.overdueShare])).toEqual([['bo', 0.6]]);
  });

  it('takes the median of an even count as the mean of the middle two and p90 by nearest rank', () => {
    expect(leadTimeCell([1, 2, 3, 4, 5, 6].map((h) => h * HOUR))).toEqual({
      count: 6,
      medianHours: 3.5,
      p90Hours: 6,
    });
    expect(leadTimeCell([])).toEqual({ count: 0, medianHours: null, p90Hours: null });
  });
});
