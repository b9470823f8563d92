import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { planningApi, type Scenario } from '../api.ts';
import { problemText } from '../../api/problemMessages.ts';
import { useFormat } from '../format.ts';
import { ConfirmAction } from '../../components/ConfirmAction/ConfirmAction.tsx';
import { Button, Cell, DataTable } from '../components/backoffice/index.ts';
import { PageHeading } from '../components/PageHeading.tsx';

export function ScenarioListPage() {
  const { t, date, statusOf } = useFormat();
  const navigate = useNavigate();
  const [scenarios, setScenarios] = useState<Scenario[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [message, setMessage] = useState('');

  const load = useCallback(() => {
    planningApi
      .listScenarios()
      .then((list) => setScenarios(list.items))
      .catch((error: unknown) => setFailure(problemText(t, error)));
  }, []);
  useEffect(load, [load]);

  const toggle = (id: string) =>
    setSelected((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id]));
  const remove = async (scenario: Scenario) => {
    try {
      await planningApi.deleteScenario(scenario.id);
      setSelected((current) => current.filter((id) => id !== scenario.id));
      setMessage(t('list.deleted'));
      load();
    } catch (error) {
      setMessage(problemText(t, error));
    }
  };
  const comparable = selected.filter((id) => scenarios?.some((s) => s.id === id && s.status === 'done'));

  return (
    <>
      <PageHeading title={t('list.heading')}>{t('list.heading')}</PageHeading>
      <p>{t('list.intro')}</p>
      <p>
        <Link className="kern-btn kern-btn--primary" to="/planung/neu">
          <span className="kern-label">{t('list.create')}</span>
        </Link>
      </p>
      <p role="status">{message}</p>
      {failure && <p className="planning-error">{t('app.loadFailed', { detail: failure })}</p>}
      {scenarios === null && !failure && <p>{t('app.loading')}</p>}
      {scenarios?.length === 0 && <p>{t('list.empty')}</p>}
      {scenarios && scenarios.length > 0 && (
        <>
          <DataTable
            caption={t('list.caption')}
            columns={(['select', 'name', 'objective', 'status', 'created', 'delete'] as const).map((column) =>
              t(`list.${column}`),
            )}
            rows={scenarios}
            rowKey={(scenario) => scenario.id}
          >
            {(scenario) => (
              <>
                <Cell>
                  <input
                    type="checkbox"
                    className="kern-form-check__input"
                    checked={selected.includes(scenario.id)}
                    onChange={() => toggle(scenario.id)}
                    aria-label={t('list.selectOne', { name: scenario.name })}
                  />
                </Cell>
                <Cell>
                  <Link className="kern-link" to={`/planung/szenario/${scenario.id}`}>
                    {scenario.name}
                  </Link>
                </Cell>
                <Cell>{t(`objective.${scenario.inputs.objective}`)}</Cell>
                <Cell>{statusOf(scenario)}</Cell>
                <Cell>{date(scenario.createdAt)}</Cell>
                <Cell>
                  <ConfirmAction
                    appearance="tertiary"
                    label={t('list.delete')}
                    ariaLabel={t('list.deleteOne', { name: scenario.name })}
                    question={t('list.deleteQuestion', { name: scenario.name })}
                    consequence={t('list.deleteConsequence')}
                    yes={t('list.deleteYes')}
                    no={t('list.deleteNo')}
                    disabled={scenario.status === 'running' || scenario.status === 'queued'}
                    onConfirm={() => void remove(scenario)}
                  />
                </Cell>
              </>
            )}
          </DataTable>
          <p id="compare-hint">{t('list.compareHint')}</p>
          <Button
            aria-describedby="compare-hint"
            disabled={comparable.length < 2}
            onClick={() => void navigate(`/planung/vergleich?ids=${comparable.join(',')}`)}
          >
            {t('list.compare')}
          </Button>
        </>
      )}
    </>
  );
}
