import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { ZONE } from '../../domain/time.ts';

export interface CalendarEvent {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  geo?: { lat: number; lon: number };
  url?: string;
  cancelled?: boolean;
  /** Raise on every change so calendar apps replace the old version. */
  sequence?: number;
}

// ical-generator writes TZID times from the zone of a luxon DateTime; a plain Date would be written as UTC
// clock time under a Europe/Berlin label, an hour off in winter and two in summer.
const berlin = (date: Date) => DateTime.fromJSDate(date, { zone: ZONE });

/** An RFC 5545 calendar with Europe/Berlin times and the VTIMEZONE that defines them. */
export function buildCalendar(name: string, events: CalendarEvent[]): string {
  const calendar = ical({
    name,
    prodId: { company: 'Mobiles Rathaus', product: 'Mobiles Rathaus', language: 'DE' },
  });
  calendar.timezone({ name: ZONE, generator: getVtimezoneComponent });
  for (const event of events) {
    calendar.createEvent({
      id: event.uid,
      start: berlin(event.start),
      end: berlin(event.end),
      timezone: ZONE,
      stamp: DateTime.utc(),
      summary: event.summary,
      description: event.description ?? null,
      location: event.location ? { title: event.location, ...(event.geo ? { geo: event.geo } : {}) } : null,
      url: event.url ?? null,
      status: event.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      sequence: event.sequence ?? 0,
    });
  }
  return calendar.toString();
}
