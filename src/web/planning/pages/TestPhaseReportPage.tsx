import { useMemo, useState } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { Link, useParams } from 'react-router';
import {
  planningApi,
  testPhasePdfHref,
  type TestPhaseKpiResult,
  type TestPhaseReason,
  type TestPhaseReport,
} from '../api.ts';
import {
  Button,
  Cell,
  DataTable,
  PageStatus,
  RowHeader,
  usePageLoad,
} from '../components/backoffice/index.ts';
import { BarChart, CatchmentMap } from '../components/evaluation/index.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { useMunicipalityInfo } from '../municipalityContext.ts';
import { catchmentAreas, kpiCharts } from '../testPhaseCharts.ts';
import { kpiUnits, useTestPhaseFormat } from '../testPhaseFormat.ts';

const noTiles = { tileUrl: null, attribution: null };

/**
 * The report of a test phase: the recommendation (go / adjust / stop) with its reasons, target against result
 * per KPI for the whole phase and per site (as tables and as a bar chart per KPI), the figures, the catchment
 * (table and map) and the cost assumptions. Print CSS leaves the navigation and the buttons out and keeps the
 * charts and the map; the same report is available as a PDF made on the server.
 */
export function TestPhaseReportPage() {
  const { id = '' } = useParams();
  const [report, setReport] = useState<TestPhaseReport | null>(null);
  const text = useTestPhaseFormat(report?.names.districts ?? []);
  const { t } = text;
  const { i18n } = useTranslation();
  const municipality = useMunicipalityInfo();
  const { loadError } = usePageLoad(async () => setReport(await planningApi.getTestPhaseReport(id)), [id]);

  // The catchment map's districts; the texts follow the language (`text` and `t` change with it).
  const areas = useMemo(
    () =>
      report
        ? catchmentAreas(report, {
            count: (value) =>
              value === null
                ? t('testPhases.report.suppressed', { below: report.suppressBelow })
                : text.number(value),
            none: t('testPhases.report.none'),
            number: text.number,
            contacts: (value) => t('evaluation.charts.map.contacts', { value }),
            population: (value) => t('evaluation.charts.map.population', { value }),
            per1000: (value) => t('evaluation.charts.map.per1000', { value }),
          })
        : [],
    [report, i18n.language],
  );

  if (!report) {
    return (
      <>
        <PageHeading title={t('testPhases.heading')}>{t('testPhases.heading')}</PageHeading>
        <PageStatus loadError={loadError} loading />
        <Link className="kern-link" to="/verwaltung/testphasen">
          {t('testPhases.report.back')}
        </Link>
      </>
    );
  }
  const phase = report.testPhase;
  const heading = t('testPhases.report.heading', { name: phase.name });
  const siteName = (siteId: string) => report.names.sites.find((site) => site.id === siteId)?.name ?? siteId;
  const reason = (entry: TestPhaseReason) =>
    text.reasonText(entry, report.clearMissMargin, report.suppressBelow);
  const below = report.suppressBelow;
  const count = (value: number | null) =>
    value === null ? t('testPhases.report.suppressed', { below }) : text.number(value);
  const districtName = (id: string | null) =>
    id === null
      ? t('testPhases.report.unknownDistrict')
      : (report.names.districts.find((district) => district.id === id)?.name ?? id);
  const assumptionsLine = t('testPhases.report.assumptions', {
    staffHour: text.euro(report.assumptions.staffHourRateEur),
    unitDay: text.euro(report.assumptions.unitDayCostEur),
    travel: text.euro(report.assumptions.travelCostPerStopEur),
  });

  const figureRows: [key: 'contacts' | 'stopsHeld' | 'staffHours' | 'totalCost', value: string][] = [
    ['contacts', count(report.totals.contacts)],
    ['stopsHeld', text.number(report.stopsHeld)],
    ['staffHours', text.number(report.staffHours, 1)],
    [
      'totalCost',
      report.totalCostEur === null ? t('testPhases.report.none') : text.euro(report.totalCostEur),
    ],
  ];

  const charts = kpiCharts(report, {
    wholePhase: t('testPhases.report.charts.wholePhase'),
    siteName,
    target: text.targetText,
    actual: (result) =>
      t('testPhases.report.charts.actual', {
        value: text.actualText(result),
        status: text.statusText(result),
      }),
  });

  const kpiTable = (caption: string, kpis: TestPhaseKpiResult[]) => (
    <DataTable
      caption={caption}
      columns={(['kpi', 'target', 'actual', 'status'] as const).map((column) =>
        t(`testPhases.report.columns.${column}`),
      )}
      rows={kpis}
      rowKey={(result) => result.kpi}
      className="test-phase-kpi-table"
    >
      {(result) => (
        <>
          <RowHeader>{text.kpiName(result.kpi, result.districtId)}</RowHeader>
          <Cell>{text.targetText(result)}</Cell>
          <Cell className="test-phase-number">{text.actualText(result)}</Cell>
          <Cell className={`test-phase-status test-phase-status--${text.statusKey(result)}`}>
            {text.statusText(result)}
          </Cell>
        </>
      )}
    </DataTable>
  );

  return (
    <article className="planning-report test-phase-report">
      <PageHeading title={heading}>{heading}</PageHeading>
      <p>
        {t('testPhases.report.period', {
          from: text.day(`${phase.startDate}T12:00:00Z`),
          to: text.day(`${phase.endDate}T12:00:00Z`),
        })}
      </p>
      <p>{t('testPhases.report.sites', { names: report.names.sites.map((site) => site.name).join(', ') })}</p>
      <p>{t('testPhases.report.units', { names: report.names.units.map((unit) => unit.name).join(', ') })}</p>
      {report.departmentView && <p>{t('testPhases.report.departmentView')}</p>}
      <div className="planning-no-print planning-actions">
        <Button appearance="primary" onClick={() => window.print()}>
          {t('testPhases.report.print')}
        </Button>
        <a
          className="kern-link"
          href={testPhasePdfHref(phase.id, i18n.language === 'en' ? 'en' : 'de')}
          download
        >
          {t('testPhases.report.pdf')}
        </a>
        <Link className="kern-link" to="/verwaltung/testphasen">
          {t('testPhases.report.back')}
        </Link>
      </div>

      <section aria-labelledby="test-phase-recommendation" className="test-phase-recommendation">
        <h2 id="test-phase-recommendation" className="kern-heading-medium">
          {t('testPhases.report.recommendationOf', {
            decision: t(`testPhases.decisions.${report.overall.recommendation.decision}`),
          })}
        </h2>
        <p>{t(`testPhases.decisionLead.${report.overall.recommendation.decision}`)}</p>
        <ul className="kern-list kern-list--bullet">
          {report.overall.recommendation.reasons.map((entry, index) => (
            <li key={index}>{reason(entry)}</li>
          ))}
        </ul>
        <p className="test-phase-small">
          {t('testPhases.rule', {
            margin: t('metrics.percent', { value: text.number(report.clearMissMargin * 100) }),
          })}
        </p>
      </section>

      <section aria-labelledby="test-phase-overall">
        <h2 id="test-phase-overall" className="kern-heading-medium">
          {t('testPhases.report.overallHeading')}
        </h2>
        {kpiTable(t('testPhases.report.overallCaption'), report.overall.kpis)}
        <p className="test-phase-small">{assumptionsLine}</p>
      </section>

      <section aria-labelledby="test-phase-charts" className="test-phase-charts">
        <h2 id="test-phase-charts" className="kern-heading-medium">
          {t('testPhases.report.charts.heading')}
        </h2>
        <p>{t('testPhases.report.charts.intro')}</p>
        <div className="evaluation-charts">
          {charts.map((chart) => (
            <BarChart
              key={chart.key}
              title={t('testPhases.report.charts.title', {
                kpi: text.kpiName(chart.kpi, chart.districtId),
              })}
              summary={t('testPhases.report.charts.summary', {
                target: text.targetText(chart.overall),
                actual: text.actualText(chart.overall),
              })}
              categoryLabel={t('testPhases.report.charts.category')}
              valueLabel={t(`testPhases.report.charts.axis.${kpiUnits[chart.kpi]}`)}
              series={[
                { key: 'target', label: t('testPhases.report.columns.target') },
                { key: 'actual', label: t('testPhases.report.columns.actual') },
              ]}
              rows={chart.rows}
              formatTick={(value) => text.number(value)}
              minimumMax={chart.minimumMax}
              emptyText={t('testPhases.report.noData')}
            />
          ))}
        </div>
      </section>

      <section aria-labelledby="test-phase-sites">
        <h2 id="test-phase-sites" className="kern-heading-medium">
          {t('testPhases.report.sitesHeading')}
        </h2>
        {report.bySite.map((site) => (
          <section
            key={site.siteId}
            aria-labelledby={`test-phase-site-${site.siteId}`}
            className="test-phase-site"
          >
            <h3 id={`test-phase-site-${site.siteId}`} className="kern-heading-small">
              {t('testPhases.report.siteHeading', {
                site: siteName(site.siteId),
                decision: t(`testPhases.decisions.${site.recommendation.decision}`),
              })}
            </h3>
            {site.recommendation.reasons
              .filter((entry) => !entry.code.startsWith('kpi_'))
              .map((entry, index) => (
                <p key={index}>{reason(entry)}</p>
              ))}
            {kpiTable(t('testPhases.report.siteCaption', { site: siteName(site.siteId) }), site.kpis)}
          </section>
        ))}
      </section>

      <section aria-labelledby="test-phase-figures">
        <h2 id="test-phase-figures" className="kern-heading-medium">
          {t('testPhases.report.figuresHeading')}
        </h2>
        <DataTable
          caption={t('testPhases.report.figuresCaption')}
          columns={[t('testPhases.report.figureColumns.figure'), t('testPhases.report.figureColumns.value')]}
          rows={figureRows}
          className="test-phase-figures-table"
          rowKey={([key]) => key}
        >
          {([key, value]) => (
            <>
              <RowHeader>{t(`testPhases.report.figures.${key}`)}</RowHeader>
              <Cell className="test-phase-number">{value}</Cell>
            </>
          )}
        </DataTable>
      </section>

      <section aria-labelledby="test-phase-catchment">
        <h2 id="test-phase-catchment" className="kern-heading-medium">
          {t('testPhases.report.catchmentHeading')}
        </h2>
        <p id="test-phase-catchment-hint">{t('evaluation.charts.map.hint')}</p>
        <div className="evaluation-catchment">
          <CatchmentMap
            areas={areas}
            map={municipality?.map ?? noTiles}
            center={municipality?.center ?? null}
            label={t('evaluation.charts.map.label')}
            legendTitle={t('evaluation.charts.map.legend')}
            formatValue={(value) => text.number(value, 2)}
            describedBy="test-phase-catchment-hint"
          />
          <div className="evaluation-catchment__table">
            <DataTable
              caption={t('testPhases.report.catchmentCaption')}
              columns={(['district', 'contacts', 'population', 'per1000'] as const).map((column) =>
                t(`testPhases.report.catchmentColumns.${column}`),
              )}
              rows={report.catchment}
              className="test-phase-catchment-table"
              rowKey={(row) => row.districtId ?? 'none'}
              empty={t('testPhases.report.noData')}
            >
              {(row) => (
                <>
                  <RowHeader>{districtName(row.districtId)}</RowHeader>
                  <Cell className="test-phase-number">{count(row.contacts)}</Cell>
                  <Cell className="test-phase-number">
                    {row.population === null ? t('testPhases.report.none') : text.number(row.population)}
                  </Cell>
                  <Cell className="test-phase-number">
                    {row.contactsPer1000 === null
                      ? t('testPhases.report.none')
                      : text.fixed(row.contactsPer1000, 2)}
                  </Cell>
                </>
              )}
            </DataTable>
          </div>
        </div>
        <p className="test-phase-small">{t('testPhases.report.legend', { below })}</p>
      </section>

      <section aria-labelledby="test-phase-assumptions">
        <h2 id="test-phase-assumptions" className="kern-heading-medium">
          {t('testPhases.report.assumptionsHeading')}
        </h2>
        <p>{assumptionsLine}</p>
        <p>
          {report.assumptions.custom
            ? t('testPhases.report.assumptionsCustom')
            : t('testPhases.report.assumptionsDefault')}
        </p>
        {report.assumptions.note && (
          <p>{t('testPhases.report.assumptionsNote', { note: report.assumptions.note })}</p>
        )}
      </section>
    </article>
  );
}
