import type { ComponentProps, ReactNode } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { ErrorSummary as SharedErrorSummary } from '../../components/ErrorSummary/ErrorSummary.tsx';
import {
  FieldErrorMessage as SharedFieldErrorMessage,
  TextField as SharedTextField,
} from '../../components/TextField/TextField.tsx';

export type { FieldError } from '../../components/ErrorSummary/ErrorSummary.tsx';

// The shared form components of src/web/components with the station app's own message keys (form.*).

/** The errors of a form at its top, linked to their fields; takes the focus when it appears (KERN / GOV.UK). */
export function ErrorSummary(props: ComponentProps<typeof SharedErrorSummary>) {
  const { t } = useTranslation();
  return <SharedErrorSummary title={t('form.errorTitle')} {...props} />;
}

export function FieldErrorMessage(props: ComponentProps<typeof SharedFieldErrorMessage>) {
  const { t } = useTranslation();
  return <SharedFieldErrorMessage prefix={t('form.errorPrefix')} {...props} />;
}

/** A KERN text input with label, hint and error, wired with aria-describedby and aria-invalid. */
export function TextField(props: ComponentProps<typeof SharedTextField>) {
  const { t } = useTranslation();
  return <SharedTextField optionalText={t('form.optional')} errorPrefix={t('form.errorPrefix')} {...props} />;
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
