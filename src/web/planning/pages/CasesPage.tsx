import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { Link } from 'react-router';
import { problemText } from '../../api/problemMessages.ts';
import { planningApi, type CaseList, type CaseStatus } from '../api.ts';
import { FormField } from '../components/FormField.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { useFormat } from '../format.ts';
import { PurposeSelect, type Purpose } from './casePurpose.tsx';

const statuses: CaseStatus[] = [
  'open',
  'in_progress',
  'waiting',
  'handing_off',
  'handed_off',
  'closed',
  'cancelled',
];

/**
 * Cases (Vorgänge) of the caller's scope: filters by status, a search for a case number, a booking code or a
 * citizen's name. A search may touch personal data, so it goes with a purpose (audited by the server).
 */
export function CasesPage() {
  const { t, date } = useFormat();
  const english = useTranslation().i18n.language === 'en';
  const [status, setStatus] = useState('');
  const [search, setSearch] = useState('');
  const [purpose, setPurpose] = useState<Purpose>('processing');
  const [query, setQuery] = useState('');
  const [cases, setCases] = useState<CaseList['items'] | null>(null);
  const [loadError, setLoadError] = useState('');

  const load = useCallback(async () => {
    try {
      setCases((await planningApi.listCases(query)).items);
      setLoadError('');
    } catch (error) {
      setLoadError(t('app.loadFailed', { detail: problemText(t, error) }));
    }
  }, [query, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const params = new URLSearchParams();
    if (status) params.set('status', status);
    if (search.trim()) {
      params.set('search', search.trim());
      params.set('purpose', purpose);
    }
    const text = params.toString();
    setQuery(text ? `?${text}` : '');
  };

  return (
    <>
      <PageHeading title={t('cases.heading')}>{t('cases.heading')}</PageHeading>
      <p>{t('cases.intro')}</p>
      <form noValidate onSubmit={submit} className="planning-form" aria-label={t('cases.filterLabel')}>
        <FormField id="cases-status" label={t('cases.status')}>
          {(describedBy) => (
            <select
              id="cases-status"
              className="kern-form-input__select"
              value={status}
              onChange={(event) => setStatus(event.target.value)}
              aria-describedby={describedBy}
            >
              <option value="">{t('cases.allStatuses')}</option>
              {statuses.map((value) => (
                <option key={value} value={value}>
                  {t(`cases.statuses.${value}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField id="cases-search" label={t('cases.search')} hint={t('cases.searchHint')}>
          {(describedBy) => (
            <input
              id="cases-search"
              className="kern-form-input__input"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              aria-describedby={describedBy}
              autoComplete="off"
            />
          )}
        </FormField>
        {search.trim() && <PurposeSelect id="cases-purpose" value={purpose} onChange={setPurpose} />}
        <button type="submit" className="kern-btn kern-btn--primary">
          <span className="kern-label">{t('cases.apply')}</span>
        </button>
      </form>
      {loadError && <p className="planning-error">{loadError}</p>}
      {cases === null && !loadError && <p>{t('app.loading')}</p>}
      {cases && cases.length === 0 && <p role="status">{t('cases.none')}</p>}
      {cases && cases.length > 0 && (
        <div className="planning-table-wrap">
          <table className="kern-table planning-table">
            <caption className="kern-table__caption">{t('cases.caption', { count: cases.length })}</caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                {(['number', 'service', 'status', 'step', 'tasks', 'created'] as const).map((column) => (
                  <th key={column} scope="col" className="kern-table__header">
                    {t(`cases.columns.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {cases.map((item) => (
                <tr key={item.id} className="kern-table__row">
                  <th scope="row" className="kern-table__cell">
                    <Link className="kern-link" to={`/verwaltung/vorgaenge/${item.id}`}>
                      {item.number}
                    </Link>
                    {item.demo && (
                      <>
                        {' '}
                        <span className="kern-badge kern-badge--info">
                          <span className="kern-label">{t('cases.demo')}</span>
                        </span>
                      </>
                    )}
                  </th>
                  <td className="kern-table__cell">{english ? item.serviceNameEn : item.serviceNameDe}</td>
                  <td className="kern-table__cell">{t(`cases.statuses.${item.status}`)}</td>
                  <td className="kern-table__cell">{item.currentStep?.name ?? '–'}</td>
                  <td className="kern-table__cell">
                    {item.overdueTasks > 0
                      ? t('cases.tasksOverdue', { count: item.openTasks, overdue: item.overdueTasks })
                      : t('cases.tasksOpen', { count: item.openTasks })}
                  </td>
                  <td className="kern-table__cell">{date(item.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
