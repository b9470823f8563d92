/**
 * Booking benchmark on PostgreSQL: availability queries (50 connections), hold+confirm bookings through the HTTP
 * API against the same hold+confirm transaction written as raw SQL through `pg` as a baseline, and a storm of
 * concurrent holds on one last seat (exactly one may win). A second run on PGlite measures the availability.
 * Usage: npm run bench:booking [-- --seconds 10 --connections 10 --availability-connections 50 --storm 2000
 *   --phases availability,booking,storm,pglite]  (`--phases booking,storm`: only hold+confirm and the storm)
 * Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres); it creates and
 * drops a database of its own. The last line printed is one JSON object.
 */
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { DateTime } from 'luxon';
import pg from 'pg';
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { loadConfig } from '../src/config.ts';
import { openChangeFeed } from '../src/db/changeFeed.ts';
import { buildApp } from '../src/server/app.ts';
import { AVAILABILITY_CHANNEL } from '../src/server/queries/availabilityMemory.ts';
import { hashToken, newBookingCode, newLinkToken } from '../src/server/secrets.ts';
import {
  BENCH_SITES as SITES,
  createBookingFixture,
  fifteenMinuteSlots,
  overbookedPairs,
  percentile,
  round,
} from './lib/bookingFixture.ts';

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};
const seconds = argument('--seconds', 10);
const connections = argument('--connections', 10);
const availabilityConnections = argument('--availability-connections', 50);
const stormSize = argument('--storm', 2000);
const phasesIndex = process.argv.indexOf('--phases');
const phases = new Set(
  (phasesIndex >= 0 ? process.argv[phasesIndex + 1]! : 'availability,booking,storm,pglite').split(','),
);

// Every statement sent to PostgreSQL by any client of this process (pool, change feed), to report the round
// trips per hold, per confirm and per raw-SQL booking.
let statements = 0;
const sendQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (sendQuery as (...inner: unknown[]) => unknown).apply(this, args);
} as typeof sendQuery;

// One load generator on one address: the per-client limits (rate, holds, mail) are lifted to measure throughput.
function benchConfig() {
  const defaults = loadConfig({ NODE_ENV: 'test' });
  return {
    ...defaults,
    logLevel: 'silent',
    captchaMaxNumber: 20,
    citizenWritesPerMinute: 10_000_000,
    booking: {
      ...defaults.booking,
      holdLimits: { perClient: 10_000, perStopPerClient: 10_000, unconfirmedShare: 1 },
    },
    abuse: { ...defaults.abuse, mailPerRecipientPerDay: 10_000 },
  };
}

async function startApp(fixture: Awaited<ReturnType<typeof createBookingFixture>>) {
  const app = await buildApp({
    db: fixture.handle.db,
    config: benchConfig(),
    rateLimitPerMinute: 10_000_000,
    availabilityChanges: await openChangeFeed(fixture.handle, AVAILABILITY_CHANNEL),
  });
  // A storm opens thousands of connections at once: a backlog beyond the default 511 keeps them from being reset.
  await app.listen({ port: 0, host: '127.0.0.1', backlog: 4096 });
  return { app, base: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
}

/** A month of availability at all sites, `availabilityConnections` at once. */
async function measureAvailability(base: string, first: DateTime, stopCount: number, label: string) {
  const to = first.plus({ days: 30 }).toISODate();
  const url = `${base}/api/v1/availability?services=personalausweis-beantragen:1&from=${first.toISODate()}&to=${to}`;
  // Two seconds to warm up (the first answers compile the code paths and fill what is kept), not counted.
  await autocannon({ url, connections: availabilityConnections, duration: 2, workers: 1 });
  const availability = await autocannon({
    url,
    connections: availabilityConnections,
    duration: seconds,
    // As a browser asks (every browser accepts Brotli and gzip), from a thread of its own: the load generator
    // would otherwise share the server's event loop and count its own work as the server's latency.
    headers: { 'accept-encoding': 'br, gzip' },
    workers: 1,
  });
  if (availability.non2xx > 0) throw new Error(`availability answered ${availability.non2xx} errors`);
  const rps = round(availability.requests.average);
  const p99 = round(availability.latency.p99);
  console.log(
    `availability  ${rps} queries/s   p99 ${p99} ms   (${label}: a month, 10 sites, ${stopCount} stops, ${availabilityConnections} connections)`,
  );
  return { rps, p99 };
}

async function solvedCaptchas(base: string, count: number): Promise<string[]> {
  const solved: string[] = [];
  for (let i = 0; i < count; i++) {
    const challenge = await (await fetch(`${base}/api/v1/captcha`)).json();
    const solution = await solveChallenge({ challenge, deriveKey });
    solved.push(
      Buffer.from(
        JSON.stringify({
          challenge: { parameters: challenge.parameters, signature: challenge.signature },
          solution,
        }),
      ).toString('base64'),
    );
  }
  return solved;
}

function holdRequest(
  base: string,
  slot: { stopId: string; startsAt: string },
  email: string,
  captcha: string,
) {
  return fetch(`${base}/api/v1/bookings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...slot,
      services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
      name: 'Bench Person',
      email,
      captcha,
    }),
  });
}

/** The storm's client: every hold sent at once, each answer's status and time (0: no answer). */
const STORM_CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
Promise.all(workerData.bodies.map(async (body) => {
  const started = performance.now();
  try {
    const response = await fetch(workerData.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await response.arrayBuffer();
    return [response.status, performance.now() - started];
  } catch {
    return [0, performance.now() - started];
  }
})).then((answers) => parentPort.postMessage({
  statuses: answers.map(([status]) => status),
  latencies: answers.map(([, ms]) => ms),
}));
`;

/**
 * A storm on one last seat: the last 15 minutes of the last stop, two counters, one taken beforehand; then
 * `stormSize` holds at once, their captchas solved beforehand. Exactly one may get 201.
 */
async function storm(base: string, lastStop: { id: string; date: string }) {
  const slot = {
    stopId: lastStop.id,
    startsAt: DateTime.fromISO(`${lastStop.date}T16:45`, { zone: 'Europe/Berlin' }).toUTC().toISO()!,
  };
  const [blockerCaptcha] = await solvedCaptchas(base, 1);
  const blocker = await holdRequest(base, slot, 'storm-blocker@example.org', blockerCaptcha!);
  if (blocker.status !== 201) throw new Error(`the first seat answered ${blocker.status}`);
  const captchas = await solvedCaptchas(base, stormSize);
  // The citizens' side runs in a thread of its own, as every other load generator here: thousands of
  // requests sent and read on the server's event loop would count the client's work as the server's.
  const { statuses, latencies } = await new Promise<{ statuses: number[]; latencies: number[] }>(
    (resolve, reject) => {
      const worker = new Worker(STORM_CLIENT, {
        eval: true,
        workerData: {
          url: `${base}/api/v1/bookings`,
          bodies: captchas.map((captcha, i) =>
            JSON.stringify({
              ...slot,
              services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
              name: 'Bench Person',
              email: `storm-${i}@example.org`,
              captcha,
            }),
          ),
        },
      });
      worker.once('message', resolve);
      worker.once('error', reject);
    },
  );
  const successes = statuses.filter((status) => status === 201).length;
  const conflicts = statuses.filter((status) => status === 409).length;
  const p99 = round(percentile(latencies, 99));
  console.log(
    `storm         ${stormSize} holds on one last seat: ${successes} × 201, ${conflicts} × 409, ${stormSize - successes - conflicts} other; p99 ${p99} ms`,
  );
  return { p99, successes, conflicts };
}

async function main() {
  const fixture = await createBookingFixture();
  const { handle, first, stops } = fixture;
  try {
    const { app, base } = await startApp(fixture);
    console.log(
      `${stops.length} stops at ${SITES.length} sites over a month; ${connections} connections, ${seconds} s per phase`,
    );

    // 1. Availability for a month at all sites.
    const availability = phases.has('availability')
      ? await measureAvailability(base, first, stops.length, 'PostgreSQL')
      : undefined;
    const availabilityRps = availability?.rps;
    const availabilityP99Ms = availability?.p99;

    // Slots handed out in order, each to one booking: 15-minute bookings on two counters.
    const slots = fifteenMinuteSlots(stops);
    const half = Math.floor(slots.length / 2);
    const apiSlots = slots.slice(0, half).filter((_, i) => Math.floor(i / 2) % 2 === 0);
    const sqlSlots = slots.slice(0, half).filter((_, i) => Math.floor(i / 2) % 2 === 1);

    // 2. Hold + confirm through the API. Captchas are solved beforehand and the confirmation token is read
    // from the outbox between the two timed phases, so only the two requests are measured.
    const pool = handle.pool;
    const bookingPhase = phases.has('booking');
    const captchas = bookingPhase ? await solvedCaptchas(base, Math.min(apiSlots.length, 150 * seconds)) : [];
    const beforeHolds = statements;
    const held = new Map<number, { bookingId: string; email: string; holdMs: number }>();
    const holdPhase = await closedLoop(apiSlots.slice(0, captchas.length), async (slot, index) => {
      const email = `bench-${index}@example.org`;
      const started = performance.now();
      const response = await holdRequest(base, slot, email, captchas[index]!);
      if (response.status !== 201)
        throw new Error(`hold answered ${response.status}: ${await response.text()}`);
      const holdMs = performance.now() - started;
      held.set(index, { bookingId: (await response.json()).bookingId, email, holdMs });
      return holdMs;
    });
    const statementsPerHold = round((statements - beforeHolds) / Math.max(1, holdPhase.count), 1);
    const mails = await pool.query(
      `SELECT to_address, text_body FROM mails WHERE purpose = 'booking.confirm_request'`,
    );
    const tokenByEmail = new Map(
      mails.rows.map((row) => [row.to_address, /#([A-Za-z0-9_-]{20,})/.exec(row.text_body)![1]]),
    );
    const toConfirm = [...held.values()];
    const bookingLatencies: number[] = [];
    const beforeConfirms = statements;
    const confirmPhase = await closedLoop(
      toConfirm.map((entry) => ({ stopId: entry.bookingId, startsAt: entry.email })),
      async (entry, index) => {
        const started = performance.now();
        const response = await fetch(`${base}/api/v1/bookings/${entry.stopId}/confirm`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token: tokenByEmail.get(entry.startsAt) }),
        });
        if (response.status !== 200) throw new Error(`confirm answered ${response.status}`);
        const confirmMs = performance.now() - started;
        bookingLatencies.push(toConfirm[index]!.holdMs + confirmMs);
        return confirmMs;
      },
      Number.POSITIVE_INFINITY,
    );
    const statementsPerConfirm = round((statements - beforeConfirms) / Math.max(1, confirmPhase.count), 1);
    const booking = {
      rps: round(confirmPhase.count / (holdPhase.seconds + confirmPhase.seconds)),
      p99: round(percentile(bookingLatencies, 99)),
      count: confirmPhase.count,
    };

    // 3. The same work as raw SQL: lock the stop, find a free lane, insert booking, services and mail; then confirm.
    async function sqlBooking(slot: { stopId: string; startsAt: string }): Promise<number> {
      const started = performance.now();
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const stop = (
          await client.query('SELECT id, counters, municipality_id FROM stops WHERE id = $1 FOR UPDATE', [
            slot.stopId,
          ])
        ).rows[0];
        const start = new Date(slot.startsAt);
        const end = new Date(start.getTime() + 15 * 60_000);
        const busy = await client.query(
          `SELECT counter FROM bookings WHERE stop_id = $1 AND status IN ('held','confirmed') AND starts_at < $3 AND ends_at > $2`,
          [slot.stopId, start, end],
        );
        const used = new Set(busy.rows.map((row) => row.counter));
        const counter = [1, 2].find((lane) => !used.has(lane));
        if (!counter) throw new Error('slot full');
        const id = randomUUID();
        await client.query(
          `INSERT INTO bookings (municipality_id, id, stop_id, counter, starts_at, ends_at, duration_minutes, status, code, token_hash, hold_expires_at, name, email, email_key)
           VALUES ($1,$2,$3,$4,$5,$6,15,'held',$7,$8, now() + interval '15 minutes','Bench','b@example.org','b@example.org')`,
          [
            stop.municipality_id,
            id,
            slot.stopId,
            counter,
            start,
            end,
            newBookingCode(),
            hashToken(newLinkToken()),
          ],
        );
        await client.query(
          `INSERT INTO booking_services (municipality_id, booking_id, service_id, quantity, minutes_each) VALUES ($1,$2,'personalausweis-beantragen',1,15)`,
          [stop.municipality_id, id],
        );
        await client.query(
          `INSERT INTO mails (municipality_id, purpose, to_address, subject, text_body) VALUES ($1,'bench','b@example.org','s','t')`,
          [stop.municipality_id],
        );
        await client.query('COMMIT');
        await client.query('BEGIN');
        await client.query(
          `UPDATE bookings SET status = 'confirmed', confirmed_at = now(), hold_expires_at = NULL WHERE id = $1`,
          [id],
        );
        await client.query(
          `INSERT INTO mails (municipality_id, purpose, to_address, subject, text_body) VALUES ($1,'bench','b@example.org','s','t')`,
          [stop.municipality_id],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
      return performance.now() - started;
    }

    async function closedLoop(
      slotsToUse: typeof slots,
      work: (slot: (typeof slots)[number], index: number) => Promise<number>,
      limitSeconds = seconds,
    ) {
      let next = 0;
      const latencies: number[] = [];
      const deadline = performance.now() + limitSeconds * 1000;
      const began = performance.now();
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (performance.now() < deadline && next < slotsToUse.length) {
            const index = next++;
            latencies.push(await work(slotsToUse[index]!, index));
          }
        }),
      );
      const elapsed = (performance.now() - began) / 1000;
      return {
        rps: round(latencies.length / elapsed),
        p99: round(percentile(latencies, 99)),
        count: latencies.length,
        seconds: elapsed,
      };
    }

    console.log(
      `booking       ${booking.rps} hold+confirm/s   p99 ${booking.p99} ms   (${booking.count} bookings through the API; ${statementsPerHold} statements per hold, ${statementsPerConfirm} per confirm)`,
    );
    const beforeBaseline = statements;
    const baseline = await closedLoop(bookingPhase ? sqlSlots : [], (slot) => sqlBooking(slot));
    const statementsPerSqlBooking = round((statements - beforeBaseline) / Math.max(1, baseline.count), 1);
    console.log(
      `baseline      ${baseline.rps} hold+confirm/s   p99 ${baseline.p99} ms   (${baseline.count} bookings as raw SQL through pg; ${statementsPerSqlBooking} statements each)`,
    );
    const ratio = round(booking.rps / baseline.rps, 3);
    console.log(`API / raw SQL: ${ratio}`);

    // 4. A storm of concurrent holds on one last seat.
    const stormResult = phases.has('storm')
      ? await storm(base, stops[stops.length - 1]!)
      : { p99: undefined, successes: undefined, conflicts: undefined };
    const overbooked = await overbookedPairs(pool);
    console.log(`overlapping bookings on one counter: ${overbooked}`);
    await app.close();
    await fixture.drop();

    // 5. The availability again on PGlite (the embedded database), same data.
    let availabilityPglite: { rps: number; p99: number } | undefined;
    const embedded = phases.has('pglite') ? await createBookingFixture(20, 'pglite') : undefined;
    if (embedded)
      try {
        const started = await startApp(embedded);
        availabilityPglite = await measureAvailability(
          started.base,
          embedded.first,
          embedded.stops.length,
          'PGlite',
        );
        await started.app.close();
      } finally {
        await embedded.drop();
      }
    console.log(
      JSON.stringify({
        availabilityRps,
        availabilityP99Ms,
        availabilityConnections,
        availabilityRpsPglite: availabilityPglite?.rps,
        availabilityP99MsPglite: availabilityPglite?.p99,
        bookingRps: booking.rps,
        bookingP99Ms: booking.p99,
        baselineRps: baseline.rps,
        bookingToBaseline: ratio,
        statementsPerHold,
        statementsPerConfirm,
        statementsPerSqlBooking,
        stormHolds: stormSize,
        stormP99Ms: stormResult.p99,
        stormSuccesses: stormResult.successes,
        stormConflicts: stormResult.conflicts,
        overbooked,
      }),
    );
  } catch (error) {
    await fixture.drop().catch(() => undefined);
    throw error;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
