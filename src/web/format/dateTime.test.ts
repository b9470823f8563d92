import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatLongDate,
  formatTime,
  isoWeekday,
  localDateOf,
  monthWeeks,
  weekdayNames,
} from './dateTime.ts';

describe('dates and times in Berlin time', () => {
  it('writes a long date the German and the English way', () => {
    expect(formatLongDate('2027-01-14', 'de')).toBe('Donnerstag, 14. Januar 2027');
    expect(formatLongDate('2027-01-13T09:30:00.000Z', 'de')).toBe('Mittwoch, 13. Januar 2027');
    expect(formatLongDate('2027-01-13', 'en')).toMatch(/^Wednesday,? 13 January 2027$/);
  });

  it('shows times in Berlin time, winter and summer', () => {
    expect(formatTime('2027-01-13T09:30:00.000Z', 'de')).toBe('10:30');
    expect(formatTime('2027-07-14T08:05:00.000Z', 'en')).toBe('10:05');
  });

  it('finds the Berlin date of an instant near midnight', () => {
    expect(localDateOf('2027-01-13T23:30:00.000Z')).toBe('2027-01-14');
    expect(localDateOf('2027-07-13T21:59:00.000Z')).toBe('2027-07-13');
  });

  it('counts days and weekdays', () => {
    expect(addDays('2027-02-27', 2)).toBe('2027-03-01');
    expect(isoWeekday('2027-01-13')).toBe(3);
    expect(isoWeekday('2027-01-17')).toBe(7);
  });

  it('lays a month out in weeks from Monday', () => {
    const weeks = monthWeeks(2027, 2);
    // February 2027 starts on a Monday and has 28 days: exactly four weeks.
    expect(weeks).toHaveLength(4);
    expect(weeks[0]?.[0]).toBe('2027-02-01');
    const january = monthWeeks(2027, 1);
    expect(january[0]?.slice(0, 4)).toEqual([null, null, null, null]);
    expect(january[0]?.[4]).toBe('2027-01-01');
    expect(january.at(-1)?.filter(Boolean).at(-1)).toBe('2027-01-31');
    expect(january.every((week) => week.length === 7)).toBe(true);
  });

  it('names the weekdays from Monday', () => {
    expect(weekdayNames('de')[0]?.long).toBe('Montag');
    expect(weekdayNames('en')[6]?.long).toBe('Sunday');
  });
});
