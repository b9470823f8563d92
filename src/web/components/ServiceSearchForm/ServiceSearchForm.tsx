import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import type { Channel } from '../../api/types.ts';
import { ErrorSummary, type FieldError } from '../ErrorSummary/ErrorSummary.tsx';
import { validateSearchInput, type SearchInput, type SearchInputError } from './searchInput.ts';

export const queryFieldId = 'service-search-query';
const channelFieldId = (channel: Channel | '') => `service-search-channel-${channel || 'all'}`;
const channels: (Channel | '')[] = ['', 'online', 'in_person'];
const channelLabelKeys = {
  '': 'services.channelAll',
  online: 'services.channelOnline',
  in_person: 'services.channelInPerson',
};

interface ServiceSearchFormProps {
  /** the search as it is in the address (after a submission or when a link was opened) */
  value: SearchInput;
  /** errors the server found in `value` */
  serverErrors: SearchInputError[];
  onSearch: (input: SearchInput) => void;
}

export function ServiceSearchForm({ value, serverErrors, onSearch }: ServiceSearchFormProps) {
  const { t } = useTranslation();
  const [query, setQuery] = useState(value.query);
  const [channel, setChannel] = useState(value.channel);
  const [clientErrors, setClientErrors] = useState<SearchInputError[]>([]);
  const [submission, setSubmission] = useState(0);

  // Back/forward and links change the address: the form follows it.
  useEffect(() => {
    setQuery(value.query);
    setChannel(value.channel);
    setClientErrors([]);
  }, [value.query, value.channel]);

  const errors = clientErrors.length > 0 ? clientErrors : serverErrors;
  const messageFor = (error: SearchInputError) =>
    error.field === 'q' && error.reason === 'tooLong'
      ? t('services.errors.queryTooLong')
      : t('services.errors.invalid');
  const fieldErrors: FieldError[] = errors.map((error) => ({
    fieldId: error.field === 'q' ? queryFieldId : channelFieldId(channel),
    message: messageFor(error),
  }));
  const queryError = errors.find((error) => error.field === 'q');
  const channelError = errors.find((error) => error.field === 'channel');

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = { query: query.trim(), channel };
    const found = validateSearchInput(input);
    setClientErrors(found);
    setSubmission((count) => count + 1);
    if (found.length === 0) onSearch(input);
  };

  return (
    <form role="search" noValidate onSubmit={submit} className="search-form">
      <ErrorSummary errors={fieldErrors} submission={submission} />

      <div className={`kern-form-input${queryError ? ' kern-form-input--error' : ''}`}>
        <label className="kern-label" htmlFor={queryFieldId}>
          {t('services.searchLabel')}
        </label>
        <div className="kern-hint" id={`${queryFieldId}-hint`}>
          {t('services.searchHint')}
        </div>
        {queryError && (
          <p className="kern-error" id={`${queryFieldId}-error`}>
            <span className="kern-icon kern-icon--danger" aria-hidden="true" />
            <span className="kern-body">
              <span className="kern-sr-only">{t('status.errorTitle')}: </span>
              {messageFor(queryError)}
            </span>
          </p>
        )}
        <input
          id={queryFieldId}
          name="q"
          type="search"
          className={`kern-form-input__input${queryError ? ' kern-form-input__input--error' : ''}`}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          aria-describedby={`${queryFieldId}-hint${queryError ? ` ${queryFieldId}-error` : ''}`}
          aria-invalid={queryError ? true : undefined}
          autoComplete="off"
        />
      </div>

      <fieldset
        className={`kern-fieldset${channelError ? ' kern-fieldset--error' : ''}`}
        aria-describedby={channelError ? 'service-search-channel-error' : undefined}
      >
        <legend className="kern-label">{t('services.channelLegend')}</legend>
        {channelError && (
          <p className="kern-error" id="service-search-channel-error">
            <span className="kern-icon kern-icon--danger" aria-hidden="true" />
            <span className="kern-body">{messageFor(channelError)}</span>
          </p>
        )}
        <div className="kern-fieldset__body kern-fieldset__body--horizontal">
          {channels.map((option) => (
            <div className="kern-form-check" key={option || 'all'}>
              <input
                className="kern-form-check__radio"
                id={channelFieldId(option)}
                name="channel"
                type="radio"
                value={option}
                checked={channel === option}
                onChange={() => setChannel(option)}
              />
              <label className="kern-label" htmlFor={channelFieldId(option)}>
                {t(channelLabelKeys[option])}
              </label>
            </div>
          ))}
        </div>
      </fieldset>

      <button type="submit" className="kern-btn kern-btn--primary">
        <span className="kern-icon kern-icon--search" aria-hidden="true" />
        <span className="kern-label">{t('services.searchButton')}</span>
      </button>
    </form>
  );
}
