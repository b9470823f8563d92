import { intlLocales, type Language } from './localized.ts';

/** Appointments happen in Gütersloh: every date and time is shown in German local time, wherever the browser is. */
export const timeZone = 'Europe/Berlin';

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}:${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocales[language], { timeZone, ...options });
    cache.set(key, format);
  }
  return format;
}

/** A local date (YYYY-MM-DD) as an instant at noon in Berlin: safe to format with the Berlin time zone. */
function noonOf(localDate: string): Date {
  return new Date(`${localDate}T12:00:00Z`);
}

const toDate = (value: string) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? noonOf(value) : new Date(value));

/** "Mittwoch, 14. Januar 2027" / "Wednesday 14 January 2027". Takes a local date or an ISO instant. */
export function formatLongDate(value: string, language: Language): string {
  return formatter(language, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
    toDate(value),
  );
}

/** "14.01.2027" / "14/01/2027" */
export function formatShortDate(value: string, language: Language): string {
  return formatter(language, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(toDate(value));
}

/** "10:30" in Berlin time (24 hours in both languages). */
export function formatTime(instant: string, language: Language): string {
  return formatter(language, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(instant),
  );
}

/** "Januar 2027" */
export function formatMonth(year: number, month: number, language: Language): string {
  return formatter(language, { month: 'long', year: 'numeric' }).format(
    noonOf(`${year}-${String(month).padStart(2, '0')}-15`),
  );
}

/** The Berlin calendar date (YYYY-MM-DD) of an instant. */
export function localDateOf(instant: Date | string): string {
  const parts = formatter('de', { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    typeof instant === 'string' ? new Date(instant) : instant,
  );
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function todayLocal(now = new Date()): string {
  return localDateOf(now);
}

/** Calendar arithmetic on local dates (no time zone involved). */
export function addDays(localDate: string, days: number): string {
  const date = new Date(`${localDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday */
export function isoWeekday(localDate: string): number {
  const day = new Date(`${localDate}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The weeks of a month, Monday first; days outside the month are null. */
export function monthWeeks(year: number, month: number): (string | null)[][] {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const weeks: (string | null)[][] = [];
  let week: (string | null)[] = Array.from({ length: isoWeekday(first) - 1 }, () => null);
  for (let day = first; day.slice(0, 7) === first.slice(0, 7); day = addDays(day, 1)) {
    week.push(day);
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length > 0) weeks.push([...week, ...Array.from({ length: 7 - week.length }, () => null)]);
  return weeks;
}

/** Weekday names, Monday first: long ("Montag") and short ("Mo"). */
export function weekdayNames(language: Language): { long: string; short: string }[] {
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, index) => {
    const date = addDays('2024-01-01', index);
    return {
      long: formatter(language, { weekday: 'long' }).format(noonOf(date)),
      short: formatter(language, { weekday: 'short' }).format(noonOf(date)),
    };
  });
}
