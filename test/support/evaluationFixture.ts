import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';

const MINUTE = 60_000;

/** A person's data on every visit the fixture writes: the evaluation must never show it. */
export const FIXTURE_PERSON = { name: 'Erika Mustermann', email: 'erika.mustermann@example.org' };

/** What happened at a stop, as the station would have recorded it: a booking with its queue events. */
export async function insertVisitBooking(
  db: Kysely<Database>,
  municipalityId: string,
  props: {
    stopId: string;
    status: 'finished' | 'no_show' | 'cancelled';
    origin: 'citizen' | 'staff';
    serviceId: string;
    minutes: number;
    startsAt: number;
    districtId?: string;
    /** Minutes from check-in to the call, and from the call to the finish. */
    wait?: number;
    handling?: number;
  },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('bookings')
    .values({
      municipality_id: municipalityId,
      id,
      stop_id: props.stopId,
      counter: 1,
      starts_at: new Date(props.startsAt),
      ends_at: new Date(props.startsAt + props.minutes * MINUTE),
      duration_minutes: props.minutes,
      status: props.status,
      code: randomBytes(4)
        .toString('hex')
        .toUpperCase()
        .replace(/^(.{4})(.{4})$/, '$1-$2'),
      token_hash: randomBytes(16).toString('hex'),
      origin: props.origin,
      name: FIXTURE_PERSON.name,
      email: FIXTURE_PERSON.email,
      district_id: props.districtId ?? null,
      delivered:
        props.status === 'finished' ? JSON.stringify([{ serviceId: props.serviceId, quantity: 1 }]) : null,
    })
    .execute();
  await db
    .insertInto('booking_services')
    .values({
      municipality_id: municipalityId,
      booking_id: id,
      service_id: props.serviceId,
      quantity: 1,
      minutes_each: props.minutes,
    })
    .execute();
  if (props.wait !== undefined && props.handling !== undefined) {
    await insertQueueEvents(
      db,
      municipalityId,
      props.stopId,
      'appointment',
      id,
      props.startsAt,
      props.wait,
      props.handling,
    );
  }
  return id;
}

/** A finished walk-in with its queue events. */
export async function insertVisitTicket(
  db: Kysely<Database>,
  municipalityId: string,
  props: {
    stopId: string;
    serviceId: string;
    at: number;
    wait: number;
    handling: number;
    districtId: string;
  },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('tickets')
    .values({
      municipality_id: municipalityId,
      id,
      stop_id: props.stopId,
      display_number: `W-${randomBytes(3).toString('hex').toUpperCase()}`,
      status: 'finished',
      origin: 'staff',
      name: FIXTURE_PERSON.name,
      services: JSON.stringify([{ serviceId: props.serviceId, quantity: 1, minutesEach: 10 }]),
      duration_minutes: 10,
      created_at: new Date(props.at),
      delivered: JSON.stringify([{ serviceId: props.serviceId, quantity: 1 }]),
      origin_district_id: props.districtId,
    })
    .execute();
  await insertQueueEvents(
    db,
    municipalityId,
    props.stopId,
    'walk_in',
    id,
    props.at,
    props.wait,
    props.handling,
  );
  return id;
}

async function insertQueueEvents(
  db: Kysely<Database>,
  municipalityId: string,
  stopId: string,
  kind: 'appointment' | 'walk_in',
  entryId: string,
  at: number,
  wait: number,
  handling: number,
) {
  const row = (type: 'checked_in' | 'ticket_issued' | 'called' | 'finished', time: number) => ({
    municipality_id: municipalityId,
    stop_id: stopId,
    entry_kind: kind,
    entry_id: entryId,
    type,
    at: new Date(time),
    actor: 'test',
  });
  await db
    .insertInto('queue_events')
    .values([
      row(kind === 'walk_in' ? 'ticket_issued' : 'checked_in', at),
      row('called', at + wait * MINUTE),
      row('finished', at + (wait + handling) * MINUTE),
    ])
    .execute();
}
