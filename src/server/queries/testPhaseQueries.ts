import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { SUPPRESS_BELOW, type CatchmentRow, type EvaluationMeasures } from '../../domain/evaluation.ts';
import {
  CLEAR_MISS_MARGIN,
  testPhaseReport,
  type KpiAssessment,
  type KpiTarget,
} from '../../domain/testPhase.ts';
import type { EvaluationOptions } from './evaluationOptions.ts';
import { evaluationSource, type EvaluationAssumptionsView } from './evaluationQuery.ts';

export interface TestPhaseView {
  id: string;
  name: string;
  startDate: string;
  endDate: string;
  siteIds: string[];
  unitIds: string[];
  targets: KpiTarget[];
  createdAt: string;
}

const isUuid = (value: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** The municipality's test phases (or the one with `id`), the latest first, with sites, units and targets. */
export async function listTestPhases(
  db: Kysely<Database>,
  municipalityId: string,
  id?: string,
): Promise<TestPhaseView[]> {
  let phaseQuery = db
    .selectFrom('test_phases')
    .select(['id', 'name', 'start_date', 'end_date', 'created_at'])
    .where('municipality_id', '=', municipalityId);
  if (id !== undefined) phaseQuery = phaseQuery.where('id', '=', id);
  const phases = await phaseQuery.orderBy('start_date', 'desc').orderBy('created_at', 'desc').execute();
  if (phases.length === 0) return [];
  const ids = phases.map((phase) => phase.id);
  const [sites, units, targets] = await Promise.all([
    db
      .selectFrom('test_phase_sites')
      .select(['test_phase_id', 'site_id'])
      .where('municipality_id', '=', municipalityId)
      .where('test_phase_id', 'in', ids)
      .orderBy('site_id')
      .execute(),
    db
      .selectFrom('test_phase_units')
      .select(['test_phase_id', 'unit_id'])
      .where('municipality_id', '=', municipalityId)
      .where('test_phase_id', 'in', ids)
      .orderBy('unit_id')
      .execute(),
    db
      .selectFrom('test_phase_targets')
      .select(['test_phase_id', 'kpi', 'comparator', 'target', 'district_id'])
      .where('municipality_id', '=', municipalityId)
      .where('test_phase_id', 'in', ids)
      .orderBy('position')
      .execute(),
  ]);
  return phases.map((phase) => ({
    id: phase.id,
    name: phase.name,
    startDate: String(phase.start_date),
    endDate: String(phase.end_date),
    siteIds: sites.filter((row) => row.test_phase_id === phase.id).map((row) => row.site_id),
    unitIds: units.filter((row) => row.test_phase_id === phase.id).map((row) => row.unit_id),
    targets: targets
      .filter((row) => row.test_phase_id === phase.id)
      .map((row) => ({
        kpi: row.kpi,
        comparator: row.comparator,
        target: Number(row.target),
        districtId: row.district_id,
      })),
    createdAt: new Date(phase.created_at).toISOString(),
  }));
}

/** One test phase, or `not_found` naming `field`. */
export async function getTestPhase(
  db: Kysely<Database>,
  municipalityId: string,
  id: string,
  field = 'testPhaseId',
): Promise<TestPhaseView> {
  const [phase] = isUuid(id) ? await listTestPhases(db, municipalityId, id) : [];
  if (!phase) throw new DomainError('not_found', { field, message: 'no such test phase' });
  return phase;
}

export interface Named {
  id: string;
  name: string;
}

/** A district with the reference point and area the catchment map draws. */
export type DistrictArea = EvaluationOptions['districts'][number];

export interface TestPhaseReportView {
  testPhase: TestPhaseView;
  suppressBelow: number;
  clearMissMargin: number;
  overall: KpiAssessment;
  bySite: (KpiAssessment & { siteId: string })[];
  totals: EvaluationMeasures;
  stopsHeld: number;
  totalCostEur: number | null;
  staffHours: number;
  catchment: CatchmentRow[];
  assumptions: EvaluationAssumptionsView;
  names: { sites: Named[]; units: Named[]; districts: DistrictArea[] };
  /** True for a department lead: the visits of the own departments' services only. */
  departmentView: boolean;
}

/**
 * The report of a test phase: its stops and visits as the evaluation reads them (the same suppression and
 * the same department scope), the targets against the actuals for the phase and each site, and the names
 * the web page and the PDF print.
 */
export async function testPhaseReportOf(
  db: Kysely<Database>,
  municipalityId: string,
  id: string,
  serviceScope: string[] | undefined,
): Promise<TestPhaseReportView> {
  const phase = await getTestPhase(db, municipalityId, id);
  const [source, sites, units] = await Promise.all([
    evaluationSource(
      db,
      municipalityId,
      { from: phase.startDate, to: phase.endDate, siteIds: phase.siteIds, unitIds: phase.unitIds },
      serviceScope,
    ),
    db
      .selectFrom('sites')
      .select(['id', 'name'])
      .where('municipality_id', '=', municipalityId)
      .where('id', 'in', phase.siteIds)
      .execute(),
    db
      .selectFrom('units')
      .select(['id', 'name'])
      .where('municipality_id', '=', municipalityId)
      .where('id', 'in', phase.unitIds)
      .execute(),
  ]);
  const collator = new Intl.Collator('de');
  const siteIds = [...phase.siteIds].sort((a, b) =>
    collator.compare(
      sites.find((site) => site.id === a)?.name ?? a,
      sites.find((site) => site.id === b)?.name ?? b,
    ),
  );
  const report = testPhaseReport({
    evaluation: source.input,
    districtParents: source.districts.map((district) => ({
      districtId: district.id,
      parentId: district.parent_id,
    })),
    siteIds,
    targets: phase.targets,
  });
  return {
    testPhase: phase,
    suppressBelow: SUPPRESS_BELOW,
    clearMissMargin: CLEAR_MISS_MARGIN,
    overall: report.overall,
    bySite: report.bySite,
    totals: report.figures.totals,
    stopsHeld: report.figures.stopsHeld,
    totalCostEur: report.figures.totalCostEur,
    staffHours: report.figures.staffHours,
    catchment: report.figures.catchment,
    assumptions: source.assumptions,
    names: {
      sites: siteIds.map((siteId) => ({
        id: siteId,
        name: sites.find((site) => site.id === siteId)?.name ?? siteId,
      })),
      units: units.sort((a, b) => collator.compare(a.name, b.name)),
      districts: source.districts
        .map((district) => ({
          id: district.id,
          name: district.name,
          parentId: district.parent_id,
          lat: district.lat,
          lon: district.lon,
          areaKm2: district.area_km2,
        }))
        .sort((a, b) => collator.compare(a.name, b.name)),
    },
    departmentView: serviceScope !== undefined,
  };
}
