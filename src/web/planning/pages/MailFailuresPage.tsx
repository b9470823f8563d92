import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { timeZone } from '../../format/dateTime.ts';
import { planningApi, type FailedMail } from '../api.ts';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import { useFormat } from '../format.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { Button, Cell, DataTable, RowHeader } from '../components/backoffice/index.ts';

type State =
  | { state: 'loading' }
  | { state: 'forbidden' }
  | { state: 'failed'; detail: string }
  | { state: 'ready'; items: FailedMail[] };

/** Mails that could not be delivered after all attempts, for admins, with "send again" per mail. */
export function MailFailuresPage() {
  const { t, locale } = useFormat();
  const [state, setState] = useState<State>({ state: 'loading' });
  const [announcement, setAnnouncement] = useState('');
  const statusRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    let current = true;
    planningApi
      .listFailedMails()
      .then((page) => current && setState({ state: 'ready', items: page.items }))
      .catch((error: unknown) => {
        if (!current) return;
        if (error instanceof ApiProblem && error.status === 403) setState({ state: 'forbidden' });
        else setState({ state: 'failed', detail: problemText(t, error) });
      });
    return () => {
      current = false;
    };
  }, []);

  const retry = async (id: string) => {
    try {
      await planningApi.retryMail(id);
      setState((current) =>
        current.state === 'ready'
          ? { state: 'ready', items: current.items.filter((mail) => mail.id !== id) }
          : current,
      );
      setAnnouncement(t('mailFailures.retried', { id }));
    } catch (error) {
      setAnnouncement(t('mailFailures.retryFailed', { detail: problemText(t, error) }));
    }
    // The button is gone with its row: the focus goes to the message that says what happened.
    statusRef.current?.focus();
  };

  const time = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'medium' });
  const heading = <PageHeading title={t('mailFailures.heading')}>{t('mailFailures.heading')}</PageHeading>;
  if (state.state === 'forbidden') {
    return (
      <>
        {heading}
        <div className="kern-alert kern-alert--warning">
          <div className="kern-alert__body">
            <p className="kern-body">{t('mailFailures.forbidden')}</p>
          </div>
        </div>
        <p>
          <Link className="kern-link" to="/planung">
            {t('app.back')}
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      {heading}
      <p>{t('mailFailures.intro')}</p>
      <p role="status" className="mail-failures-status" tabIndex={-1} ref={statusRef}>
        {announcement ||
          (state.state === 'ready'
            ? state.items.length === 0
              ? t('mailFailures.empty')
              : t('mailFailures.count', { count: state.items.length })
            : state.state === 'failed'
              ? t('app.loadFailed', { detail: state.detail })
              : t('app.loading'))}
      </p>
      {state.state === 'ready' && state.items.length > 0 && (
        <DataTable
          caption={t('mailFailures.caption')}
          columns={(['failedAt', 'purpose', 'attempts', 'lastError', 'id', 'action'] as const).map((column) =>
            t(`mailFailures.${column}`),
          )}
          rows={state.items}
          rowKey={(mail) => mail.id}
        >
          {(mail) => (
            <>
              <RowHeader>
                {mail.failedAt ? (
                  <time dateTime={mail.failedAt}>{time.format(new Date(mail.failedAt))}</time>
                ) : (
                  t('mailFailures.none')
                )}
              </RowHeader>
              <Cell>
                {t(`mailFailures.purposes.${mail.purpose.replace(/\./g, '_')}`, {
                  defaultValue: t('mailFailures.otherPurpose'),
                })}
              </Cell>
              <Cell>{mail.attempts}</Cell>
              <Cell>{mail.lastError ?? t('mailFailures.none')}</Cell>
              <Cell>
                <code>{mail.id}</code>
              </Cell>
              <Cell>
                <Button
                  aria-label={t('mailFailures.retryLabel', { id: mail.id })}
                  onClick={() => void retry(mail.id)}
                >
                  {t('mailFailures.retry')}
                </Button>
              </Cell>
            </>
          )}
        </DataTable>
      )}
    </>
  );
}
