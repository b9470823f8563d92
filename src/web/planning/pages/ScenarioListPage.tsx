import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { planningApi, type Scenario } from '../api.ts';
import { problemText } from '../../api/problemMessages.ts';
import { useFormat } from '../format.ts';
import { ConfirmAction } from '../components/ConfirmAction.tsx';
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
          <div className="planning-table-wrap">
            <table className="kern-table planning-table">
              <caption className="kern-table__caption">{t('list.caption')}</caption>
              <thead className="kern-table__head">
                <tr className="kern-table__row">
                  <th scope="col" className="kern-table__header">
                    {t('list.select')}
                  </th>
                  <th scope="col" className="kern-table__header">
                    {t('list.name')}
                  </th>
                  <th scope="col" className="kern-table__header">
                    {t('list.objective')}
                  </th>
                  <th scope="col" className="kern-table__header">
                    {t('list.status')}
                  </th>
                  <th scope="col" className="kern-table__header">
                    {t('list.created')}
                  </th>
                  <th scope="col" className="kern-table__header">
                    {t('list.delete')}
                  </th>
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {scenarios.map((scenario) => (
                  <tr key={scenario.id} className="kern-table__row">
                    <td className="kern-table__cell">
                      <input
                        type="checkbox"
                        className="kern-form-check__input"
                        checked={selected.includes(scenario.id)}
                        onChange={() => toggle(scenario.id)}
                        aria-label={t('list.selectOne', { name: scenario.name })}
                      />
                    </td>
                    <td className="kern-table__cell">
                      <Link className="kern-link" to={`/planung/szenario/${scenario.id}`}>
                        {scenario.name}
                      </Link>
                    </td>
                    <td className="kern-table__cell">{t(`objective.${scenario.inputs.objective}`)}</td>
                    <td className="kern-table__cell">{statusOf(scenario)}</td>
                    <td className="kern-table__cell">{date(scenario.createdAt)}</td>
                    <td className="kern-table__cell">
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
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p id="compare-hint">{t('list.compareHint')}</p>
          <button
            type="button"
            className="kern-btn kern-btn--secondary"
            aria-describedby="compare-hint"
            disabled={comparable.length < 2}
            onClick={() => void navigate(`/planung/vergleich?ids=${comparable.join(',')}`)}
          >
            <span className="kern-label">{t('list.compare')}</span>
          </button>
        </>
      )}
    </>
  );
}
