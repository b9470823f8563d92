// The case and task API's types, derived from the route schemas. Type-only: imported with `import type` by the web app.
import type { Static } from 'typebox';
import type { BookingCasesDto } from '../server/routes/public/bookingRoutes.ts';
import type { CaseDto, CaseListDto, TaskDto, TaskListDto } from '../server/routes/staff/caseRoutes.ts';

/** `GET /api/v1/staff/cases` */
export type CaseList = Static<typeof CaseListDto>;
export type CaseListItem = CaseList['items'][number];
/** `GET /api/v1/staff/cases/{caseId}?purpose=…` */
export type Case = Static<typeof CaseDto>;
export type CaseStep = Case['steps'][number];
export type CaseEvent = Case['events'][number];
export type CaseHandOff = Case['handOffs'][number];
export type CaseStatus = Case['status'];
/** `GET /api/v1/staff/tasks`, `PATCH /api/v1/staff/tasks/{taskId}` */
export type Task = Static<typeof TaskDto>;
export type TaskList = Static<typeof TaskListDto>;
/** `GET /api/v1/bookings/{bookingId}/cases` (the citizen's view through the booking's secret link) */
export type BookingCases = Static<typeof BookingCasesDto>;
export type BookingCase = BookingCases['items'][number];
