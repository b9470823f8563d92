import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { timeZone } from '../../format/dateTime.ts';
import { planningApi, type EfileHandOff } from '../api.ts';
import { problemText } from '../../api/problemMessages.ts';
import { useFormat } from '../format.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { Cell, DataTable, RowHeader } from '../components/backoffice/index.ts';

const filters = ['open', 'failed', 'rejected', 'written', 'confirmed', ''] as const;
type Filter = (typeof filters)[number];

type State =
  { state: 'loading' } | { state: 'failed'; detail: string } | { state: 'ready'; items: EfileHandOff[] };

/**
 * The hand-offs to the e-file (xdomea messages in the transfer directory) for admins and department leads:
 * what waits for the DMS, what it confirmed, refused or never answered, each with its case. A case goes to the
 * e-file again from its page.
 */
export function EfileHandOffsPage() {
  const { t, locale } = useFormat();
  const [filter, setFilter] = useState<Filter>('open');
  const [state, setState] = useState<State>({ state: 'loading' });

  useEffect(() => {
    let current = true;
    setState({ state: 'loading' });
    planningApi
      .listEfileHandOffs(filter)
      .then((list) => current && setState({ state: 'ready', items: list.items }))
      .catch((error: unknown) => current && setState({ state: 'failed', detail: problemText(t, error) }));
    return () => {
      current = false;
    };
  }, [filter, t]);

  const time = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const at = (value: string | null) =>
    value ? <time dateTime={value}>{time.format(new Date(value))}</time> : t('efile.none');
  return (
    <>
      <PageHeading title={t('efile.heading')}>{t('efile.heading')}</PageHeading>
      <p>{t('efile.intro')}</p>
      <fieldset className="kern-fieldset">
        <legend className="kern-label">{t('efile.filter')}</legend>
        <div className="kern-fieldset__body kern-fieldset__body--horizontal">
          {filters.map((value) => (
            <div className="kern-form-check" key={value || 'all'}>
              <input
                className="kern-form-check__input"
                type="radio"
                id={`efile-filter-${value || 'all'}`}
                name="efile-filter"
                checked={filter === value}
                onChange={() => setFilter(value)}
              />
              <label className="kern-label" htmlFor={`efile-filter-${value || 'all'}`}>
                {t(`efile.filters.${value || 'all'}`)}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      <p role="status">
        {state.state === 'ready'
          ? t('efile.count', { count: state.items.length })
          : state.state === 'failed'
            ? t('app.loadFailed', { detail: state.detail })
            : t('app.loading')}
      </p>
      {state.state === 'ready' && state.items.length > 0 && (
        <DataTable
          caption={t('efile.caption')}
          columns={(
            [
              'caseNumber',
              'message',
              'status',
              'documents',
              'attempts',
              'queuedAt',
              'writtenAt',
              'confirmedAt',
              'lastError',
            ] as const
          ).map((column) => t(`efile.columns.${column}`))}
          rows={state.items}
          rowKey={(handOff) => handOff.id}
        >
          {(handOff) => (
            <>
              <RowHeader>
                <Link className="kern-link" to={`/verwaltung/vorgaenge/${handOff.caseId}`}>
                  {handOff.caseNumber}
                </Link>
              </RowHeader>
              <Cell>{t(`cases.messages.${handOff.message}`)}</Cell>
              <Cell>{t(`cases.handOffStatuses.${handOff.status}`)}</Cell>
              <Cell>{handOff.documents}</Cell>
              <Cell>{handOff.attempts}</Cell>
              <Cell>{at(handOff.queuedAt)}</Cell>
              <Cell>{at(handOff.writtenAt)}</Cell>
              <Cell>{at(handOff.confirmedAt)}</Cell>
              <Cell>{handOff.lastError ?? t('efile.none')}</Cell>
            </>
          )}
        </DataTable>
      )}
    </>
  );
}
