import type { DemandLayerKind as StoredLayerKind, DemandLayers } from './api.ts';

/** Every kind of demand layer a scenario weighs (as `layerWeights[].kind` on the server). */
export type ScenarioLayerKind =
  'districts' | StoredLayerKind | 'pastContacts' | 'departmentEstimates' | 'suggestions';

/** One weight field of the scenario form: a demand layer that is present, with where its figures come from. */
export interface LayerWeightRow {
  /** The form field's name (`layer.<key>`). */
  name: string;
  kind: ScenarioLayerKind;
  /** A stored grid or points layer. */
  layerId?: string;
  /** Message key of the label and its parameters. */
  label: [string, Record<string, unknown>?];
  /** Message key of the source line and its parameters (dates as YYYY-MM-DD, or null when not known). */
  source: [string, Record<string, unknown>];
  /** The weight the form starts with. */
  initial: string;
}

/**
 * The weight fields of the scenario form, one per demand layer present: the districts (when there are any),
 * the newest grid, every points layer, past contacts, the departments' estimates and the citizens' suggestions
 * (when there are any). Like a scenario sent without weights, the newest grid starts at 1 when there is one,
 * else the districts; every other layer starts at 0.
 */
export function layerWeightRows(layers: DemandLayers): LayerWeightRow[] {
  const rows: LayerWeightRow[] = [];
  const grid = layers.items.find((layer) => layer.kind === 'grid');
  if (layers.districts.count > 0) {
    rows.push({
      name: 'layer.districts',
      kind: 'districts',
      label: ['form.layer.districts'],
      source: [
        'form.layer.districtsSource',
        {
          withPopulation: layers.districts.withPopulation,
          count: layers.districts.count,
          date: layers.districts.latestDate,
        },
      ],
      initial: grid ? '0' : '1',
    });
  }
  for (const layer of layers.items) {
    // A scenario uses the newest grid only (grids of one municipality overlap); every points layer counts.
    if (layer.kind === 'grid' && layer !== grid) continue;
    rows.push({
      name: `layer.${layer.kind}-${layer.id}`,
      kind: layer.kind,
      layerId: layer.id,
      label: [`form.layer.${layer.kind}`, { name: layer.name }],
      source: [
        'form.layer.storedSource',
        { source: layer.source, date: layer.sourceDate, licence: layer.licence },
      ],
      initial: layer === grid ? '1' : '0',
    });
  }
  if (layers.pastContacts > 0) {
    rows.push({
      name: 'layer.pastContacts',
      kind: 'pastContacts',
      label: ['form.layer.pastContacts'],
      source: ['form.layer.pastContactsSource', { count: layers.pastContacts }],
      initial: '0',
    });
  }
  if (layers.departmentEstimates > 0) {
    rows.push({
      name: 'layer.departmentEstimates',
      kind: 'departmentEstimates',
      label: ['form.layer.departmentEstimates'],
      source: [
        'form.layer.departmentEstimatesSource',
        { count: layers.departmentEstimates, date: layers.departmentEstimatesLatest },
      ],
      initial: '0',
    });
  }
  if (layers.suggestions > 0) {
    rows.push({
      name: 'layer.suggestions',
      kind: 'suggestions',
      label: ['form.layer.suggestions'],
      source: ['form.layer.suggestionsSource', { count: layers.suggestions }],
      initial: '0',
    });
  }
  return rows;
}

/**
 * The form field a server problem about the layer weights belongs to: `layerWeights[i].…` is the i-th layer
 * sent, `layerWeights` itself (e.g. weights that sum to zero) the first. Undefined for any other field.
 */
export function layerFieldOf(serverField: string, sent: readonly LayerWeightRow[]): string | undefined {
  const match = /^layerWeights(?:\[(\d+)\])?/.exec(serverField);
  if (!match || sent.length === 0) return undefined;
  return (sent[Number(match[1] ?? 0)] ?? sent[0])!.name;
}
