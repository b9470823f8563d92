import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import type { OfferedService } from '../api/types.ts';
import { serviceName } from '../format.ts';
import type { ServiceQuantity } from '../offline/operations.ts';
import { DistrictSelect, useDistricts } from './DistrictSelect.tsx';
import { ErrorSummary, FieldErrorMessage, TextField, type FieldError } from './Form.tsx';

interface WalkInFormProps {
  services: OfferedService[];
  onIssue: (input: {
    services: ServiceQuantity[];
    name?: string;
    originDistrictId?: string;
  }) => Promise<string>;
  /** called with the number once a ticket is out (the dialog closes and shows it on the page) */
  onIssued: (displayNumber: string) => void;
  /** closes the dialog without issuing */
  onCancel: () => void;
}

/**
 * A walk-in ticket for someone without a phone: the services wanted and, if they like, a name.
 * It lives in the walk-in dialog (WalkInDialog.tsx); its heading labels the dialog.
 */
export function WalkInForm({ services, onIssue, onIssued, onCancel }: WalkInFormProps) {
  const { t, i18n } = useTranslation();
  const [chosen, setChosen] = useState<string[]>([]);
  const [name, setName] = useState('');
  const [districtId, setDistrictId] = useState('');
  const districts = useDistricts();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const firstServiceId = services[0] ? `walkin-service-${services[0].id}` : 'walkin-name';

  const toggle = (id: string, on: boolean) =>
    setChosen((current) => (on ? [...current, id] : current.filter((c) => c !== id)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmission((n) => n + 1);
    if (services.length > 0 && chosen.length === 0) {
      setErrors([{ fieldId: firstServiceId, message: t('walkIn.noService') }]);
      return;
    }
    if (name.length > 200) {
      setErrors([{ fieldId: 'walkin-name', message: t('walkIn.nameTooLong') }]);
      return;
    }
    setErrors([]);
    const number = await onIssue({
      services: chosen.map((serviceId) => ({ serviceId, quantity: 1 })),
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(districtId ? { originDistrictId: districtId } : {}),
    });
    setChosen([]);
    setName('');
    setDistrictId('');
    onIssued(number);
  };

  const serviceError = errors.find((e) => e.fieldId === firstServiceId)?.message;

  return (
    <>
      <form className="station-form" noValidate onSubmit={(event) => void submit(event)}>
        <ErrorSummary errors={errors} submission={submission} />
        {services.length > 0 ? (
          <fieldset
            className={`kern-fieldset${serviceError ? ' kern-fieldset--error' : ''}`}
            aria-describedby={serviceError ? 'walkin-services-error' : undefined}
          >
            <legend className="kern-label">{t('walkIn.services')}</legend>
            {serviceError && <FieldErrorMessage id="walkin-services-error" message={serviceError} />}
            <div className="kern-fieldset__body">
              {services.map((service) => (
                <div className="kern-form-check" key={service.id}>
                  <input
                    className="kern-form-check__checkbox"
                    id={`walkin-service-${service.id}`}
                    type="checkbox"
                    checked={chosen.includes(service.id)}
                    onChange={(event) => toggle(service.id, event.target.checked)}
                  />
                  <label className="kern-label" htmlFor={`walkin-service-${service.id}`}>
                    {serviceName(service, i18n.language)}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        ) : (
          <p className="kern-body">{t('walkIn.noCatalogue')}</p>
        )}
        <TextField
          id="walkin-name"
          label={t('walkIn.name')}
          hint={t('walkIn.nameHint')}
          optional
          value={name}
          onValueChange={setName}
          error={errors.find((e) => e.fieldId === 'walkin-name')?.message}
          autoComplete="off"
        />
        <DistrictSelect
          id="walkin-district"
          districts={districts}
          value={districtId}
          onChange={setDistrictId}
        />
        <div className="button-row">
          <button type="submit" className="kern-btn kern-btn--primary">
            <span className="kern-label">{t('walkIn.submit')}</span>
          </button>
          <button type="button" className="kern-btn kern-btn--secondary" onClick={onCancel}>
            <span className="kern-label">{t('walkInDialog.cancel')}</span>
          </button>
        </div>
      </form>
    </>
  );
}
