/** Times on the station are shown in Europe/Berlin, whatever the tablet's own zone. */
export function formatTime(iso: string | null | undefined, language: string): string {
  if (!iso) return '–';
  return new Intl.DateTimeFormat(language, { timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(
    new Date(iso),
  );
}

export function formatDate(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Berlin',
  }).format(new Date(iso));
}

/** Today in Europe/Berlin, YYYY-MM-DD. */
export function berlinToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(now);
}

export function serviceName(service: { nameDe: string; nameEn: string }, language: string): string {
  return language === 'en' ? service.nameEn : service.nameDe;
}

/** The services of an entry in one line ("2 × Personalausweis, Reisepass"), or `empty` when it has none. */
export function servicesText(
  services: { quantity: number; nameDe: string; nameEn: string }[],
  language: string,
  empty: string,
): string {
  return (
    services
      .map((s) => `${s.quantity > 1 ? `${s.quantity} × ` : ''}${serviceName(s, language)}`)
      .join(', ') || empty
  );
}

/** The numbers of a stop's counters: 1 … count. */
export function counterNumbers(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}
