import { useTranslation } from '../../i18n/react.tsx';
import { FormField } from '../components/FormField.tsx';

/** The purposes the server accepts (src/domain/caseProcess.ts `caseAccessPurposes`), 'processing' first. */
export const purposes = ['processing', 'citizen_inquiry', 'stop_service', 'supervision', 'e_file'] as const;
export type Purpose = (typeof purposes)[number];

/** Why personal data is opened: a short list, kept with the access in the audit trail. */
export function PurposeSelect({
  id,
  value,
  onChange,
}: {
  id: string;
  value: Purpose;
  onChange: (purpose: Purpose) => void;
}) {
  const { t } = useTranslation();
  return (
    <FormField id={id} label={t('cases.purpose')} hint={t('cases.purposeHint')}>
      {(describedBy) => (
        <select
          id={id}
          className="kern-form-input__select"
          value={value}
          onChange={(event) => onChange(event.target.value as Purpose)}
          aria-describedby={describedBy}
        >
          {purposes.map((purpose) => (
            <option key={purpose} value={purpose}>
              {t(`cases.purposes.${purpose}`)}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}
