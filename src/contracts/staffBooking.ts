// The staff booking API's types, derived from the route schemas. Type-only: imported with `import type`.
import type { Static } from 'typebox';
import type {
  StaffBookingBody,
  StaffBookingConfirmationDto,
  StaffBookingCreatedDto,
} from '../server/routes/staff/staffBookingRoutes.ts';

/** `POST /api/v1/staff/station/stops/{stopId}/bookings` (createStaffBooking) */
export type StaffBookingRequest = Static<typeof StaffBookingBody>;
export type StaffBookingCreated = Static<typeof StaffBookingCreatedDto>;
/** `GET /api/v1/staff/station/bookings/{bookingId}/confirmation` (getStaffBookingConfirmation) */
export type StaffBookingConfirmation = Static<typeof StaffBookingConfirmationDto>;
