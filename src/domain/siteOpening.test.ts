import { describe, expect, it } from 'vitest';
import { siteClosedFor } from './siteOpening.ts';

const hours = [
  { days: ['mo', 'tu', 'we', 'th', 'fr'], opens: '09:00', closes: '18:00' },
  { days: ['sa'], opens: '10:00', closes: '13:00' },
];

describe('whether a site is open for a stop', () => {
  it('is open inside the hours of that weekday', () => {
    expect(siteClosedFor(hours, '2030-03-05', '09:00', '12:00')).toBeUndefined();
    expect(siteClosedFor(hours, '2030-03-09', '10:00', '13:00')).toBeUndefined();
  });

  it('is closed on a day without hours, outside the hours and on a public holiday', () => {
    expect(siteClosedFor(hours, '2030-03-10', '10:00', '12:00')).toEqual({
      kind: 'site_closed',
      reason: 'closed_that_day',
    });
    expect(siteClosedFor(hours, '2030-03-09', '12:00', '14:00')).toEqual({
      kind: 'site_closed',
      reason: 'outside_opening_hours',
      opens: '10:00',
      closes: '13:00',
    });
    expect(siteClosedFor(hours, '2030-10-03', '09:00', '12:00')).toMatchObject({
      kind: 'site_closed',
      reason: 'holiday',
      holidayName: 'Tag der Deutschen Einheit',
    });
  });

  it('never counts unknown hours, or a day without times, as closed', () => {
    expect(siteClosedFor(null, '2030-03-10', '10:00', '12:00')).toBeUndefined();
    expect(siteClosedFor([{ days: ['su'] }], '2030-03-10', '06:00', '23:00')).toBeUndefined();
  });
});
