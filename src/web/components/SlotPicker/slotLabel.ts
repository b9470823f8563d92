import type { TFunction } from '../../i18n/translator.ts';
import { formatLongDate, formatTime } from '../../format/dateTime.ts';
import type { Language } from '../../format/localized.ts';

/** "Mittwoch, 13. Januar 2027, 10:30 Uhr, Stadtbibliothek": what a slot button is called. */
export function slotLabel(t: TFunction, language: Language, startsAt: string, siteName: string): string {
  return t('slots.slotLabel', {
    day: formatLongDate(startsAt, language),
    time: formatTime(startsAt, language),
    site: siteName,
  });
}
