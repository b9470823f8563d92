import type { Kysely } from 'kysely';
import { DomainError } from '../../../domain/errors.ts';
import type { Database } from '../../../db/schema.ts';
import { readGtfsZip, type GtfsFeed, type GtfsIssue } from '../../../planning/gtfs.ts';
import { recordAudit } from '../../audit.ts';

/** Largest GTFS zip accepted: a county's buses fit in a few MB; a whole state's feed does not belong here. */
export const MAX_GTFS_BYTES = 64 * 1024 * 1024;

export interface GtfsFeedImportProps {
  municipalityId: string;
  /** `staffActor(userId)` */
  actor: string;
  name: string;
  fileName: string;
  bytes: Uint8Array;
}

export interface GtfsFeedSummary {
  id: string;
  name: string;
  fileName: string;
  uploadedAt: string;
  validFrom: string;
  validTo: string;
  stops: number;
  routes: number;
  trips: number;
  stopTimes: number;
}

function invalid(fileName: string, issues: GtfsIssue[]): DomainError {
  const listed = issues.map((issue) => ({ ...issue, file: issue.file === '(zip)' ? fileName : issue.file }));
  return new DomainError('import_invalid', {
    field: issues[0]?.field ?? '(file)',
    message:
      `${issues.length} problem(s) found, nothing imported:\n` +
      listed.map((issue) => `${issue.file}:${issue.row}:${issue.field}: ${issue.message}`).join('\n'),
    details: { file: fileName, issueCount: issues.length, issues: listed },
  });
}

/**
 * Imports a GTFS feed (a zip) for the municipality's transit travel times: every file is read and checked
 * first (src/planning/gtfs.ts); with any problem nothing is stored and the problem lists each with file, row
 * and field. A good feed is stored with its audit event in one transaction; the newest feed is the one
 * scenarios use.
 */
export async function importGtfsFeed(
  db: Kysely<Database>,
  props: GtfsFeedImportProps,
): Promise<GtfsFeedSummary> {
  if (props.bytes.byteLength > MAX_GTFS_BYTES) {
    throw invalid(props.fileName, [
      {
        file: props.fileName,
        row: 0,
        field: '(file)',
        code: 'file_too_large',
        message: `the file is larger than ${MAX_GTFS_BYTES / 1024 / 1024} MB`,
      },
    ]);
  }
  const read = readGtfsZip(props.bytes);
  if (!read.ok) throw invalid(props.fileName, read.issues);
  const feed = read.feed;
  const stopTimes = feed.trips.reduce((sum, trip) => sum + trip.stops.length, 0);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('gtfs_feeds')
      .values({
        municipality_id: props.municipalityId,
        name: props.name,
        file_name: props.fileName,
        uploaded_by: props.actor,
        valid_from: feed.validFrom,
        valid_to: feed.validTo,
        stop_count: feed.stops.length,
        route_count: feed.routes.length,
        trip_count: feed.trips.length,
        stop_time_count: stopTimes,
        feed: JSON.stringify(feed),
      })
      .returning(['id', 'uploaded_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'gtfs_feed.imported',
      subjectType: 'gtfs_feed',
      subjectId: row.id,
      details: {
        stops: feed.stops.length,
        routes: feed.routes.length,
        trips: feed.trips.length,
        validFrom: feed.validFrom,
        validTo: feed.validTo,
      },
    });
    return {
      id: row.id,
      name: props.name,
      fileName: props.fileName,
      uploadedAt: new Date(row.uploaded_at).toISOString(),
      validFrom: feed.validFrom,
      validTo: feed.validTo,
      stops: feed.stops.length,
      routes: feed.routes.length,
      trips: feed.trips.length,
      stopTimes,
    };
  });
}

/** The municipality's feeds, newest first, without their timetables. */
export async function listGtfsFeeds(
  db: Kysely<Database>,
  municipalityId: string,
): Promise<GtfsFeedSummary[]> {
  const rows = await db
    .selectFrom('gtfs_feeds')
    .select([
      'id',
      'name',
      'file_name',
      'uploaded_at',
      'valid_from',
      'valid_to',
      'stop_count',
      'route_count',
      'trip_count',
      'stop_time_count',
    ])
    .where('municipality_id', '=', municipalityId)
    .orderBy('uploaded_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    fileName: row.file_name,
    uploadedAt: new Date(row.uploaded_at).toISOString(),
    validFrom: row.valid_from,
    validTo: row.valid_to,
    stops: row.stop_count,
    routes: row.route_count,
    trips: row.trip_count,
    stopTimes: row.stop_time_count,
  }));
}

/** The newest feed of the municipality, as the router reads it; undefined when none was uploaded. */
export async function newestGtfsFeed(
  db: Kysely<Database>,
  municipalityId: string,
): Promise<{ id: string; name: string; feed: GtfsFeed } | undefined> {
  const row = await db
    .selectFrom('gtfs_feeds')
    .select(['id', 'name', 'feed'])
    .where('municipality_id', '=', municipalityId)
    .orderBy('uploaded_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  const feed = (typeof row.feed === 'string' ? JSON.parse(row.feed) : row.feed) as unknown as GtfsFeed;
  return { id: row.id, name: row.name, feed };
}
