import type { ReactNode } from 'react';
import { useTranslation } from '../../i18n/react.tsx';

export interface FormFieldProps {
  id: string;
  label: ReactNode;
  hint?: string | undefined;
  error?: string | undefined;
  /** "(optional)" after the label */
  optional?: boolean | undefined;
  /** The text marking an optional field; the app's `form.optional` message unless given. */
  optionalText?: string | undefined;
  /** The screen-reader prefix of the error message; see FieldErrorMessage. */
  errorPrefix?: string | undefined;
  /** Renders the control with `id` and the aria-describedby value (hint and error). */
  children: (describedBy: string | undefined) => ReactNode;
}

/**
 * A labelled KERN form control with its hint and error message, joined by aria-describedby (the
 * error-summary pattern links to `id`). The one form field of the three web apps: TextField and SelectField
 * are built on it, the planner's forms put their own controls in it.
 */
export function FormField({
  id,
  label,
  hint,
  error,
  optional,
  optionalText,
  errorPrefix,
  children,
}: FormFieldProps) {
  const { t } = useTranslation();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label className="kern-label" htmlFor={id}>
        {label}
        {optional && <span className="kern-label__optional"> {optionalText ?? t('form.optional')}</span>}
      </label>
      {hint && (
        <div className="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && <FieldErrorMessage id={`${id}-error`} message={error} prefix={errorPrefix} />}
      {children(describedBy || undefined)}
    </div>
  );
}

/**
 * The error line under a label (KERN): an icon and the message, "Fehler:" for screen readers.
 * The prefix is the app's `status.errorTitle` message unless given.
 */
export function FieldErrorMessage({
  id,
  message,
  prefix,
}: {
  id: string;
  message: string;
  prefix?: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <p className="kern-error" id={id}>
      <span className="kern-icon kern-icon--danger" aria-hidden="true" />
      <span className="kern-body">
        <span className="kern-sr-only">{prefix ?? t('status.errorTitle')}: </span>
        {message}
      </span>
    </p>
  );
}
