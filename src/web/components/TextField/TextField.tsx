import type { InputHTMLAttributes, ReactNode } from 'react';
import { FormField } from '../FormField/FormField.tsx';

export { FieldErrorMessage } from '../FormField/FormField.tsx';

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
  return (
    <FormField
      id={id}
      label={label}
      hint={hint}
      error={error}
      optional={optional}
      optionalText={optionalText}
      errorPrefix={errorPrefix}
    >
      {(describedBy) => (
        <input
          id={id}
          type={type}
          className={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
          value={value}
          onChange={(event) => onValueChange(event.target.value)}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          {...inputProps}
        />
      )}
    </FormField>
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
  return (
    <FormField id={id} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <div className="kern-form-input__select-wrapper">
          <select
            id={id}
            className="kern-form-input__select"
            value={value}
            onChange={(event) => onValueChange(event.target.value)}
            aria-describedby={describedBy}
            aria-invalid={error ? true : undefined}
          >
            {options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
      )}
    </FormField>
  );
}
