import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { planningApi, scenarioPdfHref, type Scenario, type ScenarioReportMap } from '../api.ts';
import { problemText } from '../../api/problemMessages.ts';
import { ComparisonTable } from '../components/ComparisonTable.tsx';
import {
  DemandTable,
  InputsList,
  NotesList,
  RobustnessSection,
  SitesTable,
  TimetableTable,
} from '../components/ScenarioSections.tsx';
import { useFormat } from '../format.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { ReportMap } from '../components/ReportMap.tsx';

/** The council report: inputs, assumptions and data quality, results and timetable; print CSS hides the rest. */
export function ReportPage() {
  const { id = '' } = useParams();
  const { t, day, statusOf, number, locale } = useFormat();
  const [scenario, setScenario] = useState<Scenario | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [map, setMap] = useState<ScenarioReportMap | null>(null);
  const [mapFailure, setMapFailure] = useState<string | null>(null);

  useEffect(() => {
    planningApi
      .getScenario(id)
      .then((loaded) => {
        setScenario(loaded);
        // The map is projected on the server; only a scenario with a result has one.
        if (loaded.status === 'done' && loaded.result) {
          planningApi
            .getScenarioReportMap(id)
            .then((report) => setMap(report.map))
            .catch((error: unknown) => setMapFailure(problemText(t, error)));
        }
      })
      .catch((error: unknown) => setFailure(problemText(t, error)));
  }, [id]);

  if (failure) return <p className="planning-error">{t('app.loadFailed', { detail: failure })}</p>;
  if (!scenario) return <p role="status">{t('app.loading')}</p>;
  const result = scenario.result;
  const heading = t('report.heading', { name: scenario.name });

  return (
    <article className="planning-report">
      <PageHeading title={heading}>{heading}</PageHeading>
      <p>{t('report.intro', { date: day(scenario.approvedAt ?? new Date().toISOString()) })}</p>
      <p>
        {t('list.status')}: {statusOf(scenario)}
      </p>
      <div className="planning-no-print planning-actions">
        <button type="button" className="kern-btn kern-btn--primary" onClick={() => window.print()}>
          <span className="kern-label">{t('report.print')}</span>
        </button>
        {result && scenario.status === 'done' && (
          <a
            className="kern-link"
            href={scenarioPdfHref(scenario.id, locale.startsWith('en') ? 'en' : 'de')}
            download
          >
            {t('report.pdf')}
          </a>
        )}
        <Link className="kern-link" to={`/planung/szenario/${scenario.id}`}>
          {t('app.back')}
        </Link>
      </div>
      <section aria-labelledby="report-inputs">
        <h2 className="kern-heading-medium" id="report-inputs">
          {t('report.inputs')}
        </h2>
        <InputsList scenario={scenario} />
      </section>
      {!result ? (
        <p>{t('report.notReady')}</p>
      ) : (
        <>
          <section aria-labelledby="report-assumptions">
            <h2 className="kern-heading-medium" id="report-assumptions">
              {t('report.assumptions')}
            </h2>
            <NotesList result={result} />
            <p>
              {t('report.solverNote', {
                method: result.solver.solver
                  ? t(`metrics.solverName.${result.solver.solver}`)
                  : t(`metrics.${result.solver.method}`),
                reason: result.solver.provenOptimal
                  ? t('metrics.provenOptimal')
                  : result.solver.gapPct === null
                    ? ''
                    : t('metrics.withinBound', {
                        pct: t('metrics.percent', {
                          value: number(Math.ceil(result.solver.gapPct * 100) / 100, 2),
                        }),
                      }),
              })}
            </p>
          </section>
          <section aria-labelledby="report-results">
            <h2 className="kern-heading-medium" id="report-results">
              {t('report.results')}
            </h2>
            <ComparisonTable scenarios={[scenario]} caption={t('metrics.caption')} />
            <SitesTable result={result} />
            <DemandTable result={result} />
          </section>
          {map ? (
            <ReportMap map={map} thresholdMinutes={scenario.inputs.coverageThresholdMinutes} />
          ) : mapFailure ? (
            <p className="planning-error">{t('report.map.loadFailed', { detail: mapFailure })}</p>
          ) : (
            <p role="status">{t('app.loading')}</p>
          )}
          <RobustnessSection result={result} headingLevel={2} headingId="report-robustness" />
          <section aria-labelledby="report-timetable">
            <h2 className="kern-heading-medium" id="report-timetable">
              {t('report.timetable')}
            </h2>
            <TimetableTable result={result} />
          </section>
        </>
      )}
    </article>
  );
}
