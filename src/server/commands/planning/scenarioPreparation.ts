import { pastContactsByDistrict } from '../../queries/pastContactsQuery.ts';
import { demandFromLayers, layerKeyOf } from './demandLayerLoader.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { combineDemandWeights, type DemandPoint } from '../../../planning/demand.ts';
import { PlanningInputError } from '../../../planning/errors.ts';
import type { LatLon } from '../../../planning/geo.ts';
import type { RobustnessLayer } from '../../../planning/robustness.ts';
import type { ScenarioInput } from '../../../planning/scenario.ts';
import {
  candidateSitesFrom,
  demandFromDistrictRows,
  rulesInForce,
  weightFactorsOf,
  type ScheduleInForce,
  type ScenarioNote,
  type SiteRow,
} from '../../../planning/scenarioSetup.ts';
import type { RecurrenceRule } from '../../../planning/timetable.ts';
import type { ScenarioInputs } from './scenarioTypes.ts';
import { DomainError } from '../../../domain/errors.ts';
import { localDateOf } from '../../../domain/time.ts';
import type { GtfsFeed } from '../../../planning/gtfs.ts';
import {
  DEFAULT_OLDER_WALK_SHARE,
  DEFAULT_TRANSIT_WINDOW,
  serviceDateFor,
  transitScenarioMatrix,
} from '../../../planning/transitAccess.ts';
import { newestGtfsFeed } from './gtfsFeedImporter.ts';

/** Largest model we accept from a request: demand points × candidate sites. */
export const MAX_MODEL_ENTRIES = 2_000_000;

export interface PreparedUnit {
  id: string;
  name: string;
  counters: number;
  depot: LatLon;
}

export interface PreparedScenario {
  demand: DemandPoint[];
  sites: (ScenarioInput['sites'][number] & { placeholder: boolean })[];
  siteRows: Map<string, SiteRow>;
  units: PreparedUnit[];
  /** The timetable in force (active schedules of the planned units), where the proposal starts from. */
  inForce: RecurrenceRule[];
  notes: ScenarioNote[];
  /** The solver input without p (set per run). */
  base: Omit<ScenarioInput, 'p'>;
  /** The demand layers (their points' ids start with `key:`), for the robustness variants; empty: districts only. */
  layers: RobustnessLayer[];
}

function inputProblem(error: PlanningInputError): DomainError {
  return new DomainError('invalid_scenario', {
    field: error.field,
    message: error.message,
    ...(error.details ? { details: error.details } : {}),
  });
}

/**
 * Loads the municipality's districts, sites, units and booking origins and checks that the inputs make a
 * model that can be solved: the number of sites is possible, there is demand, the model is not too big.
 * Throws a 422 problem naming the field otherwise.
 */
export async function prepareScenario(
  db: Kysely<Database>,
  municipalityId: string,
  inputs: ScenarioInputs,
): Promise<PreparedScenario> {
  const [districtRows, siteRows, unitRows, bookingRows, municipality, scheduleRows] = await Promise.all([
    db
      .selectFrom('districts')
      .select(['id', 'name', 'parent_id', 'population', 'share_65plus', 'lat', 'lon', 'confidence'])
      .where('municipality_id', '=', municipalityId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('sites')
      .select([
        'id',
        'name',
        'lat',
        'lon',
        'placeholder',
        'usable',
        'confidence',
        'opening_hours',
        'cost_per_day_eur',
        'category',
      ])
      .where('municipality_id', '=', municipalityId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('units')
      .select(['id', 'name', 'counters', 'home_site_id'])
      .where('municipality_id', '=', municipalityId)
      .where('active', '=', true)
      .orderBy('id')
      .execute(),
    pastContactsByDistrict(db, municipalityId),
    db
      .selectFrom('municipalities')
      .select(['lat', 'lon'])
      .where('id', '=', municipalityId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('schedules')
      .select(['unit_id', 'site_id', 'rule'])
      .where('municipality_id', '=', municipalityId)
      .where('status', '=', 'active')
      .orderBy('created_at')
      .execute(),
  ]);
  const pastBookingsByDistrict = bookingRows;
  const gtfs = inputs.travelMode === 'transit' ? await newestGtfsFeed(db, municipalityId) : undefined;
  try {
    const layered = inputs.layerWeights;
    const usesDistricts = !layered || layered.some((layer) => layer.kind === 'districts' && layer.weight > 0);
    const demandSetup = usesDistricts
      ? demandFromDistrictRows(districtRows, {
          // In a layered scenario past contacts are a layer of their own.
          pastBookingsByDistrict: layered ? {} : pastBookingsByDistrict,
          districtIds: inputs.districtIds,
          shareLimitedMobility: inputs.shareLimitedMobility,
        })
      : { demand: [], notes: [], withoutPopulation: [] };
    const fromLayers = layered
      ? await demandFromLayers(
          {
            db,
            municipalityId,
            districtDemand: demandSetup.demand,
            districtRows,
            pastContactsByDistrict: pastBookingsByDistrict,
            shareLimitedMobility: inputs.shareLimitedMobility ?? 0,
          },
          layered,
        )
      : undefined;
    const demand = fromLayers ? fromLayers.demand : demandSetup.demand;
    // In a layered scenario a contacts layer's weight is its weight: the "past bookings" factor is 1.
    const weightFactors = weightFactorsOf(layered ? { ...inputs.weights, pastBookings: 1 } : inputs.weights);
    const siteSetup = candidateSitesFrom(siteRows as SiteRow[], inputs.siteIds);
    const weighted = combineDemandWeights(demand, weightFactors);
    if (weighted.reduce((sum, point) => sum + point.weight, 0) <= 0) {
      throw new PlanningInputError('weights', 'all weights are 0: there is no demand to serve', {
        reason: 'no_demand',
      });
    }
    if (demand.length * siteSetup.sites.length > MAX_MODEL_ENTRIES) {
      throw new PlanningInputError(
        'siteIds',
        `${demand.length} demand points × ${siteSetup.sites.length} sites is too large a model`,
        { reason: 'model_too_large' },
      );
    }
    if (inputs.objective !== 'setcover') {
      if (inputs.p === undefined && inputs.budgetPerMonth === undefined) {
        throw new PlanningInputError('p', 'give the number of sites or a monthly budget', {
          reason: 'sites_or_budget',
        });
      }
      if (inputs.p !== undefined && inputs.budgetPerMonth !== undefined) {
        throw new PlanningInputError('budgetPerMonth', 'give the number of sites or a budget, not both', {
          reason: 'sites_and_budget',
        });
      }
      if (inputs.p !== undefined && inputs.p > siteSetup.sites.length) {
        throw new PlanningInputError(
          'p',
          `${inputs.p} sites are asked for but there are only ${siteSetup.sites.length} candidate sites`,
          { reason: 'too_many_sites', asked: inputs.p, available: siteSetup.sites.length },
        );
      }
    } else if (inputs.p !== undefined) {
      throw new PlanningInputError('p', 'set covering chooses the number of sites itself: leave p empty', {
        reason: 'setcover_with_sites',
      });
    }
    if (inputs.units > unitRows.length) {
      throw new PlanningInputError(
        'units',
        `${inputs.units} units are asked for but there are only ${unitRows.length} active units`,
        { reason: 'too_many_units', asked: inputs.units, available: unitRows.length },
      );
    }
    const sitePosition = new Map(siteRows.map((row) => [row.id, { lat: row.lat, lon: row.lon }]));
    const centre =
      municipality.lat !== null && municipality.lon !== null
        ? { lat: municipality.lat, lon: municipality.lon }
        : siteSetup.sites[0]!;
    const units = unitRows.slice(0, inputs.units).map((unit) => ({
      id: unit.id,
      name: unit.name,
      counters: unit.counters,
      depot: (unit.home_site_id && sitePosition.get(unit.home_site_id)) || centre,
    }));
    const plannedUnits = new Set(units.map((unit) => unit.id));
    const inForce = rulesInForce(
      scheduleRows
        .filter((row) => plannedUnits.has(row.unit_id))
        .map((row): ScheduleInForce => ({
          unitId: row.unit_id,
          siteId: row.site_id,
          ...(row.rule as unknown as Omit<ScheduleInForce, 'unitId' | 'siteId'>),
        })),
    );
    const transit =
      inputs.travelMode === 'transit'
        ? transitSetup(gtfs, inputs, demandSetup.demand, siteSetup.sites)
        : undefined;
    const notes: ScenarioNote[] = [
      ...demandSetup.notes,
      ...(fromLayers?.notes ?? []),
      ...siteSetup.notes,
      { code: 'staffPerCounter' },
      transit ? transit.note : { code: 'straightLineTravel', params: { mode: inputs.travelMode } },
    ];
    notes.push(
      inForce.rules.length > 0
        ? {
            code: 'timetableInForce',
            params: { rules: inForce.rules.length, notRepresentable: inForce.notRepresentable },
          }
        : { code: 'noTimetableInForce' },
    );
    if (!layered && Object.keys(pastBookingsByDistrict).length === 0 && inputs.weights.pastBookings > 0) {
      notes.push({ code: 'noPastBookings' });
    }
    return {
      demand,
      sites: siteSetup.sites,
      siteRows: new Map((siteRows as SiteRow[]).map((row) => [row.id, row])),
      units,
      inForce: inForce.rules,
      notes,
      layers: (layered ?? []).flatMap((layer, index) =>
        layer.weight > 0 ? [{ key: layerKeyOf(layer.kind, index), kind: layer.kind }] : [],
      ),
      base: {
        demand,
        weightFactors,
        sites: siteSetup.sites.map(({ id, name, lat, lon }) => ({ id, name, lat, lon })),
        access: { mode: inputs.travelMode === 'transit' ? 'bus' : inputs.travelMode },
        ...(transit ? { travelMinutes: transit.minutes } : {}),
        coverageThresholdMinutes: inputs.coverageThresholdMinutes,
        objective: inputs.objective === 'setcover' ? 'setCover' : inputs.objective,
        solve: { timeLimitSeconds: inputs.timeLimitSeconds },
      },
    };
  } catch (error) {
    if (error instanceof PlanningInputError) throw inputProblem(error);
    throw error;
  }
}

/** Public transport travel times on the newest GTFS feed (src/planning/transitAccess.ts), with the note saying how. */
function transitSetup(
  gtfs: { name: string; feed: GtfsFeed } | undefined,
  inputs: ScenarioInputs,
  demand: DemandPoint[],
  sites: LatLon[],
): { minutes: number[]; note: ScenarioNote } {
  if (!gtfs) {
    throw new PlanningInputError('travelMode', 'public transport needs a GTFS timetable: upload one first', {
      reason: 'no_gtfs_feed',
    });
  }
  const options = {
    date: inputs.transit?.date ?? serviceDateFor(gtfs.feed, localDateOf(Date.now())),
    windowStart: inputs.transit?.windowStart ?? DEFAULT_TRANSIT_WINDOW.windowStart,
    windowEnd: inputs.transit?.windowEnd ?? DEFAULT_TRANSIT_WINDOW.windowEnd,
    olderWalkShare: inputs.transit?.olderWalkShare ?? DEFAULT_OLDER_WALK_SHARE,
  };
  return {
    minutes: transitScenarioMatrix(gtfs.feed, demand, sites, options),
    note: {
      code: 'transitTravel',
      params: {
        feed: gtfs.name,
        date: options.date,
        windowStart: options.windowStart,
        windowEnd: options.windowEnd,
        olderWalkPct: Math.round(options.olderWalkShare * 100),
      },
    },
  };
}
