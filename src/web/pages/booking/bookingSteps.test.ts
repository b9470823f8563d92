import { describe, expect, it } from 'vitest';
import {
  bookingPath,
  byDayPart,
  feeSummary,
  freeDays,
  parseBookingQuery,
  previousPath,
  shiftMonth,
  stepOfSegment,
} from './bookingSteps.ts';

const stopAt = (id: string, date: string, site: string, slots: string[]) => ({
  stop: {
    id,
    date,
    startsAt: `${date}T08:00:00.000Z`,
    endsAt: `${date}T15:00:00.000Z`,
    site: {
      id: site,
      name: site,
      address: null,
      districtId: null,
      districtName: null,
      lat: 0,
      lon: 0,
      accessibility: null,
    },
    unit: { id: 'u', name: 'U', kind: 'van' as const },
  },
  durationMinutes: 15,
  slots: slots.map((startsAt) => ({ startsAt, endsAt: startsAt })),
});

describe('booking steps', () => {
  it('reads each step from its address and back', () => {
    expect(stepOfSegment(undefined)).toBe('services');
    expect(stepOfSegment('tag')).toBe('day');
    expect(stepOfSegment('zeit')).toBe('time');
    expect(stepOfSegment('angaben')).toBe('contact');
    expect(stepOfSegment('gesendet')).toBe('sent');
    expect(stepOfSegment('unbekannt')).toBeNull();
    const query = parseBookingQuery(
      new URLSearchParams(
        'services=a:2,b:1&districtId=avenwedde&day=2027-01-13&stopId=s1&startsAt=2027-01-13T09:30:00.000Z',
      ),
    );
    expect(query).toMatchObject({
      quantities: { a: 2, b: 1 },
      districtId: 'avenwedde',
      day: '2027-01-13',
      month: '2027-01',
    });
    expect(bookingPath('contact', query)).toBe(
      '/buchen/angaben?services=a%3A2%2Cb%3A1&districtId=avenwedde&day=2027-01-13&stopId=s1&startsAt=2027-01-13T09%3A30%3A00.000Z',
    );
    // Back from the contact step keeps the day; back from the time step opens that day's month.
    expect(previousPath('contact', query)).toBe(
      '/buchen/zeit?services=a%3A2%2Cb%3A1&districtId=avenwedde&day=2027-01-13',
    );
    expect(previousPath('time', query)).toBe(
      '/buchen/tag?services=a%3A2%2Cb%3A1&districtId=avenwedde&month=2027-01',
    );
    // Back from the first step: where the booking started.
    expect(previousPath('services', query)).toBe('/');
    const fromService = parseBookingQuery(new URLSearchParams('services=personalausweis-beantragen:1'));
    expect(previousPath('services', fromService)).toBe('/dienstleistungen/personalausweis-beantragen');
    const fromStop = parseBookingQuery(new URLSearchParams('services=a:1&siteId=stadtbibliothek'));
    expect(previousPath('services', fromStop)).toBe('/termine?siteId=stadtbibliothek');
    expect(previousPath('sent', query)).toBeNull();
  });

  it('drops malformed parameters', () => {
    const query = parseBookingQuery(
      new URLSearchParams('day=13.01.2027&month=januar&startsAt=bald&siteId=<x>'),
    );
    expect(query).toMatchObject({ day: '', month: '', startsAt: '', siteId: '' });
  });

  it('lists the days with free times and where', () => {
    const days = freeDays({
      durationMinutes: 15,
      stops: [
        stopAt('1', '2027-01-14', 'Bibliothek', ['2027-01-14T09:00:00.000Z']),
        stopAt('2', '2027-01-13', 'Avenwedde', ['2027-01-13T09:00:00.000Z', '2027-01-13T09:05:00.000Z']),
        stopAt('3', '2027-01-13', 'Isselhorst', ['2027-01-13T14:00:00.000Z']),
        stopAt('4', '2027-01-15', 'Voll', []),
      ],
    });
    expect(days).toEqual([
      { date: '2027-01-13', sites: ['Avenwedde', 'Isselhorst'], slotCount: 3 },
      { date: '2027-01-14', sites: ['Bibliothek'], slotCount: 1 },
    ]);
  });

  it('splits a day at noon Berlin time, in winter and in summer', () => {
    const slot = (startsAt: string) => ({ startsAt, endsAt: startsAt });
    // 10:55 and 12:00 in winter (UTC+1); 11:55 and 12:00 in summer (UTC+2).
    const winter = byDayPart([slot('2027-01-13T09:55:00.000Z'), slot('2027-01-13T11:00:00.000Z')]);
    expect(winter.morning.map((s) => s.startsAt)).toEqual(['2027-01-13T09:55:00.000Z']);
    expect(winter.afternoon.map((s) => s.startsAt)).toEqual(['2027-01-13T11:00:00.000Z']);
    const summer = byDayPart([slot('2027-07-14T09:55:00.000Z'), slot('2027-07-14T10:00:00.000Z')]);
    expect(summer.morning).toHaveLength(1);
    expect(summer.afternoon).toHaveLength(1);
  });

  it('multiplies each fee by its quantity and sums them', () => {
    const services = [
      {
        id: 'ausweis',
        fees: [
          { variant: 'a', labelDe: '', labelEn: '', eur: 46 },
          { variant: 'b', labelDe: '', labelEn: '', eur: 27.6 },
        ],
      },
      { id: 'anmeldung', fees: [{ variant: 'a', labelDe: '', labelEn: '', eur: 0 }] },
      { id: 'unbekannt', fees: [] },
    ];
    const summary = feeSummary(services, { ausweis: 2, anmeldung: 1 });
    expect(summary.lines[0]).toMatchObject({
      quantity: 2,
      each: { min: 27.6, max: 46 },
      total: { min: 55.2, max: 92 },
    });
    expect(summary.total).toEqual({ min: 55.2, max: 92 });
    expect(summary.complete).toBe(true);
    expect(feeSummary(services, { ausweis: 1, unbekannt: 1 }).complete).toBe(false);
  });

  it('counts months across the year', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2027-01', -1)).toBe('2026-12');
  });
});
