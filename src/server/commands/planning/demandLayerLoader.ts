import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { DemandPoint } from '../../../planning/demand.ts';
import {
  aggregateCells,
  combineLayers,
  type DemandLayerKind,
  type WeightedLayer,
} from '../../../planning/demandLayers.ts';
import { PlanningInputError } from '../../../planning/errors.ts';
import { haversineMetres } from '../../../planning/geo.ts';
import { COUNTY_SHARE_65PLUS, type DistrictRow, type ScenarioNote } from '../../../planning/scenarioSetup.ts';
import { listPublishedSuggestions } from '../../queries/participationQueries.ts';
import { suggestionDemandPoints } from '../../../domain/participation.ts';
import type { LayerWeightInput } from './scenarioTypes.ts';

/** The key of the scenario's `index`-th layer: its points' ids in the combined demand start with `${key}:`. */
export const layerKeyOf = (kind: DemandLayerKind, index: number): string => `${kind}${index}`;

/** 100 m cells are combined into squares of this size for the solver (a town has tens of thousands). */
export const GRID_SQUARE_METRES = 500;

export interface LayerContext {
  db: Kysely<Database>;
  municipalityId: string;
  /** The districts' demand (residents, 65+, limited mobility), without past contacts. */
  districtDemand: readonly DemandPoint[];
  districtRows: readonly DistrictRow[];
  pastContactsByDistrict: Readonly<Record<string, number>>;
  shareLimitedMobility: number;
}

type Loader = (
  context: LayerContext,
  input: LayerWeightInput,
  field: string,
) => Promise<{ points: DemandPoint[]; notes: ScenarioNote[] }>;

const nearestDistrictName = (context: LayerContext, point: { lat: number; lon: number }) => {
  let best: DistrictRow | undefined;
  let bestDistance = Infinity;
  for (const row of context.districtRows) {
    const distance = haversineMetres(point, row);
    if (distance < bestDistance) {
      best = row;
      bestDistance = distance;
    }
  }
  return best?.name ?? '';
};

async function storedLayers(
  context: LayerContext,
  kind: 'grid' | 'points',
  input: LayerWeightInput,
  field: string,
) {
  let query = context.db
    .selectFrom('demand_layers')
    .select(['id', 'name', 'source', 'source_date', 'licence', 'cell_size_m'])
    .where('municipality_id', '=', context.municipalityId)
    .where('kind', '=', kind)
    .orderBy('imported_at', 'desc');
  if (input.layerId) query = query.where('id', '=', input.layerId);
  const layers = await query.execute();
  if (layers.length === 0) {
    throw new PlanningInputError(
      input.layerId ? `${field}.layerId` : field,
      input.layerId ? `no ${kind} layer "${input.layerId}"` : `there is no ${kind} layer: upload one first`,
      { reason: 'no_demand_layer', kind },
    );
  }
  return kind === 'grid' ? layers.slice(0, 1) : layers;
}

/**
 * How each layer kind turns into demand points. A `Record` over every kind, so a new kind (citizens'
 * suggestions) cannot be added to the union without its loader.
 */
const loaders: Record<DemandLayerKind, Loader> = {
  districts: async (context) => ({ points: [...context.districtDemand], notes: [] }),

  grid: async (context, input, field) => {
    const [layer] = await storedLayers(context, 'grid', input, field);
    const rows = await context.db
      .selectFrom('demand_layer_points')
      .select(['lat', 'lon', 'weight', 'residents_65plus', 'label'])
      .where('layer_id', '=', layer!.id)
      .execute();
    const withAges = rows.some((row) => row.residents_65plus !== null);
    const squares = aggregateCells(
      rows.map((row) => ({
        id: row.label ?? '',
        lat: row.lat,
        lon: row.lon,
        residents: row.weight,
        residents65plus: row.residents_65plus ?? row.weight * COUNTY_SHARE_65PLUS,
      })),
      layer!.cell_size_m === 1000 ? 1000 : GRID_SQUARE_METRES,
    );
    const notes: ScenarioNote[] = [
      {
        code: 'gridLayer',
        params: {
          name: layer!.name,
          source: layer!.source,
          date: layer!.source_date ? String(layer!.source_date).slice(0, 10) : '',
          licence: layer!.licence,
          cells: rows.length,
          squares: squares.length,
        },
      },
    ];
    if (!withAges) notes.push({ code: 'gridShare65County', params: { share: COUNTY_SHARE_65PLUS } });
    return {
      points: squares.map((square) => ({
        id: square.id,
        name: `Zensus-Raster bei ${nearestDistrictName(context, square)}`,
        lat: square.lat,
        lon: square.lon,
        source: 'grid' as const,
        counts: {
          residents: square.residents,
          residents65plus: square.residents65plus,
          limitedMobility: square.residents * context.shareLimitedMobility,
        },
      })),
      notes,
    };
  },

  points: async (context, input, field) => {
    const layers = await storedLayers(context, 'points', input, field);
    const rows = await context.db
      .selectFrom('demand_layer_points')
      .select(['layer_id', 'seq', 'lat', 'lon', 'weight', 'label', 'category'])
      .where(
        'layer_id',
        'in',
        layers.map((layer) => layer.id),
      )
      .orderBy('layer_id')
      .orderBy('seq')
      .execute();
    return {
      points: rows.map((row) => ({
        id: `${row.layer_id.slice(0, 8)}-${row.seq}`,
        name: row.label ?? '',
        lat: row.lat,
        lon: row.lon,
        source: 'points' as const,
        counts: { residents: row.weight },
      })),
      notes: layers.map((layer) => ({
        code: 'pointsLayer',
        params: {
          name: layer.name,
          source: layer.source,
          date: layer.source_date ? String(layer.source_date).slice(0, 10) : '',
          licence: layer.licence,
        },
      })),
    };
  },

  pastContacts: async (context) => ({
    points: context.districtRows
      .filter((row) => (context.pastContactsByDistrict[row.id] ?? 0) > 0)
      .map((row) => ({
        id: row.id,
        name: row.name,
        lat: row.lat,
        lon: row.lon,
        source: 'pastContacts' as const,
        counts: { pastBookings: context.pastContactsByDistrict[row.id]! },
      })),
    notes: [],
  }),

  departmentEstimates: async (context) => {
    // The newest estimate of each department, service and district, per month.
    const rows = await context.db
      .selectFrom('demand_estimates')
      .select(['department_id', 'service_id', 'district_id', 'contacts_per_month', 'submitted_at'])
      .where('municipality_id', '=', context.municipalityId)
      .orderBy('submitted_at', 'desc')
      .execute();
    const seen = new Set<string>();
    const byDistrict = new Map<string, number>();
    for (const row of rows) {
      const key = `${row.department_id}|${row.service_id}|${row.district_id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      byDistrict.set(row.district_id, (byDistrict.get(row.district_id) ?? 0) + row.contacts_per_month);
    }
    return {
      points: context.districtRows
        .filter((row) => (byDistrict.get(row.id) ?? 0) > 0)
        .map((row) => ({
          id: row.id,
          name: row.name,
          lat: row.lat,
          lon: row.lon,
          source: 'departmentEstimates' as const,
          // A year's contacts, like the past contacts.
          counts: { pastBookings: byDistrict.get(row.id)! * 12 },
        })),
      notes: [],
    };
  },

  // Citizens' suggestions for a stop (issue 15): one point per published suggestion, weighing 1 plus its
  // confirmed supports, as people wanting a stop there.
  suggestions: async (context) => {
    const suggestions = await listPublishedSuggestions(context.db, context.municipalityId);
    const weights = suggestionDemandPoints(suggestions);
    return {
      points: suggestions.map((suggestion, index) => ({
        id: suggestion.id,
        name: suggestion.siteName ?? suggestion.districtName ?? nearestDistrictName(context, suggestion),
        lat: suggestion.lat,
        lon: suggestion.lon,
        source: 'suggestions' as const,
        counts: { residents: weights[index]!.weight },
      })),
      notes: [],
    };
  },
};

/**
 * The demand of a scenario from its weighted layers. Contacts (past ones and the departments' estimates)
 * count as the "past bookings" group; in a layered scenario their layer weight is their weight.
 */
export async function demandFromLayers(
  context: LayerContext,
  inputs: readonly LayerWeightInput[],
): Promise<{ demand: DemandPoint[]; notes: ScenarioNote[] }> {
  const layers: WeightedLayer[] = [];
  const notes: ScenarioNote[] = [];
  for (const [index, input] of inputs.entries()) {
    const field = `layerWeights[${index}]`;
    if (input.weight === 0) {
      layers.push({ kind: input.kind, key: layerKeyOf(input.kind, index), weight: 0, points: [] });
      continue;
    }
    const loaded = await loaders[input.kind](context, input, field);
    if (loaded.points.length === 0) {
      notes.push({ code: `emptyLayer.${input.kind}` });
    }
    layers.push({
      kind: input.kind,
      key: layerKeyOf(input.kind, index),
      weight: input.weight,
      points: loaded.points,
    });
    notes.push(...loaded.notes);
  }
  const demand = combineLayers(layers);
  if (demand.length === 0) {
    throw new PlanningInputError('layerWeights', 'the weighted layers hold no demand', {
      reason: 'layers_without_demand',
    });
  }
  for (const input of inputs)
    notes.push({ code: `layerWeight.${input.kind}`, params: { weight: input.weight } });
  return { demand, notes };
}
