// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { TestPhaseKpiResult, TestPhaseReport } from './api.ts';
import { catchmentAreas, kpiCharts } from './testPhaseCharts.ts';

const result = (overrides: Partial<TestPhaseKpiResult> & Pick<TestPhaseKpiResult, 'kpi'>) =>
  ({
    comparator: 'at_least',
    target: 0.6,
    districtId: null,
    actual: 0.778,
    status: 'met',
    clearlyMissed: false,
    ...overrides,
  }) as TestPhaseKpiResult;

const district = (id: string, parentId: string | null = null) => ({
  id,
  name: id[0]!.toUpperCase() + id.slice(1),
  parentId,
  lat: 51.9,
  lon: 8.4,
  areaKm2: 10,
});

/** The parts of a report the mapping reads; the rest is not looked at. */
const report = {
  overall: {
    kpis: [
      result({ kpi: 'utilisation' }),
      result({ kpi: 'cost_per_contact', comparator: 'at_most', target: 80, actual: 36.82 }),
      result({
        kpi: 'outside_district_share',
        target: 0.3,
        actual: null,
        status: 'no_data',
        districtId: 'mitte',
      }),
    ],
  },
  bySite: [
    {
      siteId: 'bahnhof',
      kpis: [
        result({ kpi: 'utilisation', actual: 0.4, status: 'missed', clearlyMissed: true }),
        result({ kpi: 'cost_per_contact', comparator: 'at_most', target: 80, actual: 50 }),
        result({ kpi: 'outside_district_share', target: 0.3, actual: 1, districtId: 'mitte' }),
      ],
    },
    // A site without the cost target gets no row in that chart.
    { siteId: 'kreishaus', kpis: [result({ kpi: 'utilisation', actual: null, status: 'no_data' })] },
  ],
  catchment: [
    { districtId: 'avenwedde', contacts: null, population: 12000, contactsPer1000: null },
    { districtId: 'spexard', contacts: 5, population: 9400, contactsPer1000: 0.532 },
    { districtId: 'nordring', contacts: 6, population: null, contactsPer1000: null },
    { districtId: null, contacts: 7, population: null, contactsPer1000: null },
  ],
  names: {
    sites: [],
    units: [],
    districts: [
      district('avenwedde'),
      district('spexard'),
      district('mitte'),
      district('nordring', 'mitte'),
      district('pavenstaedt', 'mitte'),
    ],
  },
} as unknown as TestPhaseReport;

describe('kpiCharts', () => {
  const charts = kpiCharts(report, {
    wholePhase: 'Whole',
    siteName: (siteId) => `Site ${siteId}`,
    target: (entry) => `target ${entry.target}`,
    actual: (entry) => `actual ${entry.actual ?? 'none'} (${entry.status})`,
  });

  it('draws a chart per target: the whole phase first, then each site with that target, target then actual', () => {
    expect(charts.map((chart) => chart.key)).toEqual([
      'utilisation:',
      'cost_per_contact:',
      'outside_district_share:mitte',
    ]);
    const [utilisation, cost, outside] = charts;
    expect(utilisation!.rows.map((row) => [row.key, row.label])).toEqual([
      ['overall', 'Whole'],
      ['bahnhof', 'Site bahnhof'],
      ['kreishaus', 'Site kreishaus'],
    ]);
    expect(cost!.rows.map((row) => row.key)).toEqual(['overall', 'bahnhof']);
    expect(outside!.districtId).toBe('mitte');
    expect(outside!.overall.status).toBe('no_data');
  });

  it('draws shares in per cent up to at least 100, other units as they are, and no bar where there is no data', () => {
    const [utilisation, cost, outside] = charts;
    expect(utilisation!.minimumMax).toBe(100);
    const [overall, bahnhof, kreishaus] = utilisation!.rows;
    expect(overall!.cells[0]!.value).toBeCloseTo(60, 9);
    expect(overall!.cells[1]!.value).toBeCloseTo(77.8, 9);
    expect(bahnhof!.cells.map((cell) => cell.text)).toEqual(['target 0.6', 'actual 0.4 (missed)']);
    expect(kreishaus!.cells[1]).toEqual({ value: null, text: 'actual none (no_data)' });
    expect(cost!.minimumMax).toBeUndefined();
    expect(cost!.rows[0]!.cells.map((cell) => cell.value)).toEqual([80, 36.82]);
    expect(outside!.rows[0]!.cells[1]!.value).toBeNull();
    expect(outside!.rows[1]!.cells[1]!.value).toBe(100);
  });
});

describe('catchmentAreas', () => {
  const areas = catchmentAreas(report, {
    count: (value) => (value === null ? 'fewer than 5' : String(value)),
    none: '–',
    number: (value, digits = 0) => value.toFixed(digits),
    contacts: (text) => `Contacts: ${text}`,
    population: (text) => `Residents: ${text}`,
    per1000: (text) => `Per 1,000: ${text}`,
  });
  const byId = new Map(areas.map((area) => [area.id, area]));

  it('maps the districts of the table and the other districts, not other quarters, with their point and area', () => {
    expect(areas.map((area) => area.id)).toEqual(['avenwedde', 'spexard', 'mitte', 'nordring']);
    expect(byId.get('spexard')).toMatchObject({ name: 'Spexard', lat: 51.9, lon: 8.4, areaKm2: 10 });
  });

  it('colours contacts per 1,000 residents, never a hidden count, and says so in the texts', () => {
    expect(byId.get('spexard')).toMatchObject({
      value: 0.532,
      valueText: '0.53',
      details: ['Contacts: 5', 'Residents: 9400', 'Per 1,000: 0.53'],
    });
    expect(byId.get('avenwedde')).toMatchObject({
      value: null,
      valueText: 'fewer than 5',
      details: ['Contacts: fewer than 5', 'Residents: 12000', 'Per 1,000: fewer than 5'],
    });
    expect(byId.get('mitte')).toMatchObject({
      value: 0,
      valueText: '0',
      details: ['Contacts: 0', 'Per 1,000: 0'],
    });
    expect(byId.get('nordring')).toMatchObject({ value: null, valueText: '–' });
  });
});
