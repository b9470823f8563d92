import { useState } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { ConfirmAction } from '../../components/ConfirmAction/ConfirmAction.tsx';
import type { Entry, OfferedService, QueueItem, StationDay } from '../api/types.ts';
import { counterNumbers, servicesText } from '../format.ts';
import { canDo, currentAtCounter, nextForCounter } from '../offline/dayReducer.ts';
import type { OperationPayload } from '../offline/operations.ts';
import { FinishForm } from './FinishForm.tsx';
import { StationPanel } from './StationPanel.tsx';

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

/** The actions on the person at the counter that need nothing but a button. */
const entryActions = [
  { type: 'start_service', label: 'actions.start', tone: 'primary' },
  { type: 'recall', label: 'actions.recall', tone: 'secondary' },
  { type: 'no_show', label: 'actions.noShow', tone: 'secondary' },
  { type: 'park', label: 'actions.park', tone: 'secondary' },
] as const;

/** A KERN select of counters ("Schalter 1", …). */
function CounterSelect({
  id,
  label,
  counters,
  value,
  onChange,
  className = 'kern-form-input',
}: {
  id: string;
  label: string;
  counters: number[];
  value: number;
  onChange: (counter: number) => void;
  className?: string;
}) {
  const { t } = useTranslation();
  return (
    <div className={className}>
      <label className="kern-label" htmlFor={id}>
        {label}
      </label>
      <div className="kern-form-input__select-wrapper">
        <select
          id={id}
          className="kern-form-input__select"
          value={value}
          onChange={(event) => onChange(Number(event.target.value))}
        >
          {counters.map((n) => (
            <option key={n} value={n}>
              {t('counter.name', { counter: n })}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** My counter: which one this tablet serves, who is there now, and what to do with them. */
export function CounterPanel({ day, queue, services, counter, onCounterChange, act }: CounterPanelProps) {
  const { t, i18n } = useTranslation();
  const current = currentAtCounter(day, counter);
  const next = nextForCounter(day, queue, counter);
  const counters = counterNumbers(day.stop.counters);
  const otherCounters = counters.filter((n) => n !== counter);
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
    <StationPanel
      headingId="counter-heading"
      heading={t('counter.heading', { counter })}
      className="station-panel station-panel--counter"
    >
      <CounterSelect
        id="my-counter"
        label={t('counter.choose')}
        counters={counters}
        value={counter}
        onChange={onCounterChange}
        className="kern-form-input counter-choice"
      />

      {current ? (
        <div className="current-entry">
          <p className="kern-body kern-body--large">
            <strong className="current-entry__number">{current.displayNumber}</strong>{' '}
            {current.name ?? t('queue.noName')} · {t(`entryStatus.${current.status}`)}
          </p>
          <p className="kern-body">{servicesText(current.services, i18n.language, t('queue.noServices'))}</p>
          <div className="button-row">
            {entryActions.map(({ type, label, tone }) =>
              !canDo(current, type) ? null : type === 'no_show' ? (
                // The number lapses: ask first.
                <ConfirmAction
                  key={`${type}-${current.id}`}
                  label={t(label)}
                  appearance={tone}
                  question={t('actions.noShowQuestion', { entry: entryLabel(current) })}
                  consequence={t('actions.noShowConsequence')}
                  yes={t('actions.noShowYes')}
                  no={t('app.confirmNo')}
                  onConfirm={() => void act({ type, entryId: current.id }, current)}
                />
              ) : (
                <button
                  key={type}
                  type="button"
                  className={`kern-btn kern-btn--${tone}`}
                  onClick={() => void act({ type, entryId: current.id }, current)}
                >
                  <span className="kern-label">{t(label)}</span>
                </button>
              ),
            )}
          </div>
          {canDo(current, 'hand_over') && otherCounters.length > 0 && (
            <div className="hand-over">
              <CounterSelect
                id="hand-over-to"
                label={t('actions.handOverTo')}
                counters={otherCounters}
                value={handOverTo}
                onChange={setHandOverTo}
              />
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
              onFinish={(deliveredServices, outcome, inPersonReasons) =>
                act(
                  {
                    type: 'finish',
                    entryId: current.id,
                    deliveredServices,
                    outcome,
                    ...(inPersonReasons.length > 0 ? { inPersonReasons } : {}),
                  },
                  current,
                )
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
    </StationPanel>
  );
}
