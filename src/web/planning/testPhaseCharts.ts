import type { TestPhaseKpi, TestPhaseKpiResult, TestPhaseReport } from './api.ts';
import type { CatchmentArea, ChartRow } from './components/evaluation/index.tsx';
import { kpiUnits } from './testPhaseFormat.ts';

/** One KPI's chart: the target and the actual for the whole phase and each site. */
export interface KpiChart {
  key: string;
  kpi: TestPhaseKpi;
  districtId: string | null;
  /** The whole phase's result: the chart's caption and summary. */
  overall: TestPhaseKpiResult;
  /** The rows: the whole phase first, then the sites; two cells each, target then actual. */
  rows: ChartRow[];
  /** Shares are drawn in per cent, the value axis reaches at least this far (100 %, score 5). */
  minimumMax?: number;
}

export interface KpiChartTexts {
  /** The name of the whole phase's row ("Ganze Erprobung"). */
  wholePhase: string;
  siteName: (siteId: string) => string;
  /** A target as the tables show it ("mindestens 60,0 %"). */
  target: (result: TestPhaseKpiResult) => string;
  /** An actual with its status as the tables show them ("77,8 % (erreicht)", "keine Daten (keine Daten)"). */
  actual: (result: TestPhaseKpiResult) => string;
}

/** The value drawn: shares (0–1) in per cent, everything else in its own unit. */
const drawn = (kpi: TestPhaseKpi, value: number) => (kpiUnits[kpi] === 'share' ? value * 100 : value);

const sameTarget = (a: TestPhaseKpiResult, b: TestPhaseKpiResult) =>
  a.kpi === b.kpi && (a.districtId ?? null) === (b.districtId ?? null);

/**
 * A chart per KPI target of the report: the target and the actual as two bars for the whole phase and for each
 * site (a site without that result gets no bars, only "–" from `actual`). The texts are the tables' texts, so
 * the chart's table alternative says what the report's tables say.
 */
export function kpiCharts(report: TestPhaseReport, texts: KpiChartTexts): KpiChart[] {
  return report.overall.kpis.map((overall) => {
    const cells = (result: TestPhaseKpiResult) => [
      { value: drawn(result.kpi, result.target), text: texts.target(result) },
      {
        value: result.actual === null ? null : drawn(result.kpi, result.actual),
        text: texts.actual(result),
      },
    ];
    const siteRows = report.bySite.flatMap((site): ChartRow[] => {
      const result = site.kpis.find((entry) => sameTarget(entry, overall));
      return result ? [{ key: site.siteId, label: texts.siteName(site.siteId), cells: cells(result) }] : [];
    });
    const unit = kpiUnits[overall.kpi];
    return {
      key: `${overall.kpi}:${overall.districtId ?? ''}`,
      kpi: overall.kpi,
      districtId: overall.districtId ?? null,
      overall,
      rows: [{ key: 'overall', label: texts.wholePhase, cells: cells(overall) }, ...siteRows],
      minimumMax: unit === 'share' ? 100 : unit === 'score' ? 5 : undefined,
    };
  });
}

export interface CatchmentTexts {
  /** A count of contacts as the table shows it (null: fewer than 5). */
  count: (value: number | null) => string;
  /** "–": no figure. */
  none: string;
  number: (value: number, digits?: number) => string;
  contacts: (text: string) => string;
  population: (text: string) => string;
  per1000: (text: string) => string;
}

/**
 * The catchment map's districts: those of the report's catchment table, and the other districts (not quarters)
 * with no contacts, as on the dashboard. A hidden count colours nothing and says "weniger als 5".
 */
export function catchmentAreas(report: TestPhaseReport, texts: CatchmentTexts): CatchmentArea[] {
  const rows = new Map(report.catchment.map((row) => [row.districtId, row]));
  return report.names.districts
    .filter((district) => rows.has(district.id) || district.parentId === null)
    .map((district) => {
      const row = rows.get(district.id);
      const contacts = row ? row.contacts : 0;
      const per1000 = row ? row.contactsPer1000 : 0;
      const perText =
        contacts === null
          ? texts.count(null)
          : per1000 === null
            ? texts.none
            : texts.number(per1000, per1000 === 0 ? 0 : 2);
      return {
        id: district.id,
        name: district.name,
        lat: district.lat,
        lon: district.lon,
        areaKm2: district.areaKm2,
        value: contacts === null ? null : per1000,
        valueText: perText,
        details: [
          texts.contacts(texts.count(contacts)),
          ...(row?.population != null ? [texts.population(texts.number(row.population))] : []),
          texts.per1000(perText),
        ],
      };
    });
}
