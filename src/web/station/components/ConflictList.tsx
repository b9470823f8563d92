import { useTranslation } from '../../i18n/react.tsx';
import { problemCodesWithMessages } from '../../api/problemMessages.ts';
import { useStation } from '../StationContext.tsx';

/** The station's own refusal reasons (kebab-case, from the server's operation results) with a message. */
const stationReasons = new Set([
  'stop-not-open',
  'stop-closed',
  'stop-cancelled',
  'entry-not-found',
  'counter-unknown',
  'code-not-found',
  'ticket-id-taken',
  'display-number-taken',
  'entries-in-service',
  'illegal-transition',
  'op-id-reused',
  'previously-conflict',
  'previously-rejected',
]);

/** The message key of a conflict's reason: the station's own, a problem code's, or a general one. */
export function conflictReasonKey(reason: string): string {
  if (stationReasons.has(reason)) return `conflicts.reason.${reason}`;
  const code = reason.replaceAll('-', '_');
  return Object.hasOwn(problemCodesWithMessages, code) ? `problems.${code}` : 'conflicts.reason.other';
}

/** Operations the server did not take (conflict or rejected), with its reason, until staff dismiss them. */
export function ConflictList() {
  const { t, i18n } = useTranslation();
  const { conflicts, dismissConflict } = useStation();
  if (conflicts.length === 0) return null;
  const time = new Intl.DateTimeFormat(i18n.language, { timeStyle: 'short', timeZone: 'Europe/Berlin' });
  return (
    <section className="kern-alert kern-alert--warning conflicts" aria-labelledby="conflicts-heading">
      <div className="kern-alert__header">
        <span className="kern-icon kern-icon--warning" aria-hidden="true" />
        <h2 className="kern-title" id="conflicts-heading">
          {t('conflicts.heading', { count: conflicts.length })}
        </h2>
      </div>
      <div className="kern-alert__body">
        <p className="kern-body">{t('conflicts.intro')}</p>
        <ul className="conflicts__list">
          {conflicts.map((conflict) => (
            <li key={conflict.opId} className="conflicts__item">
              <p className="kern-body">
                <strong>{t(`operation.${conflict.op.type}`)}</strong>{' '}
                {'entryId' in conflict.op || 'code' in conflict.op
                  ? t('conflicts.at', { time: time.format(new Date(conflict.op.at)) })
                  : null}
                {' – '}
                {t(`conflicts.outcome.${conflict.outcome}`)}: {t(conflictReasonKey(conflict.reason))}
              </p>
              <button
                type="button"
                className="kern-btn kern-btn--tertiary kern-btn--x-small"
                onClick={() => void dismissConflict(conflict.opId)}
              >
                <span className="kern-label">{t('conflicts.dismiss')}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
