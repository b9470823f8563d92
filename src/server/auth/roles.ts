import type { StaffRole } from '../../db/staffSchema.ts';

export type { StaffRole };

export const staffRoles = ['admin', 'planner', 'department', 'clerk'] as const satisfies readonly StaffRole[];
export const anyStaffRole: readonly StaffRole[] = staffRoles;

/** Who may call a route: nobody needs to be signed in ('public'), or one of these staff roles. */
export type RouteAccess = 'public' | readonly StaffRole[];

// The more rights, the earlier: a person with several roles in the identity provider gets the first.
export const rolesByPrivilege: readonly StaffRole[] = ['admin', 'planner', 'department', 'clerk'];

export const isStaffRole = (value: unknown): value is StaffRole =>
  typeof value === 'string' && (staffRoles as readonly string[]).includes(value);
