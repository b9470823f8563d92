import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { Database, OpeningHoursEntry } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';

/** What a planner knows about a site as a venue; null: not known yet. */
export interface VenueFacts {
  usable: boolean;
  owner: string | null;
  stepFree: boolean | null;
  powerForVan: boolean | null;
  parking: boolean | null;
  kitRoom: boolean | null;
  costPerDayEur: number | null;
  note: string | null;
  /** Opening days and hours; null: not known (scenarios then assume weekday office hours). */
  openingHours: OpeningHoursEntry[] | null;
}

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/**
 * Sets a site's venue facts and whether it is usable as a candidate of scenarios. A district reference point
 * (placeholder) is demand, never a venue: marking it usable is refused (the database checks it too).
 */
export async function updateVenue(
  db: Kysely<Database>,
  props: { municipalityId: string; actor: string; siteId: string; venue: VenueFacts },
): Promise<{ id: string }> {
  const { venue } = props;
  const owner = venue.owner?.trim() || null;
  const note = venue.note?.trim() || null;
  venue.openingHours?.forEach((entry, index) => {
    if ((entry.opens === undefined) !== (entry.closes === undefined)) {
      throw new DomainError('invalid_opening_hours', {
        field: `openingHours[${index}].${entry.opens === undefined ? 'opens' : 'closes'}`,
        message: 'Give both the opening and the closing time, or neither.',
      });
    }
    if (entry.opens !== undefined && minutesOf(entry.closes!) <= minutesOf(entry.opens)) {
      throw new DomainError('invalid_opening_hours', {
        field: `openingHours[${index}].closes`,
        message: 'The closing time must be after the opening time.',
      });
    }
  });
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('sites')
      .select(['placeholder', 'usable'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.siteId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) {
      throw new DomainError('unknown_site', {
        field: 'siteId',
        message: `There is no site "${props.siteId}".`,
      });
    }
    if (venue.usable && before.placeholder) {
      throw new DomainError('placeholder_not_a_venue', {
        field: 'usable',
        message: 'A district reference point is demand, not a venue: it cannot be marked usable.',
      });
    }
    await trx
      .updateTable('sites')
      .set({
        usable: venue.usable,
        venue_owner: owner,
        step_free: venue.stepFree,
        power_for_van: venue.powerForVan,
        parking: venue.parking,
        kit_room: venue.kitRoom,
        cost_per_day_eur: venue.costPerDayEur,
        venue_note: note,
        opening_hours: JSON.stringify(venue.openingHours),
        venue_updated_at: new Date(),
      })
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.siteId)
      .execute();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'site.venue_updated',
      subjectType: 'site',
      subjectId: props.siteId,
      details: { usable: { before: before.usable, after: venue.usable } },
    });
    return { id: props.siteId };
  });
}
