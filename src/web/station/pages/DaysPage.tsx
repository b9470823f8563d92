import { ApiProblem } from '../../api/client.ts';
import { useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { Link, useLocation } from 'react-router';
import { stationApi } from '../api/client.ts';
import type { DaySummary } from '../api/types.ts';
import { Notice } from '../components/Form.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { berlinToday, formatDate, formatTime } from '../format.ts';
import { useStation } from '../StationContext.tsx';

/** Today's stops of the municipality: the clerk opens one. */
export function DaysPage() {
  const { t, i18n } = useTranslation();
  const { online, reportNetwork } = useStation();
  const location = useLocation();
  const closedMessage = (location.state as { closed?: boolean } | null)?.closed;
  const [items, setItems] = useState<DaySummary[]>();
  const [error, setError] = useState<'offline' | 'failed'>();
  const today = berlinToday();

  useEffect(() => {
    if (!online) {
      setError('offline');
      return;
    }
    let cancelled = false;
    stationApi
      .days(today)
      .then((answer) => {
        if (cancelled) return;
        setItems(answer.items);
        setError(undefined);
      })
      .catch((caught: unknown) => {
        if (cancelled) return;
        const offline = caught instanceof ApiProblem && caught.status === 0;
        if (offline) reportNetwork(false);
        setError(offline ? 'offline' : 'failed');
      });
    return () => {
      cancelled = true;
    };
  }, [online, today, reportNetwork]);

  return (
    <>
      <PageHeading>{t('days.heading')}</PageHeading>
      <p className="kern-body">{formatDate(`${today}T12:00:00Z`, i18n.language)}</p>
      <p className="kern-body">
        <Link className="kern-link" to="/station/hausbesuche">
          {t('days.homeVisits')}
        </Link>
      </p>
      {closedMessage && <Notice tone="success">{t('days.closedWiped')}</Notice>}
      {error === 'offline' && <Notice tone="warning">{t('days.offline')}</Notice>}
      {error === 'failed' && <Notice tone="warning">{t('days.failed')}</Notice>}
      {items === undefined && !error && <p className="kern-body">{t('common.loading')}</p>}
      {items && items.length === 0 && <p className="kern-body">{t('days.none')}</p>}
      {items && items.length > 0 && (
        <ul className="day-list">
          {items.map((item) => (
            <li key={item.stopId} className="kern-card day-list__item">
              <div className="kern-card__container">
                <div className="kern-card__header">
                  <h2 className="kern-title">
                    <Link className="kern-link" to={`/station/tag/${item.stopId}`}>
                      {item.siteName}
                    </Link>
                  </h2>
                </div>
                <div className="kern-card__body">
                  <p className="kern-body">
                    {t('days.time', {
                      from: formatTime(item.startsAt, i18n.language),
                      to: formatTime(item.endsAt, i18n.language),
                    })}{' '}
                    · {item.unitName}
                    {item.address ? ` · ${item.address}` : ''}
                  </p>
                  <p className="kern-body">
                    {t(`stopStatus.${item.status}`)} ·{' '}
                    {t('days.counts', { appointments: item.appointments, waiting: item.ticketsWaiting })}
                  </p>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
