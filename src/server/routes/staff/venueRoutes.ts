import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { OpeningHoursEntry } from '../../../db/schema.ts';
import { staffActor } from '../../audit.ts';
import { updateVenue } from '../../commands/venueUpdater.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem } from './staffSchemas.ts';

const planners = ['planner', 'admin'] as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Fact = (description: string) =>
  Nullable(Type.Boolean({ description: `${description}; null: not known` }));
const Weekday = Type.Enum(['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'], { description: 'Weekday: mo … su' });
const Clock = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM' });
const OpeningHours = Nullable(
  Type.Array(
    Type.Object(
      {
        days: Type.Array(Weekday, { minItems: 1, maxItems: 7, uniqueItems: true }),
        opens: Type.Optional(Clock),
        closes: Type.Optional(Clock),
      },
      { additionalProperties: false },
    ),
    { maxItems: 7, description: 'Opening days and hours; null: not known' },
  ),
);

export const VenueFactsBody = Type.Object(
  {
    usable: Type.Boolean({ description: 'A candidate of scenarios; a district reference point never is' }),
    owner: Nullable(Type.String({ minLength: 1, maxLength: 200, description: 'Who owns or runs the place' })),
    stepFree: Fact('Step-free access for citizens'),
    powerForVan: Fact('Power for the van'),
    parking: Fact('A place to park the van'),
    kitRoom: Fact('A room to set up the kit'),
    costPerDayEur: Nullable(
      Type.Number({ minimum: 0, maximum: 100_000, description: 'Rent or fee per day of use in EUR' }),
    ),
    note: Nullable(Type.String({ minLength: 1, maxLength: 1000 })),
    openingHours: OpeningHours,
  },
  { additionalProperties: false },
);

export const VenueDto = Type.Object({
  siteId: Type.String(),
  name: Type.String(),
  category: Type.String(),
  address: Nullable(Type.String()),
  districtId: Nullable(Type.String()),
  placeholder: Type.Boolean({ description: 'A district reference point: demand, never a venue' }),
  confidence: Type.String(),
  ...VenueFactsBody.properties,
  updatedAt: Nullable(Type.String({ format: 'date-time' })),
});
export const VenueListDto = Type.Object({ items: Type.Array(VenueDto) });

/** Sites as venues: the facts a planner keeps about each place and which ones scenarios may propose. */
export const venueRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db }) => {
  app.get(
    '/venues',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'listVenues',
        tags: ['planning'],
        summary: 'Every site with its venue facts and whether scenarios may propose it',
        response: { 200: VenueListDto, 401: problem, 403: problem },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const rows = await db
        .selectFrom('sites')
        .selectAll()
        .where('municipality_id', '=', staff.municipalityId)
        .execute();
      const collator = new Intl.Collator('de');
      rows.sort((a, b) => Number(a.placeholder) - Number(b.placeholder) || collator.compare(a.name, b.name));
      return {
        items: rows.map((row) => ({
          siteId: row.id,
          name: row.name,
          category: row.category,
          address: row.address,
          districtId: row.district_id,
          placeholder: row.placeholder,
          confidence: row.confidence,
          usable: row.usable,
          owner: row.venue_owner,
          stepFree: row.step_free,
          powerForVan: row.power_for_van,
          parking: row.parking,
          kitRoom: row.kit_room,
          costPerDayEur: row.cost_per_day_eur,
          note: row.venue_note,
          openingHours:
            (row.opening_hours ?? null)?.map(({ days, opens, closes }) => ({
              days,
              ...(opens ? { opens } : {}),
              ...(closes ? { closes } : {}),
            })) ?? null,
          updatedAt: row.venue_updated_at?.toISOString() ?? null,
        })),
      };
    },
  );

  app.put(
    '/venues/:siteId',
    {
      config: { staffRoles: planners },
      schema: {
        operationId: 'updateVenue',
        tags: ['planning'],
        summary: 'Set a site’s venue facts and whether scenarios may propose it (never a reference point)',
        params: Type.Object({
          siteId: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100 }),
        }),
        body: VenueFactsBody,
        response: {
          200: Type.Object({ id: Type.String() }),
          400: problem,
          401: problem,
          403: problem,
          422: problem,
        },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return updateVenue(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        siteId: request.params.siteId,
        venue: {
          ...request.body,
          openingHours: request.body.openingHours as OpeningHoursEntry[] | null,
        },
      });
    },
  );
};
