import { useId, useState } from 'react';

interface ConfirmActionProps {
  /** the button's visible text */
  label: string;
  /** the button's accessible name, where it must say more than the text (a row's button) */
  ariaLabel?: string;
  question: string;
  consequence: string;
  yes: string;
  no: string;
  disabled?: boolean;
  /** the look of the first button: primary (default), or tertiary in a table row */
  appearance?: 'primary' | 'tertiary';
  onConfirm: () => void;
}

/**
 * A button for an action with consequences: the first click asks (question, consequence, yes / no), only
 * "yes" acts. The question takes the focus; "no" returns to the button.
 */
export function ConfirmAction({
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
  const questionId = useId();
  if (!asking) {
    return (
      <button
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
          onClick={() => {
            setAsking(false);
            onConfirm();
          }}
        >
          <span className="kern-label">{yes}</span>
        </button>
        <button type="button" className="kern-btn kern-btn--secondary" onClick={() => setAsking(false)}>
          <span className="kern-label">{no}</span>
        </button>
      </div>
    </div>
  );
}
