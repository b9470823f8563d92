import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { planningApi, type Scenario } from '../api.ts';
import { problemText } from '../../api/problemMessages.ts';
import { ComparisonTable } from '../components/ComparisonTable.tsx';
import { useFormat } from '../format.ts';
import { PageHeading } from '../components/PageHeading.tsx';

export function ComparePage() {
  const { t } = useFormat();
  const [params] = useSearchParams();
  const ids = (params.get('ids') ?? '').split(',').filter(Boolean);
  const key = ids.join(',');
  const [scenarios, setScenarios] = useState<Scenario[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    planningApi
      .listScenarios()
      .then((list) =>
        setScenarios(
          key
            .split(',')
            .map((id) => list.items.find((scenario) => scenario.id === id))
            .filter((scenario): scenario is Scenario => Boolean(scenario?.result)),
        ),
      )
      .catch((error: unknown) => setFailure(problemText(t, error)));
  }, [key]);

  return (
    <>
      <PageHeading title={t('compare.heading')}>{t('compare.heading')}</PageHeading>
      <p>{t('compare.intro')}</p>
      {failure && <p className="planning-error">{t('app.loadFailed', { detail: failure })}</p>}
      {scenarios === null && !failure && <p role="status">{t('app.loading')}</p>}
      {scenarios && scenarios.length < 2 && <p>{t('compare.tooFew')}</p>}
      {scenarios && scenarios.length >= 2 && (
        <ComparisonTable scenarios={scenarios} caption={t('compare.caption', { count: scenarios.length })} />
      )}
      <p>
        <Link className="kern-link" to="/planung">
          {t('app.back')}
        </Link>
      </p>
    </>
  );
}
