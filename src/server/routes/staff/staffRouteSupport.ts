import type { Kysely } from 'kysely';
import type { AppConfig } from '../../../config.ts';
import type { Database } from '../../../db/schema.ts';
import type { StaffAuth } from '../../auth/authPlugin.ts';
import type { ActiveSession, StaffPrincipal } from '../../auth/sessions.ts';
import { DomainError } from '../../../domain/errors.ts';

export interface StaffRouteOptions {
  db: Kysely<Database>;
  config: AppConfig;
}

/** The signed-in staff member of a guarded route (the guard has set it). */
export function signedIn(request: {
  staff?: StaffPrincipal | undefined;
  staffSession?: ActiveSession | undefined;
}) {
  if (!request.staff || !request.staffSession) {
    throw new DomainError('not_signed_in', { message: 'Please sign in: there is no valid staff session.' });
  }
  return { staff: request.staff, session: request.staffSession };
}

export const sessionMaxAgeSeconds = (staffAuth: StaffAuth) => staffAuth.sessions.absoluteHours * 3600;
