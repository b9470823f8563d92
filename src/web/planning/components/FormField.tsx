import type { ComponentProps } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { FormField as SharedFormField } from '../../components/FormField/FormField.tsx';

/**
 * A labelled form control with its hint and error text, joined by aria-describedby (the error-summary
 * pattern links to `id`): the shared FormField with the planner's message for the error prefix.
 * `children` renders the control with the describedby value.
 */
export function FormField(props: ComponentProps<typeof SharedFormField>) {
  const { t } = useTranslation();
  return <SharedFormField errorPrefix={t('errorSummary.prefix')} {...props} />;
}
