import { sql, type Kysely } from 'kysely';
import {
  coverageOf,
  suggestionDemandPoints,
  WALKING_RADIUS_KM,
  type Coverage,
  type DemandPoint,
  type PlannedStopSite,
} from '../../domain/participation.ts';
import type { Database } from '../../db/schema.ts';
import { withStaffTables } from '../../db/staffSchema.ts';
import { evaluate } from './evaluationQuery.ts';
import { listTestPhases } from './testPhaseQueries.ts';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** Published suggestions with their position (the venue's for a venue) and confirmed supports. */
async function publishedSuggestionRows(db: Kysely<Database>, municipalityId: string, suggestionId?: string) {
  let query = db
    .selectFrom('suggestions as s')
    .leftJoin('sites', (join) =>
      join.onRef('sites.municipality_id', '=', 's.municipality_id').onRef('sites.id', '=', 's.site_id'),
    )
    .leftJoin('districts as d', (join) =>
      join.onRef('d.municipality_id', '=', 's.municipality_id').onRef('d.id', '=', 's.district_id'),
    )
    .select([
      's.id',
      's.site_id',
      'sites.name as site_name',
      's.district_id',
      'd.name as district_name',
      's.reason',
      's.service_ids',
      's.answer',
      's.answer_reason',
      's.published_at',
      sql<number>`coalesce(s.lat, sites.lat)`.as('lat'),
      sql<number>`coalesce(s.lon, sites.lon)`.as('lon'),
      (eb) =>
        eb
          .selectFrom('suggestion_supports as ss')
          .select((inner) => inner.fn.countAll<number>().as('n'))
          .whereRef('ss.suggestion_id', '=', 's.id')
          .where('ss.status', '=', 'confirmed')
          .as('supports'),
    ])
    .where('s.municipality_id', '=', municipalityId)
    .where('s.status', '=', 'published');
  if (suggestionId) query = query.where('s.id', '=', suggestionId);
  const rows = await query.orderBy('s.published_at', 'desc').execute();
  return rows.map((row) => ({
    id: row.id,
    siteId: row.site_id,
    siteName: row.site_name ?? null,
    districtId: row.district_id,
    districtName: row.district_name ?? null,
    lat: Number(row.lat),
    lon: Number(row.lon),
    reason: row.reason,
    serviceIds: row.service_ids,
    supports: Number(row.supports ?? 0),
    answer: row.answer,
    answerReason: row.answer_reason,
    publishedAt: iso(row.published_at),
  }));
}

export type PublishedSuggestion = Awaited<ReturnType<typeof publishedSuggestionRows>>[number];

export const listPublishedSuggestions = (db: Kysely<Database>, municipalityId: string) =>
  publishedSuggestionRows(db, municipalityId);

export async function findPublishedSuggestion(
  db: Kysely<Database>,
  municipalityId: string,
  suggestionId: string,
) {
  return (await publishedSuggestionRows(db, municipalityId, suggestionId))[0];
}

/** Published comments of the project page (suggestionId null) or of one suggestion, oldest first. */
export async function listPublishedComments(
  db: Kysely<Database>,
  municipalityId: string,
  suggestionId: string | null,
) {
  let query = db
    .selectFrom('comments')
    .select(['id', 'body', 'official', 'reply_to', 'published_at'])
    .where('municipality_id', '=', municipalityId)
    .where('status', '=', 'published');
  query = suggestionId
    ? query.where('suggestion_id', '=', suggestionId)
    : query.where('target_type', '=', 'project');
  const rows = await query.orderBy('published_at', 'asc').orderBy('id').execute();
  return rows.map((row) => ({
    id: row.id,
    body: row.body,
    official: row.official,
    replyTo: row.reply_to,
    publishedAt: iso(row.published_at)!,
  }));
}

/**
 * The moderation queue: confirmed suggestions and comments waiting for a decision, published comments with
 * open reports, and the latest decisions (who, when, reason code). No e-mail addresses.
 */
export async function moderationQueue(db: Kysely<Database>, municipalityId: string) {
  const suggestions = await db
    .selectFrom('suggestions')
    .select(['id', 'reason', 'site_id', 'district_id', 'created_at'])
    .where('municipality_id', '=', municipalityId)
    .where('status', '=', 'pending')
    .where('confirmed_at', 'is not', null)
    .orderBy('created_at')
    .execute();
  const comments = await db
    .selectFrom('comments as c')
    .select([
      'c.id',
      'c.body',
      'c.status',
      'c.target_type',
      'c.suggestion_id',
      'c.created_at',
      (eb) =>
        eb
          .selectFrom('comment_reports as r')
          .select(sql<string[]>`coalesce(array_agg(r.reason order by r.reason), '{}')`.as('reasons'))
          .whereRef('r.comment_id', '=', 'c.id')
          .where('r.resolved_at', 'is', null)
          .as('report_reasons'),
    ])
    .where('c.municipality_id', '=', municipalityId)
    .where('c.official', '=', false)
    .where((eb) =>
      eb.or([
        eb.and([eb('c.status', '=', 'pending'), eb('c.confirmed_at', 'is not', null)]),
        eb.and([
          eb('c.status', '=', 'published'),
          eb.exists(
            eb
              .selectFrom('comment_reports as r2')
              .select('r2.id')
              .whereRef('r2.comment_id', '=', 'c.id')
              .where('r2.resolved_at', 'is', null),
          ),
        ]),
      ]),
    )
    .orderBy('c.created_at')
    .execute();
  const published = await db
    .selectFrom('comments as c')
    .select([
      'c.id',
      'c.body',
      'c.suggestion_id',
      'c.published_at',
      (eb) =>
        eb
          .selectFrom('comments as a')
          .select((inner) => inner.fn.countAll<number>().as('n'))
          .whereRef('a.reply_to', '=', 'c.id')
          .where('a.official', '=', true)
          .as('official_answers'),
    ])
    .where('c.municipality_id', '=', municipalityId)
    .where('c.status', '=', 'published')
    .where('c.official', '=', false)
    .orderBy('c.published_at', 'desc')
    .limit(20)
    .execute();
  const decisions = await withStaffTables(db)
    .selectFrom('moderation_decisions as m')
    .leftJoin('staff_users as u', 'u.id', 'm.decided_by')
    .select([
      'm.id',
      'm.content_type',
      'm.content_id',
      'm.decision',
      'm.reason_code',
      'm.decided_at',
      'u.name',
    ])
    .where('m.municipality_id', '=', municipalityId)
    .orderBy('m.decided_at', 'desc')
    .limit(50)
    .execute();
  return {
    suggestions: suggestions.map((row) => ({
      id: row.id,
      reason: row.reason,
      siteId: row.site_id,
      districtId: row.district_id,
      createdAt: iso(row.created_at)!,
    })),
    comments: comments.map((row) => ({
      id: row.id,
      body: row.body,
      status: row.status as 'pending' | 'published',
      suggestionId: row.suggestion_id,
      createdAt: iso(row.created_at)!,
      reports: row.report_reasons ?? [],
    })),
    published: published.map((row) => ({
      id: row.id,
      body: row.body,
      suggestionId: row.suggestion_id,
      publishedAt: iso(row.published_at)!,
      officialAnswers: Number(row.official_answers ?? 0),
    })),
    decisions: decisions.map((row) => ({
      id: row.id,
      contentType: row.content_type,
      contentId: row.content_id,
      decision: row.decision,
      reasonCode: row.reason_code,
      decidedAt: iso(row.decided_at)!,
      decidedBy: row.name ?? null,
    })),
  };
}

/** Sites with a stop of the current plan: stops from today on that are not cancelled, and active schedules. */
export async function plannedStopSites(
  db: Kysely<Database>,
  municipalityId: string,
  today: string,
): Promise<PlannedStopSite[]> {
  const stops = await db
    .selectFrom('stops')
    .select(['site_id', (eb) => eb.fn.min('local_date').as('next')])
    .where('municipality_id', '=', municipalityId)
    .where('local_date', '>=', today)
    .where('status', '<>', 'cancelled')
    .groupBy('site_id')
    .execute();
  const schedules = await db
    .selectFrom('schedules')
    .select('site_id')
    .where('municipality_id', '=', municipalityId)
    .where('status', '=', 'active')
    .execute();
  const next = new Map<string, string | null>(stops.map((row) => [row.site_id, String(row.next)]));
  for (const row of schedules) if (!next.has(row.site_id)) next.set(row.site_id, null);
  if (next.size === 0) return [];
  const sites = await db
    .selectFrom('sites')
    .select(['id', 'name', 'lat', 'lon'])
    .where('municipality_id', '=', municipalityId)
    .where('id', 'in', [...next.keys()])
    .execute();
  return sites.map((site) => ({
    siteId: site.id,
    siteName: site.name,
    lat: site.lat,
    lon: site.lon,
    nextStop: next.get(site.id) ?? null,
  }));
}

/** The planner's list: published suggestions, most supported first, with whether the plan covers each. */
export async function plannerSuggestions(
  db: Kysely<Database>,
  municipalityId: string,
  today: string,
): Promise<(PublishedSuggestion & { coverage: Coverage & { nextStop: string | null; radiusKm: number } })[]> {
  const [suggestions, planned] = await Promise.all([
    listPublishedSuggestions(db, municipalityId),
    plannedStopSites(db, municipalityId, today),
  ]);
  return suggestions
    .map((suggestion) => {
      const coverage = coverageOf(suggestion, planned);
      const nextStop = planned.find((site) => site.siteId === coverage.siteId)?.nextStop ?? null;
      return { ...suggestion, coverage: { ...coverage, nextStop, radiusKm: WALKING_RADIUS_KM } };
    })
    .sort((a, b) => b.supports - a.supports);
}

/**
 * The suggestions demand layer for the needs analysis: one point per published suggestion, weight 1 plus its
 * confirmed supports. Isolated on purpose: a scenario's demand may add these points as a layer of its own.
 */
export async function suggestionDemandLayer(
  db: Kysely<Database>,
  municipalityId: string,
): Promise<DemandPoint[]> {
  return suggestionDemandPoints(await listPublishedSuggestions(db, municipalityId));
}

/**
 * The public project page's facts: the latest test phase and, when it has begun, its figures from the
 * evaluation (counts under 5 hidden, as everywhere; no internal notes or costs), and the published suggestions.
 */
export async function projectFacts(db: Kysely<Database>, municipalityId: string, today: string) {
  const [phase] = await listTestPhases(db, municipalityId);
  let figures = null;
  if (phase && phase.startDate <= today) {
    const to = phase.endDate < today ? phase.endDate : today;
    const result = await evaluate(
      db,
      municipalityId,
      { from: phase.startDate, to, testPhaseId: phase.id, siteIds: phase.siteIds, unitIds: phase.unitIds },
      undefined,
    );
    figures = {
      from: phase.startDate,
      to,
      stopsHeld: result.stopsHeld,
      contacts: result.totals.contacts,
      waitMedianMinutes: result.totals.waitMedianMinutes,
      satisfactionMean: result.totals.satisfactionMean,
    };
  }
  const suggestions = await db
    .selectFrom('suggestions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('municipality_id', '=', municipalityId)
    .where('status', '=', 'published')
    .executeTakeFirstOrThrow();
  return {
    testPhase: phase
      ? { name: phase.name, startDate: phase.startDate, endDate: phase.endDate, sites: phase.siteIds.length }
      : null,
    figures,
    publishedSuggestions: Number(suggestions.n),
  };
}
