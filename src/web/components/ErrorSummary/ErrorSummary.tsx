import { useEffect, useRef, type MouseEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';

export interface FieldError {
  /** id of the input the error belongs to */
  fieldId: string;
  message: string;
}

interface ErrorSummaryProps {
  errors: FieldError[];
  /** Changes with every submission, so a repeated wrong submission moves the focus again. */
  submission?: number;
  /** The heading; the app's `errorSummary.title` message unless given (an app with other message keys passes its own). */
  title?: string;
}

/**
 * The errors of a form, listed at its top with links to the fields (GOV.UK / KERN pattern).
 * It takes the focus when it appears, so keyboard and screen-reader users learn about the errors at once.
 */
export function ErrorSummary({ errors, submission = 0, title }: ErrorSummaryProps) {
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
    // The router would treat the #fragment as a navigation; focusing the field is all that is needed.
    event.preventDefault();
    field.focus();
    field.scrollIntoView?.({ block: 'center' });
  };

  return (
    <div ref={summary} tabIndex={-1} className="kern-alert kern-alert--danger error-summary">
      <div role="alert">
        <div className="kern-alert__header">
          <span className="kern-icon kern-icon--danger" aria-hidden="true" />
          <h2 className="kern-title">{title ?? t('errorSummary.title')}</h2>
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
