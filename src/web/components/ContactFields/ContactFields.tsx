import { useTranslation } from '../../i18n/react.tsx';
import { TextField } from '../TextField/TextField.tsx';
import { contactFieldIds, type ContactError, type ContactInput } from './contactInput.ts';

interface ContactFieldsProps {
  value: ContactInput;
  onChange: (value: ContactInput) => void;
  /** messages per field, already translated */
  errors: Partial<Record<keyof ContactInput, string>>;
  withPhone?: boolean;
}

export function contactErrorMessage(t: (key: string) => string, error: ContactError): string {
  return t(`contact.errors.${error.field}.${error.reason}`);
}

/** Name, e-mail address and (optional) phone number, with autocomplete for the browser to fill in. */
export function ContactFields({ value, onChange, errors, withPhone = true }: ContactFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        id={contactFieldIds.name}
        label={t('contact.name')}
        autoComplete="name"
        maxLength={200}
        value={value.name}
        error={errors.name}
        onValueChange={(name) => onChange({ ...value, name })}
      />
      <TextField
        id={contactFieldIds.email}
        type="email"
        label={t('contact.email')}
        hint={t('contact.emailHint')}
        autoComplete="email"
        spellCheck={false}
        value={value.email}
        error={errors.email}
        onValueChange={(email) => onChange({ ...value, email })}
      />
      {withPhone && (
        <TextField
          id={contactFieldIds.phone}
          type="tel"
          label={t('contact.phone')}
          hint={t('contact.phoneHint')}
          optional
          autoComplete="tel"
          value={value.phone}
          error={errors.phone}
          onValueChange={(phone) => onChange({ ...value, phone })}
        />
      )}
    </>
  );
}
