import type { InputHTMLAttributes, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

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
  /** "(optional)" after the label */
  optional?: boolean;
  /** The text marking an optional field; the app's `form.optional` message unless given. */
  optionalText?: string | undefined;
  /** The screen-reader prefix of the error message; see FieldErrorMessage. */
  errorPrefix?: string | undefined;
}

/** A KERN text input with label, hint and error message, wired up with aria-describedby and aria-invalid. */
export function TextField({
  id,
  label,
  hint,
  error,
  value,
  onValueChange,
  optional,
  optionalText,
  errorPrefix,
  type = 'text',
  ...inputProps
}: TextFieldProps) {
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

interface SelectFieldProps {
  id: string;
  label: string;
  value: string;
  onValueChange: (value: string) => void;
  options: { value: string; label: string }[];
  error?: string | undefined;
  hint?: string | undefined;
}

export function SelectField({ id, label, value, onValueChange, options, error, hint }: SelectFieldProps) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label className="kern-label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && <FieldErrorMessage id={`${id}-error`} message={error} />}
      <div className="kern-form-input__select-wrapper">
        <select
          id={id}
          className="kern-form-input__select"
          value={value}
          onChange={(event) => onValueChange(event.target.value)}
          aria-describedby={describedBy || undefined}
          aria-invalid={error ? true : undefined}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
