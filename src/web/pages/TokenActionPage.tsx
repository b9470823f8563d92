import { useState } from 'react';
import { useTranslation } from '../i18n/react.tsx';
import { useParams } from 'react-router';
import { ApiProblem, postJson } from '../api/client.ts';
import { ActionResult } from '../components/ActionResult/ActionResult.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';
import { useFragmentToken } from '../hooks/useFragmentToken.ts';

interface TokenActionPageProps {
  /** API path for the id in the address, e.g. id => `/api/v1/waitlist/${id}/cancel` */
  apiPath: (id: string) => string;
  /** message keys: title, intro, button, done, doneText */
  messages: string;
  /** Problem codes (e.g. 'booking_limit') with a message key of their own under `messages`. */
  problemMessages?: Readonly<Record<string, string>>;
}

type Outcome = 'idle' | 'working' | 'done' | 'wrongLink' | 'failed' | { messageKey: string };

/** A page behind a link from a mail that does one thing with the secret from the fragment, after a click. */
export function TokenActionPage({ apiPath, messages, problemMessages = {} }: TokenActionPageProps) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const token = useFragmentToken();
  const [outcome, setOutcome] = useState<Outcome>('idle');

  const act = async () => {
    if (outcome === 'working') return;
    setOutcome('working');
    try {
      await postJson(apiPath(encodeURIComponent(id)), { token });
      setOutcome('done');
    } catch (error) {
      const status = error instanceof ApiProblem ? error.problem.status : 0;
      const own = error instanceof ApiProblem ? problemMessages[error.code ?? ''] : undefined;
      if (own) setOutcome({ messageKey: own });
      else setOutcome(status === 404 || status === 400 || status === 410 ? 'wrongLink' : 'failed');
    }
  };

  return (
    <>
      <PageHeading>{t(`${messages}.title`)}</PageHeading>
      {!token || outcome === 'wrongLink' ? (
        <ActionResult tone="danger" title={t('links.wrongTitle')} focus={outcome === 'wrongLink'}>
          <p className="kern-body">{token ? t('links.wrongText') : t('links.noToken')}</p>
        </ActionResult>
      ) : outcome === 'done' ? (
        <ActionResult tone="success" title={t(`${messages}.done`)}>
          <p className="kern-body">{t(`${messages}.doneText`)}</p>
        </ActionResult>
      ) : outcome === 'failed' ? (
        <ActionResult tone="danger" title={t('links.failed')} />
      ) : typeof outcome === 'object' ? (
        <ActionResult tone="danger" title={t(`${messages}.${outcome.messageKey}`)} />
      ) : (
        <>
          <p className="kern-body">{t(`${messages}.intro`)}</p>
          <button type="button" className="kern-btn kern-btn--primary" onClick={act}>
            <span className="kern-label">{t(`${messages}.button`)}</span>
          </button>
        </>
      )}
    </>
  );
}

export const WaitlistLeavePage = () => (
  <TokenActionPage apiPath={(id) => `/api/v1/waitlist/${id}/cancel`} messages="waitlistLeave" />
);

/** `/warteliste/:id/bestaetigen#token`: the double opt-in of a waiting-list request. */
export const WaitlistConfirmPage = () => (
  <TokenActionPage
    apiPath={(id) => `/api/v1/waitlist/${id}/confirm`}
    messages="waitlistConfirm"
    problemMessages={{ booking_limit: 'limit' }}
  />
);

export const SubscriptionConfirmPage = () => (
  <TokenActionPage apiPath={(id) => `/api/v1/subscriptions/${id}/confirm`} messages="subscriptionConfirm" />
);
