import { useTranslation } from '../../i18n/react.tsx';
import { localizedName } from '../../format/localized.ts';
import { useLanguage } from '../../useLanguage.ts';
import { FieldErrorMessage } from '../TextField/TextField.tsx';
import {
  maxQuantity,
  quantityFieldId,
  serviceFieldId,
  servicesFieldsetId,
  totalMinutes,
  type PickableService,
  type Quantities,
  type ServicePickerError,
} from './servicePicker.ts';

interface ServicePickerProps {
  services: PickableService[];
  value: Quantities;
  onChange: (value: Quantities) => void;
  errors: ServicePickerError[];
  legend: string;
}

/** Checkboxes for the services and, for each chosen one, how often (1–10); shows the summed duration. */
export function ServicePicker({ services, value, onChange, errors, legend }: ServicePickerProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const minutes = totalMinutes(services, value);
  const noServiceError = errors.find((error) => error.reason === 'noService');

  const toggle = (serviceId: string, checked: boolean) => {
    const next = { ...value };
    if (checked) next[serviceId] = 1;
    else delete next[serviceId];
    onChange(next);
  };

  const setQuantity = (serviceId: string, raw: string) => {
    onChange({ ...value, [serviceId]: raw === '' ? Number.NaN : Number(raw) });
  };

  return (
    <>
      <fieldset
        className={`kern-fieldset${noServiceError ? ' kern-fieldset--error' : ''}`}
        aria-describedby={`${servicesFieldsetId}-hint${noServiceError ? ` ${servicesFieldsetId}-error` : ''}`}
      >
        <legend className="kern-label">{legend}</legend>
        <div className="kern-hint" id={`${servicesFieldsetId}-hint`}>
          {t('picker.hint')}
        </div>
        {noServiceError && (
          <FieldErrorMessage id={`${servicesFieldsetId}-error`} message={t('picker.errors.noService')} />
        )}
        {/* The summary links here; the fieldset itself cannot take the focus. */}
        <span id={servicesFieldsetId} tabIndex={-1} />
        <ul className="service-picker">
          {services.map((service) => {
            const name = localizedName(service, language);
            const quantity = value[service.id];
            const chosen = quantity !== undefined;
            const quantityError = errors.find((error) => error.fieldId === quantityFieldId(service.id));
            return (
              <li key={service.id} className="service-picker__item">
                <div className="kern-form-check">
                  <input
                    className="kern-form-check__checkbox"
                    type="checkbox"
                    id={serviceFieldId(service.id)}
                    checked={chosen}
                    onChange={(event) => toggle(service.id, event.target.checked)}
                  />
                  <label className="kern-label" htmlFor={serviceFieldId(service.id)}>
                    {name}
                    {service.typicalMinutes !== null && (
                      <span className="service-picker__minutes">
                        {' '}
                        {t('picker.minutesEach', { count: service.typicalMinutes })}
                      </span>
                    )}
                  </label>
                </div>
                {chosen && (
                  <div
                    className={`kern-form-input service-picker__quantity${quantityError ? ' kern-form-input--error' : ''}`}
                  >
                    <label className="kern-label" htmlFor={quantityFieldId(service.id)}>
                      {t('picker.quantityLabel', { service: name })}
                    </label>
                    <div className="kern-hint" id={`${quantityFieldId(service.id)}-hint`}>
                      {t('picker.quantityHint')}
                    </div>
                    {quantityError && (
                      <FieldErrorMessage
                        id={`${quantityFieldId(service.id)}-error`}
                        message={t('picker.errors.quantity')}
                      />
                    )}
                    <input
                      id={quantityFieldId(service.id)}
                      className={`kern-form-input__input kern-form-input__input--width-4${quantityError ? ' kern-form-input__input--error' : ''}`}
                      type="number"
                      inputMode="numeric"
                      min={1}
                      max={maxQuantity}
                      step={1}
                      value={Number.isNaN(quantity) ? '' : String(quantity)}
                      onChange={(event) => setQuantity(service.id, event.target.value)}
                      aria-describedby={`${quantityFieldId(service.id)}-hint${quantityError ? ` ${quantityFieldId(service.id)}-error` : ''}`}
                      aria-invalid={quantityError ? true : undefined}
                    />
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      </fieldset>
      <p className="kern-body kern-body--bold service-picker__total" role="status">
        {minutes > 0 ? t('picker.total', { count: minutes }) : t('picker.noneChosen')}
      </p>
    </>
  );
}
