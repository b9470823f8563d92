import type { ReactNode } from 'react';

/**
 * A labelled form control with its hint and error text, joined by aria-describedby (the error-summary
 * pattern links to `id`). `children` renders the control with the describedby value.
 */
export function FormField({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: (describedBy: string | undefined) => ReactNode;
}) {
  const describedBy =
    [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
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
      {error && (
        <p className="kern-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {children(describedBy)}
    </div>
  );
}
