import { describe, expect, it } from 'vitest';
import { auditQueryString } from './api.ts';
import {
  auditFiltersFromParams,
  auditFiltersToParams,
  berlinMidnight,
  emptyAuditFilters,
  formatAuditDetails,
  validateAuditFilters,
} from './auditFilters.ts';

describe('auditQueryString', () => {
  it('leaves out blank and missing filters and trims the rest', () => {
    expect(auditQueryString({})).toBe('');
    expect(auditQueryString({ action: '  ', subjectId: '', actor: undefined })).toBe('');
    expect(auditQueryString({ action: ' booking.confirmed ', limit: 25 })).toBe(
      '?action=booking.confirmed&limit=25',
    );
  });

  it('encodes values and keeps the API order, cursor last', () => {
    expect(
      auditQueryString({
        cursor: 41,
        actor: 'staff:7f1c',
        subjectType: 'planning_scenario',
        from: '2025-03-01T00:00:00.000Z',
      }),
    ).toBe('?subjectType=planning_scenario&actor=staff%3A7f1c&from=2025-03-01T00%3A00%3A00.000Z&cursor=41');
  });
});

describe('berlinMidnight', () => {
  it('is 23:00 UTC the day before in winter and 22:00 in summer', () => {
    expect(berlinMidnight('2025-01-15')).toBe('2025-01-14T23:00:00.000Z');
    expect(berlinMidnight('2025-07-01')).toBe('2025-06-30T22:00:00.000Z');
  });

  it('handles the days the clocks change', () => {
    expect(berlinMidnight('2025-03-30')).toBe('2025-03-29T23:00:00.000Z');
    expect(berlinMidnight('2025-03-31')).toBe('2025-03-30T22:00:00.000Z');
    expect(berlinMidnight('2025-10-26')).toBe('2025-10-25T22:00:00.000Z');
    expect(berlinMidnight('2025-10-27')).toBe('2025-10-26T23:00:00.000Z');
  });
});

describe('validateAuditFilters', () => {
  it('turns an empty form into no filters', () => {
    expect(validateAuditFilters(emptyAuditFilters)).toEqual({ errors: [], search: {} });
  });

  it('trims texts and makes both dates inclusive days in Berlin time', () => {
    const { errors, search } = validateAuditFilters({
      subjectType: 'booking',
      subjectId: ' 42 ',
      actor: '',
      action: 'booking.confirmed',
      period: 'custom',
      from: '2025-03-01',
      to: '2025-03-31',
    });
    expect(errors).toEqual([]);
    expect(search).toEqual({
      subjectType: 'booking',
      subjectId: '42',
      action: 'booking.confirmed',
      from: '2025-02-28T23:00:00.000Z',
      to: '2025-03-31T22:00:00.000Z',
    });
  });

  it('accepts one and the same day for from and to', () => {
    const { errors, search } = validateAuditFilters({
      ...emptyAuditFilters,
      from: '2025-05-02',
      to: '2025-05-02',
    });
    expect(errors).toEqual([]);
    expect(search).toEqual({ from: '2025-05-01T22:00:00.000Z', to: '2025-05-02T22:00:00.000Z' });
  });

  it('refuses a from date after the to date, at the to field', () => {
    expect(
      validateAuditFilters({ ...emptyAuditFilters, from: '2025-06-10', to: '2025-06-09' }).errors,
    ).toEqual([{ field: 'to', problem: 'fromAfterTo' }]);
  });

  it('refuses dates that are not complete calendar dates, or that the browser could not read', () => {
    expect(
      validateAuditFilters({ ...emptyAuditFilters, from: '2025-02-30', to: '10.03.2025' }).errors,
    ).toEqual([
      { field: 'from', problem: 'invalidDate' },
      { field: 'to', problem: 'invalidDate' },
    ]);
    expect(validateAuditFilters(emptyAuditFilters, { to: true }).errors).toEqual([
      { field: 'to', problem: 'invalidDate' },
    ]);
  });

  it('refuses texts longer than the API takes', () => {
    const { errors, search } = validateAuditFilters({ ...emptyAuditFilters, action: 'x'.repeat(201) });
    expect(errors).toEqual([{ field: 'action', problem: 'tooLong' }]);
    expect(search).toEqual({});
    expect(validateAuditFilters({ ...emptyAuditFilters, action: 'x'.repeat(200) }).errors).toEqual([]);
  });
});

describe('the search in the page address', () => {
  it('keeps only filled-in fields and reads them back', () => {
    const params = auditFiltersToParams({ action: ' staff.signed_in ', from: '2025-01-01', subjectId: '' });
    expect(params.toString()).toBe('action=staff.signed_in&from=2025-01-01');
    // Dates without a period (an older link) mean "Eigener Zeitraum".
    expect(auditFiltersFromParams(params)).toEqual({
      ...emptyAuditFilters,
      action: 'staff.signed_in',
      period: 'custom',
      from: '2025-01-01',
    });
  });

  it('keeps the dates only with "Eigener Zeitraum" and drops unknown periods', () => {
    const custom = auditFiltersToParams({ period: 'custom', from: '2025-01-01', to: '2025-01-31' });
    expect(custom.toString()).toBe('period=custom&from=2025-01-01&to=2025-01-31');
    expect(auditFiltersFromParams(custom)).toEqual({
      ...emptyAuditFilters,
      period: 'custom',
      from: '2025-01-01',
      to: '2025-01-31',
    });
    expect(auditFiltersToParams({ period: 'last7', from: '2025-01-01' }).toString()).toBe('period=last7');
    expect(auditFiltersFromParams(new URLSearchParams('period=last7&from=2025-01-01'))).toEqual({
      ...emptyAuditFilters,
      period: 'last7',
    });
    expect(auditFiltersFromParams(new URLSearchParams('period=yesterday&actor=system'))).toEqual({
      ...emptyAuditFilters,
      actor: 'system',
    });
  });
});

describe('the period filter', () => {
  // 10:30 in Berlin on 15 March 2025 (winter time, UTC+1); 00:30 in Berlin on 1 July 2025 (summer time).
  const winter = new Date('2025-03-15T09:30:00Z');
  const summerJustAfterMidnight = new Date('2025-06-30T22:30:00Z');
  const searchFor = (period: string, now: Date) =>
    validateAuditFilters({ ...emptyAuditFilters, period, from: '2000-01-01', to: '2000-01-02' }, {}, now);

  it('starts "Heute" at midnight in Berlin, not in UTC, and has no end', () => {
    expect(searchFor('today', winter)).toEqual({ errors: [], search: { from: '2025-03-14T23:00:00.000Z' } });
    expect(searchFor('today', summerJustAfterMidnight).search).toEqual({ from: '2025-06-30T22:00:00.000Z' });
  });

  it('counts today as the first of the last 7 and 30 days, across the clock change', () => {
    expect(searchFor('last7', winter).search).toEqual({ from: '2025-03-08T23:00:00.000Z' });
    expect(searchFor('last30', new Date('2025-04-10T10:00:00Z')).search).toEqual({
      from: '2025-03-11T23:00:00.000Z',
    });
  });

  it('uses the dates with "Eigener Zeitraum" only', () => {
    expect(searchFor('custom', winter).search).toEqual({
      from: '1999-12-31T23:00:00.000Z',
      to: '2000-01-02T23:00:00.000Z',
    });
  });
});

describe('formatAuditDetails', () => {
  it('writes compact key=value pairs, nested objects by dotted keys', () => {
    expect(
      formatAuditDetails({
        counter: 2,
        method: 'password',
        changes: { role: { before: 'clerk', after: 'admin' } },
        note: null,
      }),
    ).toBe('counter=2; method=password; changes.role.before=clerk; changes.role.after=admin; note=null');
  });

  it('cuts long lists and shows empty ones', () => {
    expect(formatAuditDetails({ ids: ['a', 'b', 'c', 'd', 'e', 'f', 'g'], none: [], empty: {} })).toBe(
      'ids=[a, b, c, d, e, … (+2)]; none=[]; empty={}',
    );
    expect(formatAuditDetails({ rows: [{ id: 1 }] })).toBe('rows=[{"id":1}]');
    expect(formatAuditDetails({})).toBe('');
  });
});
