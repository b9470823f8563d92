import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Entry, OfferedService } from '../api/types.ts';
import { serviceName } from '../format.ts';
import type { FinishOutcome, ServiceQuantity } from '../offline/operations.ts';
import { ErrorSummary, type FieldError } from './Form.tsx';

const outcomes: FinishOutcome[] = ['done', 'follow_up', 'referred'];
const MAX_QUANTITY = 10;

interface FinishFormProps {
  entry: Entry;
  services: OfferedService[];
  onFinish: (delivered: ServiceQuantity[], outcome: FinishOutcome) => Promise<void>;
}

/** Finishing: the services actually delivered (quantities editable, others addable) and the outcome. */
export function FinishForm({ entry, services, onFinish }: FinishFormProps) {
  const { t, i18n } = useTranslation();
  const booked = entry.services.map((s) => ({ id: s.id, nameDe: s.nameDe, nameEn: s.nameEn }));
  const others = services.filter((s) => !booked.some((b) => b.id === s.id));
  const [quantities, setQuantities] = useState<Record<string, string>>(() =>
    Object.fromEntries(entry.services.map((s) => [s.id, String(s.quantity)])),
  );
  const [outcome, setOutcome] = useState<FinishOutcome>('done');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const fieldId = (serviceId: string) => `finish-${entry.id}-${serviceId}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmission((n) => n + 1);
    const found: FieldError[] = [];
    const delivered: ServiceQuantity[] = [];
    for (const service of [...booked, ...others]) {
      const raw = (quantities[service.id] ?? '').trim();
      if (raw === '' || raw === '0') continue;
      const quantity = Number(raw);
      if (!Number.isInteger(quantity) || quantity < 0 || quantity > MAX_QUANTITY) {
        found.push({
          fieldId: fieldId(service.id),
          message: t('finish.badQuantity', {
            service: serviceName(service, i18n.language),
            max: MAX_QUANTITY,
          }),
        });
      } else delivered.push({ serviceId: service.id, quantity });
    }
    setErrors(found);
    if (found.length > 0) return;
    await onFinish(delivered, outcome);
  };

  const quantityField = (service: { id: string; nameDe: string; nameEn: string }) => {
    const error = errors.find((e) => e.fieldId === fieldId(service.id))?.message;
    return (
      <div
        className={`kern-form-input quantity-field${error ? ' kern-form-input--error' : ''}`}
        key={service.id}
      >
        <label className="kern-label" htmlFor={fieldId(service.id)}>
          {serviceName(service, i18n.language)}
        </label>
        {error && (
          <p className="kern-error" id={`${fieldId(service.id)}-error`}>
            <span className="kern-icon kern-icon--danger" aria-hidden="true" />
            <span className="kern-body">{error}</span>
          </p>
        )}
        <input
          id={fieldId(service.id)}
          className={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_QUANTITY}
          value={quantities[service.id] ?? '0'}
          onChange={(event) => setQuantities((current) => ({ ...current, [service.id]: event.target.value }))}
          aria-describedby={error ? `${fieldId(service.id)}-error` : undefined}
          aria-invalid={error ? true : undefined}
        />
      </div>
    );
  };

  return (
    <form className="station-form finish-form" noValidate onSubmit={(event) => void submit(event)}>
      <h3 className="kern-heading-small">{t('finish.heading', { number: entry.displayNumber })}</h3>
      <ErrorSummary errors={errors} submission={submission} />
      <fieldset className="kern-fieldset">
        <legend className="kern-label">{t('finish.delivered')}</legend>
        <div className="kern-fieldset__body quantity-grid">{booked.map(quantityField)}</div>
      </fieldset>
      {others.length > 0 && (
        <details className="finish-form__more">
          <summary>{t('finish.more')}</summary>
          <div className="quantity-grid">{others.map(quantityField)}</div>
        </details>
      )}
      <fieldset className="kern-fieldset">
        <legend className="kern-label">{t('finish.outcome')}</legend>
        <div className="kern-fieldset__body">
          {outcomes.map((value) => (
            <div className="kern-form-check" key={value}>
              <input
                className="kern-form-check__radio"
                id={`finish-${entry.id}-outcome-${value}`}
                type="radio"
                name={`finish-${entry.id}-outcome`}
                value={value}
                checked={outcome === value}
                onChange={() => setOutcome(value)}
              />
              <label className="kern-label" htmlFor={`finish-${entry.id}-outcome-${value}`}>
                {t(`finish.outcomes.${value}`)}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      <button type="submit" className="kern-btn kern-btn--primary">
        <span className="kern-label">{t('finish.submit')}</span>
      </button>
    </form>
  );
}
