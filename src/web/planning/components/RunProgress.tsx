import { useId } from 'react';
import type { Scenario } from '../api.ts';
import { useFormat } from '../format.ts';

/** A labelled <progress> and a polite status line: what the solver is doing, in words and per cent. */
export function RunProgress({ scenario }: { scenario: Scenario }) {
  const { t, number } = useFormat();
  const id = useId();
  const running = scenario.status === 'queued' || scenario.status === 'running';
  const percent = Math.round(scenario.progress?.percent ?? 0);
  const text = running
    ? t('scenario.progressText', {
        phase: scenario.progress?.phase ?? t(`status.${scenario.status}`),
        percent: number(percent),
      })
    : scenario.status === 'done'
      ? t('scenario.finished')
      : scenario.status === 'failed'
        ? t('scenario.failed', { message: scenario.error?.message ?? '' })
        : '';
  return (
    <div className="planning-progress">
      {running && (
        <>
          <label htmlFor={id} className="kern-label">
            {t('scenario.progressLabel')}
          </label>
          <progress id={id} max={100} value={percent}>
            {percent} %
          </progress>
        </>
      )}
      <p role="status" className={scenario.status === 'failed' ? 'planning-error' : undefined}>
        {text}
      </p>
    </div>
  );
}
