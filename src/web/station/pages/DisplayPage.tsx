import { useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { useParams } from 'react-router';
import { stationApi } from '../api/client.ts';
import type { DisplayBoard } from '../api/types.ts';
import { PublicLayout } from '../components/StationLayout.tsx';

const REFRESH_MS = 3_000;

/** The call display at the stop: called numbers and their counters in very large type. Public, no names. */
export function DisplayPage() {
  const { stopId = '' } = useParams();
  const { t } = useTranslation();
  const [board, setBoard] = useState<DisplayBoard>();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    const load = () =>
      stationApi
        .display(stopId)
        .then((answer) => {
          if (cancelled) return;
          setBoard(answer);
          setFailed(false);
        })
        .catch(() => {
          if (!cancelled) setFailed(true);
        });
    void load();
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
    };
  }, [stopId]);

  const called = [...(board?.called ?? [])].sort((a, b) => b.calledAt.localeCompare(a.calledAt));
  const latest = called.slice(0, 6);

  return (
    <PublicLayout wide>
      <div className="call-display">
        <h1 className="call-display__title">{t('display.heading')}</h1>
        <div aria-live="polite" aria-atomic="true" className="call-display__board">
          {latest.length === 0 ? (
            <p className="call-display__empty">{board ? t('display.none') : t('common.loading')}</p>
          ) : (
            <ol className="call-display__list">
              {latest.map((call, index) => (
                <li
                  key={`${call.displayNumber}-${call.calledAt}`}
                  className={`call-display__item${index === 0 ? ' call-display__item--latest' : ''}`}
                >
                  <span className="call-display__number">{call.displayNumber}</span>
                  <span className="call-display__arrow" aria-hidden="true">
                    →
                  </span>
                  <span className="call-display__counter">
                    {t('display.counter', { counter: call.counter })}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </div>
        {board && <p className="call-display__waiting">{t('display.waiting', { count: board.waiting })}</p>}
        {failed && <p className="call-display__stale">{t('display.stale')}</p>}
      </div>
    </PublicLayout>
  );
}
