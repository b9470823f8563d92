// The roster API's types, derived from the route schemas. Type-only: imported with `import type` by the web app.
import type { Static } from 'typebox';
import type { RosterDto, StaffMemberBody, StaffMemberListDto } from '../server/routes/staff/rosterRoutes.ts';

/** `GET /api/v1/staff/roster`, `POST /api/v1/staff/roster/proposals` */
export type Roster = Static<typeof RosterDto>;
export type RosterStop = Roster['stops'][number];
/** `GET /api/v1/staff/staff-members` */
export type StaffMemberList = Static<typeof StaffMemberListDto>;
export type StaffMember = StaffMemberList['items'][number];
/** `POST /api/v1/staff/staff-members` */
export type StaffMemberRequest = Static<typeof StaffMemberBody>;
