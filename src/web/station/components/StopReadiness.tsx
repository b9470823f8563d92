import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import type { StopChecklist } from '../api/types.ts';
import type { ChecklistAnswer } from '../offline/operations.ts';
import { ErrorSummary, FieldErrorMessage, Notice, TextField, type FieldError } from './Form.tsx';
import { StationPanel } from './StationPanel.tsx';

const REASON_MAX = 500;
const NOTE_MAX = 500;

interface StopReadinessProps {
  /** the checklist as last fetched; undefined when this device never had it (offline from the start) */
  checklist: StopChecklist | undefined;
  signedOff: boolean;
  onSignOff: (items: ChecklistAnswer[]) => Promise<void>;
  onOpen: (reason?: string) => Promise<void>;
}

type Answer = { status: 'ok' | 'problem' | ''; note: string };

/**
 * Before a stop opens: the readiness checklist, answered item by item (ok, or a problem with a note) and
 * signed off; then the stop opens. Without a signed-off checklist it opens only with a reason, which the
 * server keeps, audits and shows to the planners. Both work offline: they wait in the outbox, in order.
 */
export function StopReadiness({ checklist, signedOff, onSignOff, onOpen }: StopReadinessProps) {
  const { t, i18n } = useTranslation();
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [withoutChecklist, setWithoutChecklist] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonErrors, setReasonErrors] = useState<FieldError[]>([]);
  const [reasonSubmission, setReasonSubmission] = useState(0);
  const items = checklist?.items ?? [];

  const itemName = (item: StopChecklist['items'][number]) =>
    item.kind === 'device'
      ? t('readiness.items.device', {
          name: (i18n.language === 'en' ? item.nameEn : item.nameDe) ?? item.equipmentKind ?? item.key,
        })
      : t(`readiness.items.${item.kind}`);
  const answerOf = (key: string): Answer => answers[key] ?? { status: '', note: '' };
  const setAnswer = (key: string, change: Partial<Answer>) =>
    setAnswers((current) => ({
      ...current,
      [key]: { ...(current[key] ?? { status: '', note: '' }), ...change },
    }));

  const signOff = async (event: FormEvent) => {
    event.preventDefault();
    setSubmission((n) => n + 1);
    const found: FieldError[] = [];
    items.forEach((item, index) => {
      const answer = answerOf(item.key);
      if (answer.status === '') {
        found.push({
          fieldId: `check-${index}-ok`,
          message: t('readiness.answerMissing', { item: itemName(item) }),
        });
      } else if (answer.status === 'problem' && answer.note.trim() === '') {
        found.push({
          fieldId: `check-${index}-note`,
          message: t('readiness.noteMissing', { item: itemName(item) }),
        });
      }
    });
    setErrors(found);
    if (found.length > 0) return;
    await onSignOff(
      items.map((item) => {
        const answer = answerOf(item.key);
        return answer.status === 'problem'
          ? { key: item.key, status: 'problem', note: answer.note.trim() }
          : { key: item.key, status: 'ok' };
      }),
    );
  };

  const openWithReason = async (event: FormEvent) => {
    event.preventDefault();
    setReasonSubmission((n) => n + 1);
    const found: FieldError[] =
      reason.trim() === '' ? [{ fieldId: 'open-reason', message: t('readiness.reasonMissing') }] : [];
    setReasonErrors(found);
    if (found.length > 0) return;
    await onOpen(reason.trim());
  };

  if (signedOff) {
    return (
      <StationPanel headingId="readiness-heading" heading={t('readiness.heading')}>
        <Notice tone="success">{t('readiness.signedOff')}</Notice>
        <button type="button" className="kern-btn kern-btn--primary" onClick={() => void onOpen()}>
          <span className="kern-label">{t('actions.openStop')}</span>
        </button>
      </StationPanel>
    );
  }

  return (
    <StationPanel headingId="readiness-heading" heading={t('readiness.heading')}>
      <p className="kern-body">{t('readiness.intro')}</p>
      {checklist ? (
        <form className="station-form readiness-form" noValidate onSubmit={(event) => void signOff(event)}>
          <ErrorSummary errors={errors} submission={submission} />
          {items.map((item, index) => {
            const answer = answerOf(item.key);
            const answerError = errors.find((e) => e.fieldId === `check-${index}-ok`)?.message;
            const noteError = errors.find((e) => e.fieldId === `check-${index}-note`)?.message;
            return (
              <fieldset
                key={item.key}
                className={`kern-fieldset${answerError ? ' kern-fieldset--error' : ''}`}
                aria-describedby={answerError ? `check-${index}-error` : undefined}
              >
                <legend className="kern-label">{itemName(item)}</legend>
                {answerError && <FieldErrorMessage id={`check-${index}-error`} message={answerError} />}
                <div className="kern-fieldset__body kern-fieldset__body--horizontal">
                  {(['ok', 'problem'] as const).map((status) => (
                    <div className="kern-form-check" key={status}>
                      <input
                        className="kern-form-check__radio"
                        id={`check-${index}-${status}`}
                        type="radio"
                        name={`check-${index}`}
                        value={status}
                        checked={answer.status === status}
                        onChange={() => setAnswer(item.key, { status })}
                      />
                      <label className="kern-label" htmlFor={`check-${index}-${status}`}>
                        {t(`readiness.status.${status}`)}
                      </label>
                    </div>
                  ))}
                </div>
                {answer.status === 'problem' && (
                  <TextField
                    id={`check-${index}-note`}
                    label={t('readiness.note', { item: itemName(item) })}
                    hint={t('readiness.noteHint')}
                    error={noteError}
                    value={answer.note}
                    maxLength={NOTE_MAX}
                    onValueChange={(note) => setAnswer(item.key, { note })}
                  />
                )}
              </fieldset>
            );
          })}
          <button type="submit" className="kern-btn kern-btn--primary">
            <span className="kern-label">{t('readiness.signOff')}</span>
          </button>
        </form>
      ) : (
        <Notice tone="warning">{t('readiness.unknown')}</Notice>
      )}

      <h3 className="kern-heading-small">{t('readiness.withoutHeading')}</h3>
      {withoutChecklist ? (
        <form className="station-form" noValidate onSubmit={(event) => void openWithReason(event)}>
          <ErrorSummary errors={reasonErrors} submission={reasonSubmission} />
          <TextField
            id="open-reason"
            label={t('readiness.reason')}
            hint={t('readiness.reasonHint')}
            error={reasonErrors[0]?.message}
            value={reason}
            maxLength={REASON_MAX}
            onValueChange={setReason}
          />
          <div className="button-row">
            <button type="submit" className="kern-btn kern-btn--secondary">
              <span className="kern-label">{t('readiness.openWithReason')}</span>
            </button>
            <button
              type="button"
              className="kern-btn kern-btn--tertiary"
              onClick={() => {
                setWithoutChecklist(false);
                setReasonErrors([]);
              }}
            >
              <span className="kern-label">{t('readiness.back')}</span>
            </button>
          </div>
        </form>
      ) : (
        <>
          <p className="kern-body">{t('readiness.withoutIntro')}</p>
          <button
            type="button"
            className="kern-btn kern-btn--secondary"
            onClick={() => setWithoutChecklist(true)}
          >
            <span className="kern-label">{t('readiness.openWithout')}</span>
          </button>
        </>
      )}
    </StationPanel>
  );
}
