import type { Availability, Service, Slot } from '../../api/types.ts';
import {
  parseServicesParameter,
  servicesParameter,
  type Quantities,
} from '../../components/ServicePicker/servicePicker.ts';
import { addDays, localDateOf, timeZone } from '../../format/dateTime.ts';

/**
 * The booking flow's steps. Each has its own address, and everything a step needs is in that address
 * (services, filters, the chosen day or time): Back, Reload and a shared link all show the same step.
 */
export type BookingStep = 'services' | 'day' | 'time' | 'contact' | 'sent';

export const bookingSteps: readonly BookingStep[] = ['services', 'day', 'time', 'contact', 'sent'];
export const totalSteps = bookingSteps.length;
export const stepNumber = (step: BookingStep) => bookingSteps.indexOf(step) + 1;

const segments: Record<BookingStep, string> = {
  services: '',
  day: 'tag',
  time: 'zeit',
  contact: 'angaben',
  sent: 'gesendet',
};

/** The step of `/buchen/:segment`; null for an unknown segment. */
export function stepOfSegment(segment: string | undefined): BookingStep | null {
  if (!segment) return 'services';
  return bookingSteps.find((step) => segments[step] === segment) ?? null;
}

export interface BookingQuery {
  quantities: Quantities;
  districtId: string;
  siteId: string;
  /** YYYY-MM: the month the day step shows */
  month: string;
  /** YYYY-MM-DD: the day whose times the time step shows */
  day: string;
  stopId: string;
  startsAt: string;
}

const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
const isMonth = (value: string) => /^\d{4}-\d{2}$/.test(value);
const isInstant = (value: string) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value);
const isId = (value: string) => /^[A-Za-z0-9_-]{1,100}$/.test(value);

/** Reads the flow's state from the query string; anything malformed is dropped. */
export function parseBookingQuery(params: URLSearchParams): BookingQuery {
  const text = (name: string, valid: (value: string) => boolean) => {
    const value = params.get(name) ?? '';
    return valid(value) ? value : '';
  };
  // `from` is the older parameter of links into the flow (the schedule's "Termin buchen").
  const day = text('day', isDay);
  const from = text('from', isDay);
  return {
    quantities: parseServicesParameter(params.get('services')),
    districtId: text('districtId', isId),
    siteId: text('siteId', isId),
    month: text('month', isMonth) || (day || from).slice(0, 7),
    day,
    stopId: text('stopId', isId),
    startsAt: text('startsAt', isInstant),
  };
}

/** The address of a step with what that step needs from the query, nothing more. */
export function bookingPath(step: BookingStep, query: Partial<BookingQuery>): string {
  const params = new URLSearchParams();
  const services = query.quantities ? servicesParameter(query.quantities) : '';
  if (services) params.set('services', services);
  if (step !== 'sent') {
    if (query.districtId) params.set('districtId', query.districtId);
    if (query.siteId) params.set('siteId', query.siteId);
  }
  if (step === 'day' && query.month) params.set('month', query.month);
  if (step === 'time' || step === 'contact') {
    if (query.day) params.set('day', query.day);
  }
  if (step === 'contact') {
    if (query.stopId) params.set('stopId', query.stopId);
    if (query.startsAt) params.set('startsAt', query.startsAt);
  }
  if (step === 'sent') params.delete('services');
  const segment = segments[step];
  const search = params.toString();
  return `/buchen${segment ? `/${segment}` : ''}${search ? `?${search}` : ''}`;
}

/**
 * Where "Zurück" leads from a step: the step before it, with the choices made so far. From the first step, back
 * to where a booking link starts: a site's dates (a stop page's link carries the site), the one service's page
 * (its "Termin buchen"), else the start page.
 */
export function previousPath(step: BookingStep, query: BookingQuery): string | null {
  switch (step) {
    case 'services': {
      if (query.siteId) return `/termine?siteId=${encodeURIComponent(query.siteId)}`;
      const chosen = Object.keys(query.quantities);
      return chosen.length === 1 ? `/dienstleistungen/${encodeURIComponent(chosen[0]!)}` : '/';
    }
    case 'day':
      return bookingPath('services', query);
    case 'time':
      return bookingPath('day', { ...query, month: query.day.slice(0, 7) || query.month });
    case 'contact':
      return bookingPath('time', query);
    case 'sent':
      return null;
  }
}

/** The waitlist with the same choices, for when no day or time fits. */
export function waitlistPath(query: Pick<BookingQuery, 'quantities' | 'districtId' | 'day'>): string {
  const params = new URLSearchParams();
  const services = servicesParameter(query.quantities);
  if (services) params.set('services', services);
  if (query.districtId) params.set('districtId', query.districtId);
  if (query.day) params.set('from', query.day);
  const search = params.toString();
  return `/warteliste${search ? `?${search}` : ''}`;
}

/** The API answers for at most three months at once: the day step looks this far ahead. */
export const searchDays = 90;

export function availabilityPath(
  query: Pick<BookingQuery, 'quantities' | 'districtId' | 'siteId'>,
  from: string,
  to: string,
): string {
  const params = new URLSearchParams({ services: servicesParameter(query.quantities), from, to });
  if (query.districtId) params.set('districtId', query.districtId);
  if (query.siteId) params.set('siteId', query.siteId);
  return `/api/v1/availability?${params.toString()}`;
}

export const searchWindow = (today: string) => ({ from: today, to: addDays(today, searchDays) });

export interface FreeDay {
  date: string;
  /** names of the sites with free times that day, in the order of their stops */
  sites: string[];
  slotCount: number;
}

/** The days with at least one free time, earliest first, with the sites where the times are. */
export function freeDays(availability: Availability): FreeDay[] {
  const byDate = new Map<string, FreeDay>();
  for (const entry of availability.stops) {
    if (entry.slots.length === 0) continue;
    const day = byDate.get(entry.stop.date) ?? { date: entry.stop.date, sites: [], slotCount: 0 };
    if (!day.sites.includes(entry.stop.site.name)) day.sites.push(entry.stop.site.name);
    day.slotCount += entry.slots.length;
    byDate.set(entry.stop.date, day);
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}

const berlinHour = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' });

/** Splits a day's times into morning (before 12:00 Berlin time) and afternoon. */
export function byDayPart(slots: Slot[]): { morning: Slot[]; afternoon: Slot[] } {
  const morning: Slot[] = [];
  const afternoon: Slot[] = [];
  for (const slot of slots)
    (Number(berlinHour.format(new Date(slot.startsAt))) < 12 ? morning : afternoon).push(slot);
  return { morning, afternoon };
}

/** Whether an instant falls on the given Berlin day. */
export const isOnDay = (instant: string, day: string) => localDateOf(instant) === day;

export interface ServiceFee {
  serviceId: string;
  quantity: number;
  /** the fee of one, lowest and highest case (age, pages …); null when the fee is not known */
  each: { min: number; max: number } | null;
  /** times the quantity */
  total: { min: number; max: number } | null;
}

/** Fees of the chosen services: per service times its quantity ("2-mal" → twice the fee), and the sum. */
export function feeSummary(
  services: Pick<Service, 'id' | 'fees'>[],
  quantities: Quantities,
): { lines: ServiceFee[]; total: { min: number; max: number }; complete: boolean } {
  const lines: ServiceFee[] = [];
  for (const [serviceId, quantity] of Object.entries(quantities)) {
    const fees = services.find((service) => service.id === serviceId)?.fees ?? [];
    const amounts = fees.map((fee) => fee.eur);
    const each = amounts.length > 0 ? { min: Math.min(...amounts), max: Math.max(...amounts) } : null;
    lines.push({
      serviceId,
      quantity,
      each,
      total: each ? { min: round(each.min * quantity), max: round(each.max * quantity) } : null,
    });
  }
  const total = lines.reduce(
    (sum, line) => ({
      min: round(sum.min + (line.total?.min ?? 0)),
      max: round(sum.max + (line.total?.max ?? 0)),
    }),
    { min: 0, max: 0 },
  );
  return { lines, total, complete: lines.every((line) => line.total !== null) };
}

const round = (amount: number) => Math.round(amount * 100) / 100;

/** The month (YYYY-MM) `by` months after `month`. */
export function shiftMonth(month: string, by: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
