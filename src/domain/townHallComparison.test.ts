import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import { baselineOf, compareWithTownHall, type TownHallComparisonInput } from './townHallComparison.ts';

const A = 'personalausweis';
const B = 'meldebescheinigung';

/**
 * Selection 1 March – 30 April 2026: 61 days, so the baseline is 30 December 2025 – 28 February 2026.
 * March (31 days) is compared with 30 Dec – 29 Jan, April (30 days) with 30 Jan – 28 Feb.
 */
const input: TownHallComparisonInput = {
  from: '2026-03-01',
  to: '2026-04-30',
  townHall: [
    { day: '2026-03-02', serviceId: A, count: 100 },
    { day: '2026-04-01', serviceId: A, count: 80 },
    { day: '2026-03-03', serviceId: B, count: 4 },
    // the baseline: 15 Jan stands for 15 March, 10 Feb for 11 April, 20 Jan for 20 March
    { day: '2026-01-15', serviceId: A, count: 120 },
    { day: '2026-02-10', serviceId: A, count: 90 },
    { day: '2026-01-20', serviceId: B, count: 10 },
    // outside both: ignored
    { day: '2025-12-29', serviceId: A, count: 999 },
    { day: '2026-05-01', serviceId: A, count: 999 },
  ],
  coveredDays: [
    '2026-03-02',
    '2026-03-02',
    '2026-03-03',
    '2026-04-01',
    '2026-01-15',
    '2026-01-20',
    '2026-02-10',
    '2025-12-29',
    '2026-05-01',
  ],
  mobile: [
    { day: '2026-03-10', serviceId: A, count: 20 },
    { day: '2026-04-08', serviceId: A, count: 3 },
    { day: '2026-03-10', serviceId: B, count: 6 },
    // a mobile count in the baseline is no contact of the selection
    { day: '2026-02-20', serviceId: A, count: 50 },
  ],
  firstMobileDay: '2026-03-10',
};

describe('baselineOf', () => {
  it('is the same number of days directly before the period', () => {
    expect(baselineOf('2026-03-01', '2026-04-30')).toEqual({
      from: '2025-12-30',
      to: '2026-02-28',
      days: 61,
    });
    expect(baselineOf('2026-03-10', '2026-03-10')).toEqual({ from: '2026-03-09', to: '2026-03-09', days: 1 });
    // a leap year's February: 1–29 Feb 2028 has 29 days, so its baseline starts on 3 January
    expect(baselineOf('2028-02-01', '2028-02-29')).toEqual({
      from: '2028-01-03',
      to: '2028-01-31',
      days: 29,
    });
  });

  it('refuses a period that ends before it starts, or no date', () => {
    expect(() => baselineOf('2026-03-02', '2026-03-01')).toThrow(DomainError);
    expect(() => baselineOf('2026-02-30', '2026-03-01')).toThrow(expect.objectContaining({ field: 'from' }));
  });
});

describe('compareWithTownHall, worked out by hand', () => {
  const result = compareWithTownHall(input);

  it('names the period, its baseline, its months and the days with counts', () => {
    expect(result.period).toEqual({
      key: 'all',
      from: '2026-03-01',
      to: '2026-04-30',
      baselineFrom: '2025-12-30',
      baselineTo: '2026-02-28',
      townHallDays: 3,
      baselineDays: 3,
    });
    expect(result.months).toEqual([
      {
        key: '2026-03',
        from: '2026-03-01',
        to: '2026-03-31',
        baselineFrom: '2025-12-30',
        baselineTo: '2026-01-29',
        townHallDays: 2,
        baselineDays: 2,
      },
      {
        key: '2026-04',
        from: '2026-04-01',
        to: '2026-04-30',
        baselineFrom: '2026-01-30',
        baselineTo: '2026-02-28',
        townHallDays: 1,
        baselineDays: 1,
      },
    ]);
    expect(result.baselineOverlapsMobile).toBe(false);
  });

  it('totals: 184 at the town hall against 220 before, 29 mobile', () => {
    expect(result.total).toEqual({
      townHall: 184,
      mobile: 29,
      mobileShare: 29 / 213,
      townHallBefore: 220,
      change: -36,
      changeShare: -36 / 220,
    });
  });

  it('per service: small counts hide the count, the share and the change', () => {
    expect(result.byService).toEqual([
      // B: 4 at the town hall is too small to show, so is everything computed from it
      {
        serviceId: B,
        townHall: null,
        mobile: 6,
        mobileShare: null,
        townHallBefore: 10,
        change: null,
        changeShare: null,
      },
      {
        serviceId: A,
        townHall: 180,
        mobile: 23,
        mobileShare: 23 / 203,
        townHallBefore: 210,
        change: -30,
        changeShare: -30 / 210,
      },
    ]);
  });

  it('per month: each month against its own shifted days', () => {
    expect(result.byMonth).toEqual([
      // March: 100 + 4 against 120 + 10; mobile 20 + 6 → a fifth of 130
      {
        month: '2026-03',
        townHall: 104,
        mobile: 26,
        mobileShare: 0.2,
        townHallBefore: 130,
        change: -26,
        changeShare: -0.2,
      },
      // April: 80 against 90; 3 mobile are too few for a share
      {
        month: '2026-04',
        townHall: 80,
        mobile: null,
        mobileShare: null,
        townHallBefore: 90,
        change: -10,
        changeShare: -10 / 90,
      },
    ]);
  });

  it('per service and month, zeros shown where the town hall reported the day', () => {
    expect(result.byServiceMonth).toEqual([
      {
        serviceId: B,
        month: '2026-03',
        townHall: null,
        mobile: 6,
        mobileShare: null,
        townHallBefore: 10,
        change: null,
        changeShare: null,
      },
      // April has counts (for A): B's zero is a zero, the change 0 − 0 = 0, its rate undefined
      {
        serviceId: B,
        month: '2026-04',
        townHall: 0,
        mobile: 0,
        mobileShare: null,
        townHallBefore: 0,
        change: 0,
        changeShare: null,
      },
      {
        serviceId: A,
        month: '2026-03',
        townHall: 100,
        mobile: 20,
        mobileShare: 20 / 120,
        townHallBefore: 120,
        change: -20,
        changeShare: -20 / 120,
      },
      {
        serviceId: A,
        month: '2026-04',
        townHall: 80,
        mobile: null,
        mobileShare: null,
        townHallBefore: 90,
        change: -10,
        changeShare: -10 / 90,
      },
    ]);
  });

  it('has no change where the baseline has no imported day, and no share where the period has none', () => {
    const noBaseline = compareWithTownHall({
      ...input,
      townHall: input.townHall.filter((row) => row.day >= '2026-03-01'),
      coveredDays: input.coveredDays.filter((day) => day >= '2026-03-01'),
    });
    expect(noBaseline.period.baselineDays).toBe(0);
    expect(noBaseline.total).toMatchObject({
      townHall: 184,
      townHallBefore: 0,
      change: null,
      changeShare: null,
    });
    expect(noBaseline.total.mobileShare).toBeCloseTo(29 / 213, 12);

    const noCounts = compareWithTownHall({ ...input, townHall: [], coveredDays: [] });
    expect(noCounts.total).toEqual({
      townHall: 0,
      mobile: 29,
      mobileShare: null,
      townHallBefore: 0,
      change: null,
      changeShare: null,
    });
    expect(noCounts.byService.map((row) => row.serviceId)).toEqual([B, A]);
  });

  it('says when the baseline is no "before": the Mobiles Rathaus was already out', () => {
    expect(compareWithTownHall({ ...input, firstMobileDay: '2026-02-28' }).baselineOverlapsMobile).toBe(true);
    expect(compareWithTownHall({ ...input, firstMobileDay: '2026-03-01' }).baselineOverlapsMobile).toBe(
      false,
    );
    expect(compareWithTownHall({ ...input, firstMobileDay: null }).baselineOverlapsMobile).toBe(false);
  });

  it('clips the first and last month to the period', () => {
    const clipped = compareWithTownHall({ ...input, from: '2026-03-20', to: '2026-04-05' });
    expect(clipped.period).toMatchObject({ baselineFrom: '2026-03-03', baselineTo: '2026-03-19' });
    expect(
      clipped.months.map(({ key, from, to, baselineFrom, baselineTo }) => [
        key,
        from,
        to,
        baselineFrom,
        baselineTo,
      ]),
    ).toEqual([
      ['2026-03', '2026-03-20', '2026-03-31', '2026-03-03', '2026-03-14'],
      ['2026-04', '2026-04-01', '2026-04-05', '2026-03-15', '2026-03-19'],
    ]);
    // 1 April's 80 in the period; 3 March's 4 (B) in March's baseline; the mobile 10 March in the baseline too
    expect(clipped.total).toMatchObject({ townHall: 80, townHallBefore: null, mobile: 0, change: null });
    expect(clipped.byMonth[0]).toMatchObject({ townHall: 0, townHallBefore: null, change: null });
  });
});
