import { sql, type Kysely } from 'kysely';
import type {
  EvaluationChannel,
  EvaluationFeedback,
  EvaluationVisit,
  VisitOutcome,
} from '../../domain/evaluation.ts';
import { addDays, localDateOf, type LocalDate } from '../../domain/time.ts';
import type { Database } from '../../db/schema.ts';

/**
 * The evaluation's read model (migration 035): a past stop's visits and survey answers as the evaluation reads
 * them, kept per stop and rebuilt when the stop's version moved on. Stops of yesterday and today are always read
 * from the source tables.
 */

/** Stops at least this many days past get digests; the triggers count versions from the day after the stop. */
export const DIGEST_AFTER_DAYS = 2;

export interface StopVisitData {
  visits: EvaluationVisit[];
  feedback: EvaluationFeedback[];
}

type EncodedVisit = [
  EvaluationChannel,
  VisitOutcome,
  number,
  string | null,
  number | null,
  number | null,
  number | null,
  [string, number][],
];
type EncodedFeedback = [EvaluationFeedback['channel'], number, EvaluationFeedback['wouldUseAgain']];

const encodeVisit = (visit: EvaluationVisit): EncodedVisit => [
  visit.channel,
  visit.outcome,
  visit.bookedMinutes,
  visit.originDistrictId,
  visit.arrivedAt,
  visit.firstCalledAt,
  visit.finishedAt,
  visit.services.map((service) => [service.serviceId, service.quantity]),
];

const decodeVisit = (stopId: string, encoded: EncodedVisit): EvaluationVisit => ({
  stopId,
  channel: encoded[0],
  outcome: encoded[1],
  bookedMinutes: encoded[2],
  originDistrictId: encoded[3],
  arrivedAt: encoded[4],
  firstCalledAt: encoded[5],
  finishedAt: encoded[6],
  services: encoded[7].map(([serviceId, quantity]) => ({ serviceId, quantity })),
});

/** Decoded digests of this process, by stop (at most `DECODED_DIGESTS_KEPT`; the first decoded go first). */
const decodedDigests = new Map<string, { version: string; data: StopVisitData }>();
const DECODED_DIGESTS_KEPT = 20_000;

function remember(stopId: string, version: string, data: StopVisitData) {
  decodedDigests.delete(stopId);
  decodedDigests.set(stopId, { version, data });
  if (decodedDigests.size > DECODED_DIGESTS_KEPT) {
    decodedDigests.delete(decodedDigests.keys().next().value!);
  }
}

const parsed = <T>(value: unknown): T =>
  typeof value === 'string' ? (JSON.parse(value) as T) : (value as T);

/**
 * The visits and answers of the stops: from valid digests where a stop is old enough, otherwise from the source
 * tables through `readFresh` (which then builds the missing digests). `today` is the municipality's calendar day.
 */
export async function stopVisitData(
  db: Kysely<Database>,
  municipalityId: string,
  stops: readonly { stopId: string; localDate: LocalDate }[],
  readFresh: (stopIds: string[]) => Promise<StopVisitData>,
  options: { today?: LocalDate; useDigests?: boolean } = {},
): Promise<StopVisitData> {
  const today = options.today ?? localDateOf(Date.now());
  const lastDigested = addDays(today, -DIGEST_AFTER_DAYS);
  const old = options.useDigests === false ? [] : stops.filter((stop) => stop.localDate <= lastDigested);
  const oldIds = new Set(old.map((stop) => stop.stopId));
  const recent = stops.filter((stop) => !oldIds.has(stop.stopId)).map((stop) => stop.stopId);

  const visits: EvaluationVisit[] = [];
  const feedback: EvaluationFeedback[] = [];
  // Which digests are valid: their version is the stop's current one. Decoded digests are kept in memory by
  // stop and version, so a valid one is fetched and decoded once per process.
  const validVersions =
    old.length === 0
      ? []
      : await db
          .selectFrom('stop_visit_digests as d')
          .leftJoin('stop_visit_versions as v', 'v.stop_id', 'd.stop_id')
          .select(['d.stop_id', 'd.version'])
          .where('d.municipality_id', '=', municipalityId)
          .where('d.stop_id', 'in', [...oldIds])
          .where(sql<boolean>`d.version = coalesce(v.version, 0)`)
          .execute();
  const toFetch: string[] = [];
  for (const row of validVersions) {
    const cached = decodedDigests.get(row.stop_id);
    if (cached && cached.version === String(row.version)) {
      visits.push(...cached.data.visits);
      feedback.push(...cached.data.feedback);
      oldIds.delete(row.stop_id);
    } else {
      toFetch.push(row.stop_id);
    }
  }
  const fetched =
    toFetch.length === 0
      ? []
      : await db
          .selectFrom('stop_visit_digests as d')
          .leftJoin('stop_visit_versions as v', 'v.stop_id', 'd.stop_id')
          .select(['d.stop_id', 'd.version', 'd.visits', 'd.feedback'])
          .where('d.municipality_id', '=', municipalityId)
          .where('d.stop_id', 'in', toFetch)
          .where(sql<boolean>`d.version = coalesce(v.version, 0)`)
          .execute();
  for (const row of fetched) {
    const data: StopVisitData = {
      visits: parsed<EncodedVisit[]>(row.visits).map((encoded) => decodeVisit(row.stop_id, encoded)),
      feedback: parsed<EncodedFeedback[]>(row.feedback).map(([channel, satisfaction, wouldUseAgain]) => ({
        stopId: row.stop_id,
        channel,
        satisfaction,
        wouldUseAgain,
      })),
    };
    remember(row.stop_id, String(row.version), data);
    visits.push(...data.visits);
    feedback.push(...data.feedback);
    oldIds.delete(row.stop_id);
  }
  const missing = [...oldIds];

  // The versions first, then the visits: a write in between leaves the new digest stale, never wrong.
  const versions =
    missing.length === 0
      ? []
      : await db
          .selectFrom('stop_visit_versions')
          .select(['stop_id', 'version'])
          .where('stop_id', 'in', missing)
          .execute();
  const fresh = await readFresh([...missing, ...recent]);
  visits.push(...fresh.visits);
  feedback.push(...fresh.feedback);

  if (missing.length > 0) {
    const versionOf = new Map(versions.map((row) => [row.stop_id, String(row.version)]));
    const digests = new Map(
      missing.map((stopId) => [stopId, { visits: [] as EncodedVisit[], feedback: [] as EncodedFeedback[] }]),
    );
    for (const visit of fresh.visits) digests.get(visit.stopId)?.visits.push(encodeVisit(visit));
    for (const answer of fresh.feedback) {
      digests.get(answer.stopId)?.feedback.push([answer.channel, answer.satisfaction, answer.wouldUseAgain]);
    }
    const rows = [...digests].map(([stopId, digest]) => ({
      municipality_id: municipalityId,
      stop_id: stopId,
      version: versionOf.get(stopId) ?? '0',
      visits: JSON.stringify(digest.visits),
      feedback: JSON.stringify(digest.feedback),
    }));
    for (let index = 0; index < rows.length; index += 500) {
      await db
        .insertInto('stop_visit_digests')
        .values(rows.slice(index, index + 500))
        .onConflict((conflict) =>
          conflict.column('stop_id').doUpdateSet((eb) => ({
            version: eb.ref('excluded.version'),
            visits: eb.ref('excluded.visits'),
            feedback: eb.ref('excluded.feedback'),
            built_at: sql`now()`,
          })),
        )
        .execute();
    }
  }
  return { visits, feedback };
}
