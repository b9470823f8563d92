import { useState } from 'react';
import { useTranslation } from '../i18n/react.tsx';
import { Link, Navigate, useParams } from 'react-router';
import { ApiProblem, postJson } from '../api/client.ts';
import { ActionResult } from '../components/ActionResult/ActionResult.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';
import { useFragmentToken } from '../hooks/useFragmentToken.ts';

type Outcome =
  | { kind: 'idle' }
  | { kind: 'working' }
  | { kind: 'confirmed'; alreadyConfirmed: boolean }
  | { kind: 'expired' }
  | { kind: 'wrongLink' }
  | { kind: 'failed' };

/**
 * `/termin/:bookingId/bestaetigen#token`: the link from the mail. Confirming needs one click on the page:
 * programs that check links in mails open them too, and must not confirm on the person's behalf.
 */
export function BookingConfirmPage() {
  const { t } = useTranslation();
  const { bookingId = '' } = useParams();
  const token = useFragmentToken();
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const managePath = `/termin/${encodeURIComponent(bookingId)}#${token}`;

  const confirm = async () => {
    if (outcome.kind === 'working') return;
    setOutcome({ kind: 'working' });
    try {
      const result = await postJson<{ status: string; alreadyConfirmed: boolean }>(
        `/api/v1/bookings/${encodeURIComponent(bookingId)}/confirm`,
        { token },
      );
      setOutcome({ kind: 'confirmed', alreadyConfirmed: result.alreadyConfirmed });
    } catch (error) {
      const status = error instanceof ApiProblem ? error.problem.status : 0;
      if (status === 410) setOutcome({ kind: 'expired' });
      else if (status === 404 || status === 400) setOutcome({ kind: 'wrongLink' });
      else setOutcome({ kind: 'failed' });
    }
  };

  const result = () => {
    switch (outcome.kind) {
      case 'confirmed':
        // The appointment's page, with date, place, code, QR code, calendar file and what happens now.
        if (!outcome.alreadyConfirmed) return <Navigate to={managePath} state={{ confirmed: true }} />;
        return (
          <ActionResult
            tone="success"
            title={outcome.alreadyConfirmed ? t('confirm.alreadyConfirmed') : t('confirm.confirmed')}
          >
            <p className="kern-body">{t('confirm.confirmedText')}</p>
            <p className="kern-body">
              <Link to={managePath} className="kern-link">
                {t('confirm.manageLink')}
              </Link>
            </p>
          </ActionResult>
        );
      case 'expired':
        return (
          <ActionResult tone="danger" title={t('confirm.expired')}>
            <p className="kern-body">{t('confirm.expiredText')}</p>
            <p className="kern-body">
              <Link to="/buchen" className="kern-link">
                {t('confirm.bookAgain')}
              </Link>
            </p>
          </ActionResult>
        );
      case 'wrongLink':
        return (
          <ActionResult tone="danger" title={t('links.wrongTitle')}>
            <p className="kern-body">{t('links.wrongText')}</p>
          </ActionResult>
        );
      case 'failed':
        return <ActionResult tone="danger" title={t('links.failed')} />;
      default:
        return null;
    }
  };

  return (
    <>
      <PageHeading>{t('confirm.title')}</PageHeading>
      {!token ? (
        <ActionResult tone="danger" title={t('links.wrongTitle')} focus={false}>
          <p className="kern-body">{t('links.noToken')}</p>
        </ActionResult>
      ) : outcome.kind === 'idle' || outcome.kind === 'working' ? (
        <>
          <p className="kern-body">{t('confirm.intro')}</p>
          <button
            type="button"
            className="kern-btn kern-btn--primary"
            onClick={confirm}
            aria-disabled={outcome.kind === 'working' || undefined}
          >
            <span className="kern-label">{t('confirm.button')}</span>
          </button>
        </>
      ) : (
        result()
      )}
    </>
  );
}
