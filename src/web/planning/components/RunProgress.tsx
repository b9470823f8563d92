import { useId } from 'react';
import type { Scenario } from '../api.ts';
import { useFormat } from '../format.ts';

/** Why a run failed, in words: by the reason the server stores (never its English message). */
const failureReasons = new Set(['crashed', 'timeout', 'cancelled', 'failed', 'input']);
function failureKey(scenario: Scenario): string {
  const error = scenario.error;
  if (!error) return 'scenario.failure.failed';
  if (error.reason === 'input' && error.field === 'budgetPerMonth') return 'scenario.failure.budget';
  return failureReasons.has(error.reason) ? `scenario.failure.${error.reason}` : 'scenario.failure.failed';
}

/** A labelled <progress> and a polite status line: what the solver is doing, in words and per cent. */
export function RunProgress({ scenario }: { scenario: Scenario }) {
  const { t, number } = useFormat();
  const id = useId();
  const running = scenario.status === 'queued' || scenario.status === 'running';
  const percent = Math.round(scenario.progress?.percent ?? 0);
  const text = running
    ? t('scenario.progressText', {
        phase: t(`scenario.step.${scenario.progress?.step ?? 'queued'}`),
        percent: number(percent),
      })
    : scenario.status === 'done'
      ? t('scenario.finished')
      : scenario.status === 'failed'
        ? t('scenario.failed', { message: t(failureKey(scenario)) })
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
