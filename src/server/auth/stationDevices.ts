import type { FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { StaffDatabase } from '../../db/staffSchema.ts';
import { DomainError } from '../../domain/errors.ts';

/**
 * Station tablets send their device id (made up once on the tablet, see src/web/station/offline/deviceKey.ts) in
 * this header on every staff request. Other staff apps send none and are not devices.
 */
export const DEVICE_HEADER = 'x-station-device';

const devicePattern = /^[A-Za-z0-9_.:-]{1,100}$/;

/** The device id the request names, undefined without the header; a malformed one is bad input. */
export function deviceKeyOf(request: FastifyRequest): string | undefined {
  const raw = request.headers[DEVICE_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value === '') return undefined;
  if (!devicePattern.test(value)) {
    throw new DomainError('validation', {
      field: DEVICE_HEADER,
      message: 'The x-station-device header must be 1 to 100 letters, digits or . _ : -',
    });
  }
  return value;
}

export const deviceLost = () =>
  new DomainError('device_lost', {
    field: DEVICE_HEADER,
    message:
      'This device was reported lost: its sessions are ended and it must wipe its data. An admin can reinstate it.',
  });

/** Refuses a device an admin marked lost; unknown devices pass (they register at their first signed-in contact). */
export async function refuseLostDevice(
  db: Kysely<StaffDatabase>,
  municipalityId: string,
  deviceKey: string,
): Promise<void> {
  const device = await db
    .selectFrom('devices')
    .select('status')
    .where('municipality_id', '=', municipalityId)
    .where('device_key', '=', deviceKey)
    .executeTakeFirst();
  if (device?.status === 'lost') throw deviceLost();
}

/**
 * A signed-in contact from a station device: registers the device the first time, notes who used it and when
 * (written at most once a minute unless the user changes), and ties the session to it. Refuses a lost device,
 * also one marked lost since the check before (the row lock orders the two).
 */
export async function recordDeviceContact(
  database: Kysely<StaffDatabase>,
  contact: { municipalityId: string; deviceKey: string; userId: string; sessionIdHash: string },
): Promise<void> {
  await database.transaction().execute(async (trx) => {
    const find = () =>
      trx
        .selectFrom('devices')
        .select(['id', 'status'])
        .where('municipality_id', '=', contact.municipalityId)
        .where('device_key', '=', contact.deviceKey)
        .forShare()
        .executeTakeFirst();
    let device = await find();
    if (!device) {
      await trx
        .insertInto('devices')
        .values({
          municipality_id: contact.municipalityId,
          device_key: contact.deviceKey,
          last_user_id: contact.userId,
        })
        .onConflict((conflict) => conflict.columns(['municipality_id', 'device_key']).doNothing())
        .execute();
      device = await find();
      if (!device) throw new Error('the device row vanished while it was registered');
    }
    if (device.status === 'lost') throw deviceLost();
    await trx
      .updateTable('devices')
      .set({ last_seen_at: sql<Date>`now()`, last_user_id: contact.userId })
      .where('id', '=', device.id)
      .where((eb) =>
        eb.or([
          eb('last_seen_at', '<', sql<Date>`now() - interval '1 minute'`),
          eb('last_user_id', 'is', null),
          eb('last_user_id', '<>', contact.userId),
        ]),
      )
      .execute();
    await trx
      .updateTable('staff_sessions')
      .set({ device_id: device.id })
      .where('id_hash', '=', contact.sessionIdHash)
      .where((eb) => eb.or([eb('device_id', 'is', null), eb('device_id', '<>', device.id)]))
      .execute();
  });
}
