import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Entry, OfferedService, QueueItem, StationDay } from '../api/types.ts';
import { serviceName } from '../format.ts';
import { canDo, currentAtCounter, nextForCounter } from '../offline/dayReducer.ts';
import type { OperationPayload } from '../offline/operations.ts';
import { FinishForm } from './FinishForm.tsx';

interface CounterPanelProps {
  day: StationDay;
  queue: QueueItem[];
  services: OfferedService[];
  counter: number;
  onCounterChange: (counter: number) => void;
  act: (payload: OperationPayload, entry?: Entry) => Promise<void>;
}

export function entryLabel(entry: Entry): string {
  return entry.name ? `${entry.displayNumber} (${entry.name})` : entry.displayNumber;
}

/** My counter: which one this tablet serves, who is there now, and what to do with them. */
export function CounterPanel({ day, queue, services, counter, onCounterChange, act }: CounterPanelProps) {
  const { t, i18n } = useTranslation();
  const current = currentAtCounter(day, counter);
  const next = nextForCounter(day, queue, counter);
  const otherCounters = Array.from({ length: day.stop.counters }, (_, i) => i + 1).filter(
    (n) => n !== counter,
  );
  const [handOverTo, setHandOverTo] = useState<number>(otherCounters[0] ?? counter);
  const [nobody, setNobody] = useState(false);
  const open = day.stop.status === 'open' || day.stop.status === 'scheduled';

  const callNext = async () => {
    if (!next) {
      setNobody(true);
      return;
    }
    setNobody(false);
    await act({ type: 'call', entryId: next.id, counter }, next);
  };

  return (
    <section aria-labelledby="counter-heading" className="station-panel station-panel--counter">
      <h2 className="kern-heading-medium" id="counter-heading">
        {t('counter.heading', { counter })}
      </h2>
      <div className="kern-form-input counter-choice">
        <label className="kern-label" htmlFor="my-counter">
          {t('counter.choose')}
        </label>
        <div className="kern-form-input__select-wrapper">
          <select
            id="my-counter"
            className="kern-form-input__select"
            value={counter}
            onChange={(event) => onCounterChange(Number(event.target.value))}
          >
            {Array.from({ length: day.stop.counters }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {t('counter.name', { counter: n })}
              </option>
            ))}
          </select>
        </div>
      </div>

      {current ? (
        <div className="current-entry">
          <p className="kern-body kern-body--large">
            <strong className="current-entry__number">{current.displayNumber}</strong>{' '}
            {current.name ?? t('queue.noName')} · {t(`entryStatus.${current.status}`)}
          </p>
          <p className="kern-body">
            {current.services
              .map((s) => `${s.quantity > 1 ? `${s.quantity} × ` : ''}${serviceName(s, i18n.language)}`)
              .join(', ') || t('queue.noServices')}
          </p>
          <div className="button-row">
            {canDo(current, 'start_service') && (
              <button
                type="button"
                className="kern-btn kern-btn--primary"
                onClick={() => void act({ type: 'start_service', entryId: current.id }, current)}
              >
                <span className="kern-label">{t('actions.start')}</span>
              </button>
            )}
            {canDo(current, 'recall') && (
              <button
                type="button"
                className="kern-btn kern-btn--secondary"
                onClick={() => void act({ type: 'recall', entryId: current.id }, current)}
              >
                <span className="kern-label">{t('actions.recall')}</span>
              </button>
            )}
            {canDo(current, 'no_show') && (
              <button
                type="button"
                className="kern-btn kern-btn--secondary"
                onClick={() => void act({ type: 'no_show', entryId: current.id }, current)}
              >
                <span className="kern-label">{t('actions.noShow')}</span>
              </button>
            )}
            {canDo(current, 'park') && (
              <button
                type="button"
                className="kern-btn kern-btn--secondary"
                onClick={() => void act({ type: 'park', entryId: current.id }, current)}
              >
                <span className="kern-label">{t('actions.park')}</span>
              </button>
            )}
          </div>
          {canDo(current, 'hand_over') && otherCounters.length > 0 && (
            <div className="hand-over">
              <div className="kern-form-input">
                <label className="kern-label" htmlFor="hand-over-to">
                  {t('actions.handOverTo')}
                </label>
                <div className="kern-form-input__select-wrapper">
                  <select
                    id="hand-over-to"
                    className="kern-form-input__select"
                    value={handOverTo}
                    onChange={(event) => setHandOverTo(Number(event.target.value))}
                  >
                    {otherCounters.map((n) => (
                      <option key={n} value={n}>
                        {t('counter.name', { counter: n })}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              <button
                type="button"
                className="kern-btn kern-btn--secondary"
                onClick={() =>
                  void act({ type: 'hand_over', entryId: current.id, toCounter: handOverTo }, current)
                }
              >
                <span className="kern-label">{t('actions.handOver')}</span>
              </button>
            </div>
          )}
          {canDo(current, 'finish') && (
            <FinishForm
              key={current.id}
              entry={current}
              services={services}
              onFinish={(deliveredServices, outcome) =>
                act({ type: 'finish', entryId: current.id, deliveredServices, outcome }, current)
              }
            />
          )}
        </div>
      ) : (
        <div className="current-entry">
          <p className="kern-body">{t('counter.free')}</p>
          <button
            type="button"
            className="kern-btn kern-btn--primary kern-btn--large-target"
            disabled={!open}
            onClick={() => void callNext()}
          >
            <span className="kern-label">{t('actions.callNext')}</span>
          </button>
          {next && <p className="kern-body">{t('counter.nextIs', { entry: entryLabel(next) })}</p>}
          {nobody && <p className="kern-body">{t('counter.nobody')}</p>}
        </div>
      )}
    </section>
  );
}
