import type { TFunction } from '../../i18n/translator.ts';
import { useTranslation } from '../../i18n/react.tsx';
import type { Service } from '../../api/types.ts';
import { GermanDataText } from '../../components/GermanDataText/GermanDataText.tsx';
import type { Quantities } from '../../components/ServicePicker/servicePicker.ts';
import { formatEuro } from '../../format/formatEuro.ts';
import { localizedName, type Language } from '../../format/localized.ts';
import { useLanguage } from '../../useLanguage.ts';
import { feeSummary } from './bookingSteps.ts';

/** A fee or a range of fees ("55,20 € bis 92,00 €, je nach Fall"); nothing to pay is "kostenlos". */
export function formatFeeRange(range: { min: number; max: number }, language: Language, t: TFunction) {
  if (range.max === 0) return t('service.feeFree');
  return range.min === range.max
    ? formatEuro(range.min, language)
    : t('booking.feeRange', { min: formatEuro(range.min, language), max: formatEuro(range.max, language) });
}

/**
 * The chosen services with how often, their fees (a service booked "2-mal" costs twice) and the sum,
 * and the summed duration. Shown above the day, time and contact steps.
 */
export function BookingSummary({
  services,
  quantities,
  minutes,
}: {
  services: Service[];
  quantities: Quantities;
  minutes: number;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const fees = feeSummary(services, quantities);
  return (
    <div className="booking-summary">
      <p className="kern-body">{t('booking.chosenServices')}</p>
      <ul className="kern-list kern-list--bullet booking-summary__services">
        {fees.lines.map((line) => {
          const service = services.find((candidate) => candidate.id === line.serviceId);
          if (!service) return null;
          const name = localizedName(service, language);
          return (
            <li key={line.serviceId}>
              {language === 'de' || language === 'en' ? name : <GermanDataText>{name}</GermanDataText>}
              {line.quantity > 1 && ` ${t('picker.times', { count: line.quantity })}`}
              {': '}
              {line.total ? formatFeeRange(line.total, language, t) : t('booking.feeUnknown')}
            </li>
          );
        })}
      </ul>
      <p className="kern-body kern-body--bold booking-summary__total">
        {t('booking.feeTotal', { amount: formatFeeRange(fees.total, language, t) })}
        {!fees.complete && ` ${t('booking.feeIncomplete')}`}
      </p>
      <p className="kern-body">{t('picker.total', { count: minutes })}</p>
    </div>
  );
}
