import { sql, type Kysely } from 'kysely';
import type { ChangeFeed } from '../../db/changeFeed.ts';
import type { Database, OccupancySpan } from '../../db/schema.ts';

/**
 * The channel migrations 047 and 053 notify on: 'stop:<uuid>' for one stop's occupancy, 'stop-row:<uuid>' for
 * one stop's own row, '*' for everything.
 */
export const AVAILABILITY_CHANNEL = 'availability_changed';

/** A stop as the early refusal of a full slot sees it: committed state, read once and kept until it changes. */
export interface StopOccupancyView {
  municipalityId: string;
  status: string;
  startsAtMs: number;
  endsAtMs: number;
  counters: number;
  slotMinutes: number;
  spans: readonly OccupancySpan[];
  /** Holds at the stop: [e-mail key, start, expiry] in epoch milliseconds (expired ones too). */
  holds: readonly (readonly [string, number, number | null])[];
}

interface Answer<T> {
  value: T;
  computedAtMs: number;
  validUntilMs: number;
  /** The stops the answer looked at: a change of another stop's occupancy leaves it right. */
  stopIds: ReadonlySet<string> | undefined;
}

/** A computation of an answer under way, and what changed while it ran. */
interface Flight {
  promise: Promise<Answer<unknown>>;
  changedStops: Set<string>;
  changedAll: boolean;
}

const dependsOn = (stopIds: ReadonlySet<string> | undefined, changed: ReadonlySet<string>) => {
  if (!stopIds) return changed.size > 0;
  for (const id of changed) if (stopIds.has(id)) return true;
  return false;
};

/**
 * What availability is made of, kept in this process's memory and forgotten on the notification of a
 * committed change (migrations 047 and 053) that concerns it, from whichever process it came:
 * - the answers of the month query, each with the moment it stops being right by time alone (a hold runs
 *   out, a free start comes within the lead time), so a kept answer is exactly what a fresh computation at
 *   the request's `now` returns; a change of one stop's occupancy forgets only the answers that looked at
 *   that stop, a change of a stop's row or of anything else forgets them all;
 * - each stop's occupancy with its holds' owners, for the early refusal of a visibly full slot;
 * - each municipality's minutes per service.
 *
 * Nothing is kept while the feed is not trusted (no feed, a lost connection), and nothing older than
 * `maxAgeMs` is used: a notification that never came cannot keep an answer alive for longer.
 *
 * A value read from the database is kept only when no notification for it arrived while it was read: a
 * change committed during the read is either in what was read or forgets it. (A notification arrives after
 * its commit, so the read may also have seen the change: then it is read once more, never kept stale.)
 */
export class AvailabilityMemory {
  /** Counts every change of everything (`*`, resets), every change per stop. */
  private allEpoch = 0;
  private readonly stopEpochs = new Map<string, number>();
  private readonly answers = new Map<string, Answer<unknown>>();
  private readonly answersInFlight = new Map<string, Flight>();
  /** Every computation under way (also those no longer shared): each must hear of every change. */
  private readonly flights = new Set<Flight>();
  private readonly stops = new Map<string, { view: StopOccupancyView | undefined; atMs: number }>();
  private readonly stopsInFlight = new Map<
    string,
    { allEpoch: number; stopEpoch: number; promise: Promise<StopOccupancyView | undefined> }
  >();
  private readonly minutes = new Map<string, { byService: Map<string, number>; atMs: number }>();
  private readonly unsubscribe: (() => void) | undefined;
  private static readonly MAX_ANSWERS = 2000;

  constructor(
    private readonly feed: ChangeFeed | undefined,
    private readonly maxAgeMs = 60_000,
  ) {
    this.unsubscribe = feed?.subscribe(
      (payload) => this.changed(payload),
      () => this.forgetAll(),
    );
  }

  get active(): boolean {
    return this.feed?.trusted === true;
  }

  /** After this, every change committed before the call is reflected (see ChangeFeed.sync). */
  async sync(): Promise<void> {
    await this.feed?.sync();
  }

  close(): void {
    this.unsubscribe?.();
    this.forgetAll();
  }

  private changed(payload: string) {
    const occupancy = payload.startsWith('stop:');
    const row = payload.startsWith('stop-row:');
    if (!occupancy && !row) return this.forgetAll();
    const stopId = payload.slice(occupancy ? 'stop:'.length : 'stop-row:'.length);
    this.stops.delete(stopId);
    this.stopEpochs.set(stopId, (this.stopEpochs.get(stopId) ?? 0) + 1);
    if (row) return this.forgetAnswers();
    const changed = new Set([stopId]);
    for (const [key, answer] of this.answers) {
      if (dependsOn(answer.stopIds, changed)) this.answers.delete(key);
    }
    for (const flight of this.flights) flight.changedStops.add(stopId);
  }

  private forgetAnswers() {
    this.answers.clear();
    for (const flight of this.flights) flight.changedAll = true;
  }

  private forgetAll() {
    this.allEpoch++;
    this.forgetAnswers();
    this.stops.clear();
    this.stopEpochs.clear();
    this.minutes.clear();
  }

  private fresh(atMs: number) {
    return Date.now() - atMs < this.maxAgeMs;
  }

  /**
   * The answer for `key` at `nowMs`: kept if one is right at that moment, otherwise computed (one
   * computation at a time per key; requests arriving meanwhile share it when it is right for them too).
   * `compute` answers for `nowMs`, says until when its answer holds by time alone and which stops it looked
   * at (undefined: any stop may matter).
   */
  async answer<T>(
    key: string,
    nowMs: number,
    compute: (
      nowMs: number,
    ) => Promise<{ value: T; validUntilMs: number; stopIds?: ReadonlySet<string> | undefined }>,
  ): Promise<T> {
    if (!this.active) return (await compute(nowMs)).value;
    const rightAt = (answer: Answer<unknown>) =>
      answer.computedAtMs <= nowMs && nowMs < answer.validUntilMs && this.fresh(answer.computedAtMs);
    const kept = this.answers.get(key);
    if (kept && rightAt(kept)) return kept.value as T;
    const running = this.answersInFlight.get(key);
    // Shared only while nothing changed since it began (what changed may or may not be in what it read).
    if (running && !running.changedAll && running.changedStops.size === 0) {
      const shared = await running.promise.catch(() => undefined);
      if (
        shared &&
        rightAt(shared) &&
        !running.changedAll &&
        !dependsOn(shared.stopIds, running.changedStops)
      ) {
        return shared.value as T;
      }
      return (await compute(nowMs)).value;
    }
    const flight: Flight = {
      promise: undefined as unknown as Promise<Answer<unknown>>,
      changedStops: new Set(),
      changedAll: false,
    };
    this.flights.add(flight);
    flight.promise = compute(nowMs).then(({ value, validUntilMs, stopIds }) => {
      const answer: Answer<unknown> = { value, computedAtMs: nowMs, validUntilMs, stopIds };
      // Kept only when nothing it may have read changed while it was read.
      if (!flight.changedAll && !dependsOn(stopIds, flight.changedStops) && this.active) {
        if (this.answers.size >= AvailabilityMemory.MAX_ANSWERS) this.answers.clear();
        this.answers.set(key, answer);
      }
      return answer;
    });
    this.answersInFlight.set(key, flight);
    try {
      return (await flight.promise).value as T;
    } finally {
      this.flights.delete(flight);
      if (this.answersInFlight.get(key) === flight) this.answersInFlight.delete(key);
    }
  }

  /** The stop's committed occupancy (undefined: no such stop), or undefined when nothing may be kept. */
  async stop(
    db: Kysely<Database>,
    stopId: string,
  ): Promise<{ view: StopOccupancyView | undefined } | undefined> {
    if (!this.active) return undefined;
    const kept = this.stops.get(stopId);
    if (kept && this.fresh(kept.atMs)) return { view: kept.view };
    const allEpoch = this.allEpoch;
    const stopEpoch = this.stopEpochs.get(stopId) ?? 0;
    const running = this.stopsInFlight.get(stopId);
    if (running && running.allEpoch === allEpoch && running.stopEpoch === stopEpoch) {
      return { view: await running.promise };
    }
    const atMs = Date.now();
    const promise = loadStopView(db, stopId);
    this.stopsInFlight.set(stopId, { allEpoch, stopEpoch, promise });
    try {
      const view = await promise;
      if (this.active && this.allEpoch === allEpoch && (this.stopEpochs.get(stopId) ?? 0) === stopEpoch) {
        this.stops.set(stopId, { view, atMs });
      }
      return { view };
    } finally {
      if (this.stopsInFlight.get(stopId)?.promise === promise) this.stopsInFlight.delete(stopId);
    }
  }

  /**
   * Runs `work` after every earlier work for the same stop in this process has ended. Holds on one stop
   * wait for the stop's lock in the database one after another anyway; waiting here instead lets each look
   * at the occupancy its predecessor left (committed and told) before it takes a connection: a storm on a
   * last free seat sends the database one hold, not thousands queued on the lock.
   */
  async inTurn<T>(stopId: string, work: () => Promise<T>): Promise<T> {
    const before = this.turns.get(stopId) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    const tail = before.then(() => mine);
    this.turns.set(stopId, tail);
    try {
      await before;
      return await work();
    } finally {
      done();
      if (this.turns.get(stopId) === tail) this.turns.delete(stopId);
    }
  }

  private readonly turns = new Map<string, Promise<void>>();

  /** The municipality's minutes per service, or undefined when nothing may be kept. */
  async serviceMinutes(
    db: Kysely<Database>,
    municipalityId: string,
  ): Promise<Map<string, number> | undefined> {
    if (!this.active) return undefined;
    const kept = this.minutes.get(municipalityId);
    if (kept && this.fresh(kept.atMs)) return kept.byService;
    const allEpoch = this.allEpoch;
    const atMs = Date.now();
    const rows = await db
      .selectFrom('services')
      .select(['id', 'typical_minutes'])
      .where('municipality_id', '=', municipalityId)
      .execute();
    const byService = new Map(rows.map((row) => [row.id, row.typical_minutes]));
    if (this.active && this.allEpoch === allEpoch) this.minutes.set(municipalityId, { byService, atMs });
    return byService;
  }
}

async function loadStopView(db: Kysely<Database>, stopId: string): Promise<StopOccupancyView | undefined> {
  // One statement, one snapshot: the occupancy and the holds' owners agree.
  const stop = await db
    .selectFrom('stops as s')
    .leftJoin('stop_occupancy as o', 'o.stop_id', 's.id')
    .select([
      's.municipality_id',
      's.status',
      's.starts_at',
      's.ends_at',
      's.counters',
      's.slot_minutes',
      'o.spans',
      (eb) =>
        eb
          .selectFrom('bookings as b')
          .select(
            sql<[string, number, number | null][] | null>`json_agg(json_build_array(
              b.email_key,
              floor(extract(epoch FROM b.starts_at) * 1000)::bigint,
              floor(extract(epoch FROM b.hold_expires_at) * 1000)::bigint))`.as('holds'),
          )
          .whereRef('b.stop_id', '=', 's.id')
          .where('b.status', '=', 'held')
          .as('holds'),
    ])
    .where('s.id', '=', stopId)
    .executeTakeFirst();
  if (!stop) return undefined;
  return {
    municipalityId: stop.municipality_id,
    status: stop.status,
    startsAtMs: new Date(stop.starts_at).getTime(),
    endsAtMs: new Date(stop.ends_at).getTime(),
    counters: stop.counters,
    slotMinutes: stop.slot_minutes,
    spans: stop.spans ?? [],
    holds: (stop.holds ?? []).map(([emailKey, startMs, expiresMs]) => [
      emailKey,
      Number(startMs),
      expiresMs === null ? null : Number(expiresMs),
    ]),
  };
}
