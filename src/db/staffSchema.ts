import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Kysely's view of the staff tables (migrations 003_staff.sql, 008 and 010). Kept apart from schema.ts while others edit it. */
export type StaffRole = 'admin' | 'planner' | 'department' | 'clerk';
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface StaffUsersTable {
  municipality_id: string;
  id: Generated<string>;
  email: string;
  name: string;
  role: StaffRole;
  password_hash: string | null;
  oidc_subject: string | null;
  active: Generated<boolean>;
  must_change_password: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StaffSessionsTable {
  id_hash: string;
  municipality_id: string;
  user_id: string;
  csrf_token: string;
  auth_method: Generated<'password' | 'oidc'>;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  /** The station device the session was used from (migration 028). */
  device_id: Generated<string | null>;
}

/** Failed sign-ins per account or client address (migration 008). */
export interface StaffSignInThrottlesTable {
  municipality_id: string;
  kind: 'account' | 'address';
  key_hash: string;
  failures: number;
  last_failure_at: Timestamp;
  blocked_until: NullableTimestamp;
  notified_at: NullableTimestamp;
}

/** One-time password reset links (migration 008); only the token's hash is stored. */
export interface StaffPasswordResetsTable {
  token_hash: string;
  municipality_id: string;
  user_id: string;
  created_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

/** Registered station devices (migration 028_devices.sql). */
export type DeviceStatus = 'active' | 'lost';

export interface DevicesTable {
  municipality_id: string;
  id: Generated<string>;
  device_key: string;
  label: string | null;
  status: Generated<DeviceStatus>;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  last_user_id: string | null;
  lost_at: NullableTimestamp;
  lost_reason: string | null;
}

// A type, not an interface: Kysely's withTables needs an index-compatible shape.
export type StaffTables = {
  staff_users: StaffUsersTable;
  staff_sessions: StaffSessionsTable;
  staff_sign_in_throttles: StaffSignInThrottlesTable;
  staff_password_resets: StaffPasswordResetsTable;
  devices: DevicesTable;
};

export type StaffDatabase = Database & StaffTables;

export function withStaffTables(db: Kysely<Database>): Kysely<StaffDatabase> {
  return db.withTables<StaffTables>();
}
