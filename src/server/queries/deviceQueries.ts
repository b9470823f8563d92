import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { withStaffTables, type DeviceStatus } from '../../db/staffSchema.ts';

export interface DeviceView {
  id: string;
  label: string | null;
  status: DeviceStatus;
  firstSeenAt: string;
  lastSeenAt: string;
  lastUser: { id: string; name: string } | null;
  lostAt: string | null;
  lostReason: string | null;
  /** open sessions used from the device */
  activeSessions: number;
}

/** listDevices: the municipality's station devices, most recently in contact first. */
export async function listDevices(database: Kysely<Database>, municipalityId: string): Promise<DeviceView[]> {
  const db = withStaffTables(database);
  const rows = await db
    .selectFrom('devices as d')
    .leftJoin('staff_users as u', 'u.id', 'd.last_user_id')
    .select((eb) => [
      'd.id',
      'd.label',
      'd.status',
      'd.first_seen_at',
      'd.last_seen_at',
      'd.lost_at',
      'd.lost_reason',
      'u.id as user_id',
      'u.name as user_name',
      eb
        .selectFrom('staff_sessions as s')
        .select(eb.fn.countAll<string>().as('count'))
        .whereRef('s.device_id', '=', 'd.id')
        .where('s.revoked_at', 'is', null)
        .where('s.expires_at', '>', new Date())
        .as('active_sessions'),
    ])
    .where('d.municipality_id', '=', municipalityId)
    .orderBy('d.last_seen_at', 'desc')
    .orderBy('d.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    label: row.label,
    status: row.status,
    firstSeenAt: row.first_seen_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    lastUser: row.user_id && row.user_name ? { id: row.user_id, name: row.user_name } : null,
    lostAt: row.lost_at?.toISOString() ?? null,
    lostReason: row.lost_reason,
    activeSessions: Number(row.active_sessions ?? 0),
  }));
}
