import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import type { Entry, OfferedService } from '../api/types.ts';
import { serviceName } from '../format.ts';
import {
  inPersonReasons,
  type FinishOutcome,
  type InPersonReason,
  type ServiceQuantity,
} from '../offline/operations.ts';
import { ErrorSummary, type FieldError } from './Form.tsx';

const outcomes: FinishOutcome[] = ['done', 'follow_up', 'referred'];
const MAX_QUANTITY = 10;

interface FinishFormProps {
  entry: Entry;
  services: OfferedService[];
  onFinish: (
    delivered: ServiceQuantity[],
    outcome: FinishOutcome,
    inPersonReasons: { serviceId: string; reason: InPersonReason }[],
  ) => Promise<void>;
}

/**
 * Finishing: the services actually delivered (quantities editable, others addable) and the outcome. For each
 * delivered service that also exists online it asks why the person came in person ("why not online"; optional,
 * no personal data).
 */
export function FinishForm({ entry, services, onFinish }: FinishFormProps) {
  const { t, i18n } = useTranslation();
  const booked = entry.services.map((s) => ({ id: s.id, nameDe: s.nameDe, nameEn: s.nameEn }));
  const others = services.filter((s) => !booked.some((b) => b.id === s.id));
  const [quantities, setQuantities] = useState<Record<string, string>>(() =>
    Object.fromEntries(entry.services.map((s) => [s.id, String(s.quantity)])),
  );
  const [outcome, setOutcome] = useState<FinishOutcome>('done');
  const [reasons, setReasons] = useState<Record<string, InPersonReason | ''>>({});
  const online = new Set(services.filter((s) => s.existsOnline).map((s) => s.id));
  const isDelivered = (serviceId: string) => {
    const raw = (quantities[serviceId] ?? '').trim();
    return raw !== '' && raw !== '0';
  };
  const askWhy = [...booked, ...others].filter((s) => online.has(s.id) && isDelivered(s.id));
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
    await onFinish(
      delivered,
      outcome,
      delivered.flatMap((d) => {
        const reason = online.has(d.serviceId) ? reasons[d.serviceId] : undefined;
        return reason ? [{ serviceId: d.serviceId, reason }] : [];
      }),
    );
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
      {askWhy.map((service) => (
        <fieldset className="kern-fieldset why-in-person" key={`why-${service.id}`}>
          <legend className="kern-label">
            {t('finish.whyInPerson', { service: serviceName(service, i18n.language) })}
          </legend>
          <div className="kern-fieldset__body">
            {(['', ...inPersonReasons] as const).map((value) => {
              const id = `finish-${entry.id}-why-${service.id}-${value || 'none'}`;
              return (
                <div className="kern-form-check" key={value || 'none'}>
                  <input
                    className="kern-form-check__radio"
                    id={id}
                    type="radio"
                    name={`finish-${entry.id}-why-${service.id}`}
                    value={value}
                    checked={(reasons[service.id] ?? '') === value}
                    onChange={() => setReasons((current) => ({ ...current, [service.id]: value }))}
                  />
                  <label className="kern-label" htmlFor={id}>
                    {t(`finish.reasons.${value || 'none'}`)}
                  </label>
                </div>
              );
            })}
          </div>
        </fieldset>
      ))}
      <button type="submit" className="kern-btn kern-btn--primary">
        <span className="kern-label">{t('finish.submit')}</span>
      </button>
    </form>
  );
}
