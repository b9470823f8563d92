import { useTranslation } from '../../i18n/react.tsx';
import type { Service } from '../../api/types.ts';
import { formatEuro } from '../../format/formatEuro.ts';
import { intlLocales, type Language } from '../../format/localized.ts';
import { useLanguage } from '../../useLanguage.ts';
import { GermanDataText } from '../GermanDataText/GermanDataText.tsx';
import { feeLabel } from './feeLabel.ts';

type FeeFields = Pick<Service, 'fees' | 'feeExtras' | 'feeValidFrom'>;

function formatDate(isoDate: string, language: Language): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  return Number.isNaN(date.getTime())
    ? isoDate
    : new Intl.DateTimeFormat(intlLocales[language], {
        dateStyle: 'long',
        timeZone: 'UTC',
      }).format(date);
}

/**
 * The fees of a service by case (age, per page …) in the page's language, extra costs and the date they apply
 * from.
 */
export function FeeTable({ fees, feeExtras: allExtras, feeValidFrom }: FeeFields) {
  const { t, i18n } = useTranslation();
  const language = useLanguage();
  const amount = (eur: number | null) =>
    eur === null ? t('service.feeUnknown') : eur === 0 ? t('service.feeFree') : formatEuro(eur, language);

  // The API sends extra costs in plain language only; an empty label is skipped all the same.
  const feeExtras = allExtras.filter((extra) => extra.labelDe);
  if (fees.length === 0 && feeExtras.length === 0) {
    return <p className="kern-body">{t('service.noFees')}</p>;
  }
  return (
    <>
      {fees.length > 0 && (
        <div className="kern-table-responsive">
          <table className="kern-table">
            <caption className="kern-sr-only">{t('service.feesHeading')}</caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">
                  {t('service.feeCaseColumn')}
                </th>
                <th scope="col" className="kern-table__header kern-table__header--numeric">
                  {t('service.feeAmountColumn')}
                </th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {fees.map((fee) => {
                const label = feeLabel(fee, language, i18n);
                return (
                  <tr key={fee.variant} className="kern-table__row">
                    <th scope="row" className="kern-table__cell" lang={label.lang}>
                      {label.text}
                    </th>
                    <td className="kern-table__cell kern-table__cell--numeric">{amount(fee.eur)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {feeExtras.length > 0 && (
        <>
          <h3 className="kern-heading-small">{t('service.feeExtrasHeading')}</h3>
          <ul className="kern-list kern-list--bullet">
            {feeExtras.map((extra) => (
              <li key={extra.labelDe}>
                {language === 'en' && extra.labelEn ? (
                  extra.labelEn
                ) : language === 'de' ? (
                  extra.labelDe
                ) : (
                  <GermanDataText>{extra.labelDe}</GermanDataText>
                )}
                {extra.eur === null ? '' : `: ${amount(extra.eur)}`}
              </li>
            ))}
          </ul>
        </>
      )}
      {feeValidFrom && (
        <p className="kern-body">{t('service.feeValidFrom', { date: formatDate(feeValidFrom, language) })}</p>
      )}
    </>
  );
}
