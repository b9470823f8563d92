import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { withStaffTables } from '../../db/staffSchema.ts';
import { createStaffUser } from '../commands/staffUserCreate.ts';

// Serialises concurrent first starts on PostgreSQL, so only one of them creates the admin.
const INITIAL_ADMIN_LOCK_KEY = 7_366_124_004;

export interface InitialAdminOptions {
  /** Defaults to admin@<slug>.local. */
  email?: string | undefined;
  /** Defaults to a generated password, printed once. */
  password?: string | undefined;
  /** Where a generated password is shown; stdout by default, never the JSON log. */
  print?: (text: string) => void;
}

export interface InitialAdminResult {
  created: boolean;
  email?: string;
  generatedPassword?: string;
}

/**
 * When the municipality has no staff account yet, creates its first admin, who must change the password
 * at the first sign-in. Does nothing when the municipality does not exist or already has staff.
 */
export async function ensureInitialAdmin(
  database: Kysely<Database>,
  municipalitySlug: string,
  options: InitialAdminOptions = {},
): Promise<InitialAdminResult> {
  const db = withStaffTables(database);
  const municipality = await db
    .selectFrom('municipalities')
    .select('id')
    .where('slug', '=', municipalitySlug)
    .executeTakeFirst();
  if (!municipality) return { created: false };
  const hasStaff = async (trx: Kysely<Database>) =>
    (await withStaffTables(trx)
      .selectFrom('staff_users')
      .select('id')
      .where('municipality_id', '=', municipality.id)
      .limit(1)
      .executeTakeFirst()) !== undefined;
  if (await hasStaff(database)) return { created: false };

  const email = options.email ?? `admin@${municipalitySlug}.local`;
  const created = await database.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${INITIAL_ADMIN_LOCK_KEY})`.execute(trx);
    if (await hasStaff(trx)) return undefined;
    return createStaffUser(trx, {
      municipalityId: municipality.id,
      actor: 'system',
      email,
      name: 'Administrator',
      role: 'admin',
      password: options.password,
      mustChangePassword: true,
    });
  });
  if (!created) return { created: false };
  if (created.initialPassword) {
    const print = options.print ?? ((text: string) => process.stdout.write(`${text}\n`));
    print(
      `First administrator of "${municipalitySlug}" created: ${created.email}\n` +
        `Initial password (shown only now, to be changed at the first sign-in): ${created.initialPassword}`,
    );
  }
  return {
    created: true,
    email: created.email,
    ...(created.initialPassword ? { generatedPassword: created.initialPassword } : {}),
  };
}
