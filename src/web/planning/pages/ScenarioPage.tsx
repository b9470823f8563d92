import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { planningApi, type Scenario } from '../api.ts';
import { problemText } from '../../api/problemMessages.ts';
import { ComparisonTable } from '../components/ComparisonTable.tsx';
import { ConfirmAction } from '../../components/ConfirmAction/ConfirmAction.tsx';
import { Cell, DataTable, RowHeader } from '../components/backoffice/index.ts';
import { RunProgress } from '../components/RunProgress.tsx';
import { ScenarioMap } from '../components/ScenarioMap.tsx';
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
import { useMunicipalityInfo } from '../municipalityContext.ts';

export function ScenarioPage() {
  const { id = '' } = useParams();
  const { t, statusOf } = useFormat();
  const municipality = useMunicipalityInfo();
  const [scenario, setScenario] = useState<Scenario | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    () =>
      planningApi
        .getScenario(id)
        .then(setScenario)
        .catch((error: unknown) => setFailure(problemText(t, error))),
    [id],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const active = scenario?.status === 'queued' || scenario?.status === 'running';
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void load(), 700);
    return () => clearInterval(timer);
  }, [active, load]);

  const act = async (action: () => Promise<unknown>, success?: string) => {
    setBusy(true);
    try {
      await action();
      if (success) setMessage(success);
    } catch (error) {
      setMessage(problemText(t, error));
    } finally {
      setBusy(false);
      await load();
    }
  };

  if (failure) return <p className="planning-error">{t('app.loadFailed', { detail: failure })}</p>;
  if (!scenario) return <p role="status">{t('app.loading')}</p>;
  const result = scenario.result;
  const siteName = (siteId: string) => result?.chosenSites.find((site) => site.id === siteId)?.name ?? siteId;
  // The unit's name from the timetable it was planned in, never its id (e.g. "buergerkoffer-1").
  const unitName = (unitId: string) =>
    result?.timetable.rules.find((rule) => rule.unitId === unitId)?.unitName ?? t('scenario.unknownUnit');

  return (
    <>
      <PageHeading title={scenario.name}>{scenario.name}</PageHeading>
      <p>
        {t('list.status')}: {statusOf(scenario)}
      </p>
      <h2 className="kern-heading-medium">{t('scenario.inputs')}</h2>
      <InputsList scenario={scenario} />
      {!scenario.approvedAt && (
        <>
          <p className="kern-hint">{t('scenario.runHint')}</p>
          <button
            type="button"
            className="kern-btn kern-btn--primary"
            disabled={busy || active}
            onClick={() => void act(() => planningApi.runScenario(scenario.id))}
          >
            <span className="kern-label">
              {scenario.status === 'draft' ? t('scenario.run') : t('scenario.rerun')}
            </span>
          </button>
        </>
      )}
      <RunProgress scenario={scenario} />
      {result && (
        <>
          <h2 className="kern-heading-medium">{t('scenario.results')}</h2>
          <p>
            <Link className="kern-link" to={`/planung/bericht/${scenario.id}`}>
              {t('scenario.report')}
            </Link>
          </p>
          <ComparisonTable scenarios={[scenario]} caption={t('metrics.caption')} />
          <h3 className="kern-heading-small">{t('scenario.sites')}</h3>
          <p id="map-hint">{t('scenario.mapHint')}</p>
          {municipality && (
            <ScenarioMap
              result={result}
              coverageRadiusMetres={scenario.coverageRadiusMetres}
              map={municipality.map}
              label={t('scenario.mapLabel')}
              describedBy="map-hint"
            />
          )}
          <SitesTable result={result} />
          <RobustnessSection result={result} headingLevel={3} headingId="robustness-heading" />
          <DemandTable result={result} id="demand-table" />
          <TimetableTable result={result} />
          <NotesList result={result} />
          {!scenario.approvedAt && scenario.status === 'done' && (
            <ConfirmAction
              label={t('scenario.approve')}
              question={t('scenario.approveQuestion')}
              consequence={t('scenario.approveConsequence')}
              yes={t('scenario.approveYes')}
              no={t('scenario.confirmNo')}
              disabled={busy}
              onConfirm={() =>
                void act(() => planningApi.approveScenario(scenario.id), t('scenario.approved'))
              }
            />
          )}
        </>
      )}
      <p role="status">{message}</p>
      {scenario.approvedSchedules.length > 0 && (
        <>
          <h2 className="kern-heading-medium">{t('scenario.schedules')}</h2>
          <DataTable
            caption={t('scenario.schedules')}
            columns={['siteName', 'unit', 'status', 'stops', 'activate'].map((key) =>
              key === 'status' ? t('list.status') : t(`scenario.${key}`),
            )}
            rows={scenario.approvedSchedules}
            rowKey={(schedule) => schedule.id}
          >
            {(schedule) => (
              <>
                <RowHeader look="header">{siteName(schedule.siteId)}</RowHeader>
                <Cell>{unitName(schedule.unitId)}</Cell>
                <Cell>{t(`scenario.scheduleStatus.${schedule.status}`)}</Cell>
                <Cell>{schedule.stops}</Cell>
                <Cell>
                  {schedule.status === 'draft' && (
                    <ConfirmAction
                      label={t('scenario.activate')}
                      ariaLabel={t('scenario.activateOne', {
                        site: siteName(schedule.siteId),
                        unit: unitName(schedule.unitId),
                      })}
                      question={t('scenario.activateQuestion', {
                        site: siteName(schedule.siteId),
                        unit: unitName(schedule.unitId),
                      })}
                      consequence={t('scenario.activateConsequence')}
                      yes={t('scenario.activateYes')}
                      no={t('scenario.confirmNo')}
                      disabled={busy}
                      onConfirm={() =>
                        void act(async () => {
                          try {
                            const activated = await planningApi.activateSchedule(schedule.id);
                            setMessage(t('scenario.activated', { stops: activated.stopIds.length }));
                          } catch (error) {
                            setMessage(t('scenario.conflict', { detail: problemText(t, error) }));
                          }
                        })
                      }
                    />
                  )}
                </Cell>
              </>
            )}
          </DataTable>
        </>
      )}
    </>
  );
}
