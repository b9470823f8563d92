import { describe, expect, it } from 'vitest';
import type { DemandLayer, DemandLayers } from './api.ts';
import { layerFieldOf, layerWeightRows } from './scenarioLayers.ts';

const stored = (kind: 'grid' | 'points', id: string, name: string): DemandLayer => ({
  id,
  kind,
  name,
  fileName: `${name}.csv`,
  source: kind === 'grid' ? 'Zensus 2022' : 'Kreis Gütersloh',
  sourceDate: kind === 'grid' ? '2022-05-15' : null,
  licence: 'dl-de/by-2-0',
  cellSizeM: kind === 'grid' ? 100 : null,
  clip: kind === 'grid' ? 'box' : null,
  points: 3,
  rowsRead: 3,
  rowsOutside: 0,
  weightTotal: 10,
  residents65plusTotal: null,
  importedAt: '2026-12-01T10:00:00.000Z',
});

const layers = (overrides: Partial<DemandLayers> = {}): DemandLayers => ({
  items: [],
  districts: { count: 14, withPopulation: 14, latestDate: '2024-12-31' },
  departmentEstimates: 0,
  departmentEstimatesLatest: null,
  pastContacts: 0,
  suggestions: 0,
  ...overrides,
});

describe('the scenario form’s layer weights', () => {
  it('has only the districts, weighted 1, when nothing else is present', () => {
    const rows = layerWeightRows(layers());
    expect(rows.map((row) => [row.kind, row.initial])).toEqual([['districts', '1']]);
    expect(rows[0]!.source).toEqual([
      'form.layer.districtsSource',
      { withPopulation: 14, count: 14, date: '2024-12-31' },
    ]);
  });

  it('starts from the newest grid, lists every points layer and the layers with data, and leaves older grids out', () => {
    const rows = layerWeightRows(
      layers({
        items: [
          stored('points', 'p-1', 'Pflegeheime'),
          stored('grid', 'g-new', 'Raster 2024'),
          stored('grid', 'g-old', 'Raster 2022'),
          stored('points', 'p-2', 'Schulen'),
        ],
        pastContacts: 12,
        departmentEstimates: 3,
        departmentEstimatesLatest: '2026-11-30',
        suggestions: 2,
      }),
    );
    expect(rows.map((row) => [row.kind, row.layerId ?? null, row.initial])).toEqual([
      ['districts', null, '0'],
      ['points', 'p-1', '0'],
      ['grid', 'g-new', '1'],
      ['points', 'p-2', '0'],
      ['pastContacts', null, '0'],
      ['departmentEstimates', null, '0'],
      ['suggestions', null, '0'],
    ]);
    expect(new Set(rows.map((row) => row.name)).size).toBe(rows.length);
    expect(rows[2]!.source).toEqual([
      'form.layer.storedSource',
      { source: 'Zensus 2022', date: '2022-05-15', licence: 'dl-de/by-2-0' },
    ]);
  });

  it('has no districts row for a municipality without districts', () => {
    const rows = layerWeightRows(layers({ districts: { count: 0, withPopulation: 0, latestDate: null } }));
    expect(rows).toEqual([]);
  });

  it('puts a server problem on the layer it names, weights summing to zero on the first', () => {
    const rows = layerWeightRows(layers({ items: [stored('points', 'p-1', 'Pflegeheime')], suggestions: 1 }));
    expect(layerFieldOf('layerWeights', rows)).toBe('layer.districts');
    expect(layerFieldOf('layerWeights[1].layerId', rows)).toBe('layer.points-p-1');
    expect(layerFieldOf('layerWeights[2].weight', rows)).toBe('layer.suggestions');
    expect(layerFieldOf('layerWeights[9].weight', rows)).toBe('layer.districts');
    expect(layerFieldOf('p', rows)).toBeUndefined();
    expect(layerFieldOf('layerWeights', [])).toBeUndefined();
  });
});
