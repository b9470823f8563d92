import type { ComponentProps, ReactNode, TextareaHTMLAttributes } from 'react';
import { useTranslation } from '../../../i18n/react.tsx';
import { FieldErrorMessage, TextField as SharedTextField } from '../../../components/TextField/TextField.tsx';
import { FormField } from '../FormField.tsx';

/**
 * A text (or date, time, e-mail) input with label, hint and error: the shared TextField with the planner's
 * screen-reader error prefix. Wired up with aria-describedby and aria-invalid; `id` is what the error
 * summary links to.
 */
export function TextField(props: ComponentProps<typeof SharedTextField>) {
  const { t } = useTranslation();
  return <SharedTextField errorPrefix={t('errorSummary.prefix')} {...props} />;
}

export interface SelectFieldProps {
  id: string;
  label: ReactNode;
  hint?: string | undefined;
  error?: string | undefined;
  value: string;
  onValueChange: (value: string) => void;
  /** The `<option>`s. */
  children: ReactNode;
}

/** A select with label, hint and error, joined by aria-describedby and aria-invalid. */
export function SelectField({ id, label, hint, error, value, onValueChange, children }: SelectFieldProps) {
  return (
    <FormField id={id} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <select
          id={id}
          className="kern-form-input__select"
          value={value}
          onChange={(event) => onValueChange(event.target.value)}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
        >
          {children}
        </select>
      )}
    </FormField>
  );
}

export interface TextAreaFieldProps extends Omit<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  'id' | 'className' | 'onChange' | 'value'
> {
  id: string;
  label: ReactNode;
  hint?: string | undefined;
  error?: string | undefined;
  value: string;
  onValueChange: (value: string) => void;
}

/** A multi-line text field (a comment, a reason) with label, hint and error. */
export function TextAreaField({
  id,
  label,
  hint,
  error,
  value,
  onValueChange,
  ...props
}: TextAreaFieldProps) {
  return (
    <FormField id={id} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <textarea
          id={id}
          className={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
          value={value}
          onChange={(event) => onValueChange(event.target.value)}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          {...props}
        />
      )}
    </FormField>
  );
}

export interface CheckboxProps {
  id: string;
  label: ReactNode;
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
  disabled?: boolean | undefined;
  /** An error about this box (under its label, joined by aria-describedby); `id` is what the summary links to. */
  error?: string | undefined;
}

/** One KERN checkbox with its label (and its error, where the error summary names this box). */
export function Checkbox({ id, label, checked, onCheckedChange, disabled, error }: CheckboxProps) {
  const { t } = useTranslation();
  return (
    <div className={`kern-form-check${error ? ' kern-form-input--error' : ''}`}>
      <input
        id={id}
        className="kern-form-check__checkbox"
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-describedby={error ? `${id}-error` : undefined}
        aria-invalid={error ? true : undefined}
        onChange={(event) => onCheckedChange(event.target.checked)}
      />
      <label className="kern-label" htmlFor={id}>
        {label}
      </label>
      {error && <FieldErrorMessage id={`${id}-error`} message={error} prefix={t('errorSummary.prefix')} />}
    </div>
  );
}

export interface CheckboxGroupProps<Value extends string | number> {
  /** The question the boxes answer (the fieldset's legend). */
  legend: ReactNode;
  hint?: string | undefined;
  /** The fieldset's id, where the error summary links to the group as a whole. */
  id?: string | undefined;
  error?: string | undefined;
  /** Each box's id is `${idPrefix}-${value}`. */
  idPrefix: string;
  options: readonly { value: Value; label: ReactNode }[];
  selected: readonly Value[];
  /** The new selection, in the order the boxes were ticked. */
  onSelectedChange: (selected: Value[]) => void;
  /** An error about one box, by its id (where the error summary links to a box, not to the group). */
  optionError?: (id: string) => string | undefined;
}

/** A fieldset of checkboxes choosing several values, with legend, hint and error. */
export function CheckboxGroup<Value extends string | number>({
  legend,
  hint,
  id,
  error,
  idPrefix,
  options,
  selected,
  onSelectedChange,
  optionError,
}: CheckboxGroupProps<Value>) {
  const { t } = useTranslation();
  return (
    <fieldset className="kern-fieldset" id={id} tabIndex={id ? -1 : undefined}>
      <legend className="kern-label">{legend}</legend>
      {hint && <div className="kern-hint">{hint}</div>}
      {error && (
        <FieldErrorMessage id={`${id ?? idPrefix}-error`} message={error} prefix={t('errorSummary.prefix')} />
      )}
      <div className="kern-fieldset__body">
        {options.map((option) => (
          <Checkbox
            key={option.value}
            id={`${idPrefix}-${option.value}`}
            label={option.label}
            checked={selected.includes(option.value)}
            error={optionError?.(`${idPrefix}-${option.value}`)}
            onCheckedChange={(checked) =>
              onSelectedChange(
                checked ? [...selected, option.value] : selected.filter((value) => value !== option.value),
              )
            }
          />
        ))}
      </div>
    </fieldset>
  );
}

export interface RowSelectProps {
  id: string;
  /** The accessible name; it names the row ("Rolle von Anna Beispiel"), visible to screen readers only. */
  label: string;
  value: string;
  onValueChange: (value: string) => void;
  /** The `<option>`s. */
  children: ReactNode;
}

/** A select inside a table row, labelled for screen readers only (the column header says it for the eye). */
export function RowSelect({ id, label, value, onValueChange, children }: RowSelectProps) {
  return (
    <>
      <label className="kern-label kern-sr-only" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="kern-form-input__select"
        value={value}
        onChange={(event) => onValueChange(event.target.value)}
      >
        {children}
      </select>
    </>
  );
}

export interface OptionsProps<T> {
  items: readonly T[];
  /** The option's value; the item's `id` unless given. */
  optionValue?: (item: T) => string;
  /** The option's text; the item's `name` unless given. */
  optionLabel?: (item: T) => string;
}

/** The options of a select for a list of named records (units, sites, departments, services…). */
export function Options<T>({ items, optionValue, optionLabel }: OptionsProps<T>) {
  const valueOf = optionValue ?? ((item: T) => (item as { id: string }).id);
  const labelOf = optionLabel ?? ((item: T) => (item as { name: string }).name);
  return (
    <>
      {items.map((item) => (
        <option key={valueOf(item)} value={valueOf(item)}>
          {labelOf(item)}
        </option>
      ))}
    </>
  );
}
