import { useEffect, useRef, type InputHTMLAttributes, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface FieldError {
  fieldId: string;
  message: string;
}

/** The errors of a form at its top, linked to their fields; takes the focus when it appears (KERN / GOV.UK). */
export function ErrorSummary({ errors, submission = 0 }: { errors: FieldError[]; submission?: number }) {
  const { t } = useTranslation();
  const summary = useRef<HTMLDivElement>(null);
  const hasErrors = errors.length > 0;
  useEffect(() => {
    if (hasErrors) summary.current?.focus();
  }, [hasErrors, submission]);
  if (!hasErrors) return null;
  const focusField = (event: MouseEvent<HTMLAnchorElement>, fieldId: string) => {
    const field = document.getElementById(fieldId);
    if (!field) return;
    event.preventDefault();
    field.focus();
    field.scrollIntoView?.({ block: 'center' });
  };
  return (
    <div ref={summary} tabIndex={-1} className="kern-alert kern-alert--danger error-summary">
      <div role="alert">
        <div className="kern-alert__header">
          <span className="kern-icon kern-icon--danger" aria-hidden="true" />
          <h2 className="kern-title">{t('form.errorTitle')}</h2>
        </div>
        <div className="kern-alert__body">
          <ul className="kern-list">
            {errors.map((error) => (
              <li key={error.fieldId}>
                <a
                  className="kern-link"
                  href={`#${error.fieldId}`}
                  onClick={(event) => focusField(event, error.fieldId)}
                >
                  {error.message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

export function FieldErrorMessage({ id, message }: { id: string; message: string }) {
  const { t } = useTranslation();
  return (
    <p className="kern-error" id={id}>
      <span className="kern-icon kern-icon--danger" aria-hidden="true" />
      <span className="kern-body">
        <span className="kern-sr-only">{t('form.errorPrefix')}: </span>
        {message}
      </span>
    </p>
  );
}

interface TextFieldProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'className' | 'onChange'
> {
  id: string;
  label: ReactNode;
  hint?: string | undefined;
  error?: string | undefined;
  value: string;
  onValueChange: (value: string) => void;
  optional?: boolean;
}

/** A KERN text input with label, hint and error, wired with aria-describedby and aria-invalid. */
export function TextField({
  id,
  label,
  hint,
  error,
  value,
  onValueChange,
  optional,
  type = 'text',
  ...inputProps
}: TextFieldProps) {
  const { t } = useTranslation();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label className="kern-label" htmlFor={id}>
        {label}
        {optional && <span className="kern-label__optional"> {t('form.optional')}</span>}
      </label>
      {hint && (
        <div className="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && <FieldErrorMessage id={`${id}-error`} message={error} />}
      <input
        id={id}
        type={type}
        className={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
        value={value}
        onChange={(event) => onValueChange(event.target.value)}
        aria-describedby={describedBy || undefined}
        aria-invalid={error ? true : undefined}
        {...inputProps}
      />
    </div>
  );
}

/** A status line announced politely: KERN alert look, role="status". */
export function Notice({ tone, children }: { tone: 'info' | 'success' | 'warning'; children: ReactNode }) {
  return (
    <div className={`kern-alert kern-alert--${tone}`} role="status">
      <div className="kern-alert__body">
        <p className="kern-body">{children}</p>
      </div>
    </div>
  );
}
