import { useEffect, useId, useRef, useState } from 'react';

interface ConfirmQuestionProps {
  question: string;
  consequence: string;
  yes: string;
  no: string;
  disabled?: boolean | undefined;
  onYes: () => void;
  onNo: () => void;
}

/**
 * The question before an action with consequences: what will happen, and "yes" / "no" as buttons. "Yes" has
 * the focus when the question appears, so a keyboard user hears it and decides at once. Every text comes from
 * the calling app's message files.
 */
export function ConfirmQuestion({
  question,
  consequence,
  yes,
  no,
  disabled,
  onYes,
  onNo,
}: ConfirmQuestionProps) {
  const questionId = useId();
  return (
    <div role="group" aria-labelledby={questionId} className="kern-alert kern-alert--warning confirm-action">
      <p id={questionId} className="kern-title">
        {question}
      </p>
      <p className="kern-body">{consequence}</p>
      <div className="button-row">
        <button
          type="button"
          className="kern-btn kern-btn--primary"
          autoFocus
          disabled={disabled}
          onClick={onYes}
        >
          <span className="kern-label">{yes}</span>
        </button>
        <button type="button" className="kern-btn kern-btn--secondary" onClick={onNo}>
          <span className="kern-label">{no}</span>
        </button>
      </div>
    </div>
  );
}

interface ConfirmActionProps {
  /** the button's id, where an error summary links to it */
  id?: string | undefined;
  /** the button's visible text */
  label: string;
  /** the button's accessible name, where it must say more than the text (a row's button) */
  ariaLabel?: string | undefined;
  question: string;
  consequence: string;
  yes: string;
  no: string;
  disabled?: boolean | undefined;
  /** the look of the first button: primary (default), secondary, or tertiary in a table row */
  appearance?: 'primary' | 'secondary' | 'tertiary';
  onConfirm: () => void;
}

/**
 * A button for an action with consequences (activate, adopt, cancel, delete, sign out everywhere …): the first
 * click asks (question, consequence, yes / no), only "yes" acts. "No" returns the focus to the button.
 */
export function ConfirmAction({
  id,
  label,
  ariaLabel,
  question,
  consequence,
  yes,
  no,
  disabled,
  appearance = 'primary',
  onConfirm,
}: ConfirmActionProps) {
  const [asking, setAsking] = useState(false);
  const [refocus, setRefocus] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!refocus) return;
    button.current?.focus();
    setRefocus(false);
  }, [refocus]);
  if (!asking) {
    return (
      <button
        ref={button}
        id={id}
        type="button"
        className={`kern-btn kern-btn--${appearance}`}
        disabled={disabled}
        aria-label={ariaLabel}
        onClick={() => setAsking(true)}
      >
        <span className="kern-label">{label}</span>
      </button>
    );
  }
  return (
    <ConfirmQuestion
      question={question}
      consequence={consequence}
      yes={yes}
      no={no}
      disabled={disabled}
      onYes={() => {
        setAsking(false);
        onConfirm();
      }}
      onNo={() => {
        setAsking(false);
        setRefocus(true);
      }}
    />
  );
}
