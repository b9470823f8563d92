// The venue API's types, derived from the route schemas. Type-only: imported with `import type` by the web app.
import type { Static } from 'typebox';
import type { VenueDto, VenueFactsBody } from '../server/routes/staff/venueRoutes.ts';

/** One site with its venue facts (`GET /api/v1/staff/venues`). */
export type Venue = Static<typeof VenueDto>;
/** The body of `PUT /api/v1/staff/venues/:siteId`. */
export type VenueFacts = Static<typeof VenueFactsBody>;
