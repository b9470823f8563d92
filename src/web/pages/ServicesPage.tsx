import { useTranslation } from '../i18n/react.tsx';
import { useSearchParams } from 'react-router';
import type { ListResponse, Service } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { LoadError } from '../components/ApiStatus/ApiStatus.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';
import { ServiceList } from '../components/ServiceList/ServiceList.tsx';
import { ServiceSearchForm } from '../components/ServiceSearchForm/ServiceSearchForm.tsx';
import {
  searchInputErrorsFromProblem,
  toChannel,
  type SearchInput,
} from '../components/ServiceSearchForm/searchInput.ts';

function servicesPath(input: SearchInput): string {
  const params = new URLSearchParams();
  if (input.query) params.set('q', input.query);
  if (input.channel) params.set('channel', input.channel);
  const search = params.toString();
  return `/api/v1/services${search ? `?${search}` : ''}`;
}

export function ServicesPage() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const input: SearchInput = {
    query: searchParams.get('q') ?? '',
    channel: toChannel(searchParams.get('channel')),
  };
  const state = useApi<ListResponse<Service>>(servicesPath(input));
  const serverErrors = state.status === 'error' ? searchInputErrorsFromProblem(state.problem, input) : [];

  const search = (next: SearchInput) => {
    const params = new URLSearchParams();
    if (next.query) params.set('q', next.query);
    if (next.channel) params.set('channel', next.channel);
    setSearchParams(params);
  };

  return (
    <>
      <PageHeading>{t('services.title')}</PageHeading>
      <p className="kern-body">{t('services.intro')}</p>
      <ServiceSearchForm value={input} serverErrors={serverErrors} onSearch={search} />

      <section aria-labelledby="services-results" className="page-section">
        <h2 id="services-results" className="kern-heading-medium">
          {t('services.resultsHeading')}
        </h2>
        {/* One live region for loading and result count, so each change is announced once. */}
        <p role="status" className="kern-body result-status">
          {state.status === 'loading' && t('status.loading')}
          {state.status === 'ready' &&
            (state.data.total === 0
              ? t('services.noResults')
              : t('services.resultCount', { count: state.data.total }))}
        </p>
        {state.status === 'error' && serverErrors.length === 0 && <LoadError />}
        {state.status === 'ready' && <ServiceList services={state.data.items} />}
      </section>
    </>
  );
}
