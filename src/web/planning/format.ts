import { useTranslation } from '../i18n/react.tsx';
import type { Scenario } from './api.ts';

export function useFormat() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : 'de-DE';
  const number = (value: number, digits = 0) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(
      value,
    );
  const euro = (value: number) =>
    new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(
      value,
    );
  const date = (value: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
  const day = (value: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(new Date(value));
  /** A calendar day written YYYY-MM-DD, the same day in every time zone. */
  const calendarDay = (value: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(`${value}T00:00:00Z`),
    );
  const minutes = (value: number) => t('metrics.minutes', { value: number(value, 1) });
  const percent = (value: number) => t('metrics.percent', { value: number(value, 1) });
  const statusOf = (scenario: Scenario) =>
    scenario.approvedAt ? t('status.approved') : t(`status.${scenario.status}`);
  return { t, locale, number, euro, date, day, calendarDay, minutes, percent, statusOf };
}
