import type { FormEvent, ReactNode, Ref } from 'react';
import { ErrorSummary, type FieldError } from '../../../components/ErrorSummary/ErrorSummary.tsx';
import { Button } from './Button.tsx';

export type { FieldError };

/** The message of the error for field `id` in `errors`, for a field's `error` prop. */
export const errorOf = (errors: readonly FieldError[], id: string) =>
  errors.find((error) => error.fieldId === id)?.message;

export interface BackOfficeFormProps {
  /**
   * The form's errors, listed at its top with links to the fields (error-summary pattern). Leave it out only
   * where several small forms of one section share a summary the page puts above them.
   */
  errors?: FieldError[];
  /** Changes with every submission, so a repeated wrong submission moves the focus to the summary again. */
  submission?: number;
  onSubmit: (event: FormEvent) => void;
  /** The submit button's text; without it the form brings its own buttons (as children). */
  submitLabel?: string;
  /** Buttons beside the submit button (e.g. "Abbrechen"); they are put in a `backoffice-actions` row. */
  actions?: ReactNode;
  /** Extra classes for the form element. */
  className?: string;
  /** The fields. */
  children: ReactNode;
}

/**
 * A back-office form with the error-summary pattern: the summary of errors above the form (it takes the
 * focus on a failed submission), `noValidate` (the page checks and names each field), then the fields and
 * the submit button.
 */
export function BackOfficeForm({
  errors,
  submission,
  onSubmit,
  submitLabel,
  actions,
  className,
  children,
}: BackOfficeFormProps) {
  const submit =
    submitLabel === undefined ? null : (
      <Button type="submit" appearance="primary">
        {submitLabel}
      </Button>
    );
  return (
    <>
      {errors && <ErrorSummary errors={errors} submission={submission} />}
      <form noValidate onSubmit={onSubmit} className={`planning-form${className ? ` ${className}` : ''}`}>
        {children}
        {actions ? (
          <div className="backoffice-actions">
            {submit}
            {actions}
          </div>
        ) : (
          submit
        )}
      </form>
    </>
  );
}

export interface BackOfficeSectionProps {
  /** The id of the section's heading, which names the section (aria-labelledby). */
  id: string;
  heading: ReactNode;
  /** Makes the heading focusable, for moving the focus to a section that has just opened. */
  headingRef?: Ref<HTMLHeadingElement>;
  /** The section's own id, where a button controls it (aria-controls). */
  sectionId?: string;
  children: ReactNode;
}

/** A titled part of a back-office page: a section named by its h2. */
export function BackOfficeSection({ id, heading, headingRef, sectionId, children }: BackOfficeSectionProps) {
  return (
    <section id={sectionId} aria-labelledby={id} className="backoffice-section">
      <h2 id={id} className="kern-heading-medium" tabIndex={headingRef ? -1 : undefined} ref={headingRef}>
        {heading}
      </h2>
      {children}
    </section>
  );
}

export interface ItemListProps<T> {
  items: readonly T[];
  /** Said instead of an empty list. */
  empty: ReactNode;
  itemKey: (item: T) => string;
  renderItem: (item: T) => ReactNode;
}

/** A list of a record's items (tasks, hand-offs, documents…), or a sentence saying there are none. */
export function ItemList<T>({ items, empty, itemKey, renderItem }: ItemListProps<T>) {
  if (items.length === 0) return <p>{empty}</p>;
  return (
    <ul className="kern-list">
      {items.map((item) => (
        <li key={itemKey(item)}>{renderItem(item)}</li>
      ))}
    </ul>
  );
}
