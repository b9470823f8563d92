/**
 * Scale benchmark: one server process against two on one PostgreSQL database, as behind a reverse proxy.
 * Each configuration runs compiled servers (dist/server/start.js, NODE_ENV=production) and measures, with the
 * same load spread round-robin over its processes:
 *  - availability for a month at ten sites (queries/s, p99);
 *  - hold + confirm through the API (bookings/s, p99), captchas fetched from one process and redeemed at another;
 *  - a storm of concurrent holds on one last seat split over the processes (exactly one may succeed).
 * Then it checks that every booking the API confirmed is in the database and that no counter is overbooked.
 * Usage: npm run bench:scale [-- --seconds 10 --connections 10 --storm 400]
 * Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres); it creates and drops
 * a database of its own. The last line printed is one JSON object.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { DateTime } from 'luxon';
import { SMTPServer } from 'smtp-server';
// @ts-expect-error: a plain JavaScript build script without type declarations
import { buildServer } from '../scripts/build-server.mjs';
import {
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
const stormSize = argument('--storm', 400);

type Slot = { stopId: string; startsAt: string };

/** A free TCP port on the loopback interface. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/** Every request comes from another client address (X-Forwarded-For, TRUST_PROXY), as from many citizens. */
let client = 0;
const clientAddress = () => {
  client += 1;
  return `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}`;
};

async function startServers(count: number, databaseUrl: string, secrets: Record<string, string>) {
  const processes: ChildProcess[] = [];
  const bases: string[] = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const child = spawn(process.execPath, ['dist/server/start.js'], {
      env: {
        ...process.env,
        ...secrets,
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl,
        HOST: '127.0.0.1',
        PORT: String(port),
        TRUST_PROXY: 'true',
        LOG_LEVEL: 'warn',
        CAPTCHA_MAX_NUMBER: '20',
        PUBLIC_BASE_URL: 'https://termine.example',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    processes.push(child);
    bases.push(`http://127.0.0.1:${port}`);
  }
  for (const base of bases) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ready = await fetch(`${base}/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`${base} did not become ready`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return {
    bases,
    async stop() {
      await Promise.all(
        processes.map(
          (child) =>
            new Promise<void>((resolve) => {
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

/** `connections` workers take items in order until the time or the items run out; returns latencies. */
async function closedLoop<T>(
  items: T[],
  work: (item: T, index: number) => Promise<number>,
  limitSeconds: number,
) {
  let next = 0;
  const latencies: number[] = [];
  const deadline = performance.now() + limitSeconds * 1000;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline && next < items.length) {
        const index = next++;
        latencies.push(await work(items[index]!, index));
      }
    }),
  );
  const elapsed = (performance.now() - began) / 1000;
  return {
    rps: round(latencies.length / elapsed),
    p99: round(percentile(latencies, 99)),
    count: latencies.length,
  };
}

async function solvedCaptcha(base: string): Promise<string> {
  const challenge = await (
    await fetch(`${base}/api/v1/captcha`, { headers: { 'x-forwarded-for': clientAddress() } })
  ).json();
  const solution = await solveChallenge({ challenge, deriveKey });
  return Buffer.from(
    JSON.stringify({
      challenge: { parameters: challenge.parameters, signature: challenge.signature },
      solution,
    }),
  ).toString('base64');
}

async function hold(base: string, slot: Slot, email: string, captcha: string) {
  return fetch(`${base}/api/v1/bookings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': clientAddress() },
    body: JSON.stringify({
      ...slot,
      services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
      name: 'Bench Person',
      email,
      captcha,
    }),
  });
}

/** An SMTP server in this process that accepts and drops every mail (production needs one). */
async function startSmtpSink(): Promise<{ url: string; close(): Promise<void> }> {
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => callback());
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', () => resolve()));
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}

async function main() {
  console.log('Compiling the server…');
  await buildServer({ quiet: true });
  const smtp = await startSmtpSink();
  const fixture = await createBookingFixture();
  const pool = fixture.handle.pool;
  const secrets = {
    CAPTCHA_SECRET: randomBytes(32).toString('hex'),
    COOKIE_SECRET: randomBytes(32).toString('hex'),
    STATION_POSTER_SECRET: randomBytes(32).toString('hex'),
    HOME_VISIT_PASS_SECRET: randomBytes(32).toString('hex'),
    DOCUMENT_KEYS: `bench:${randomBytes(32).toString('base64')}`,
    WEBHOOK_SECRET_KEY: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: 'admin@bench.example',
    ADMIN_INITIAL_PASSWORD: randomBytes(16).toString('hex'),
    SMTP_URL: smtp.url,
  };
  const slots = fifteenMinuteSlots(fixture.stops);
  const results: Record<string, unknown>[] = [];
  let confirmedThroughApi = 0;
  let stormSuccessesTotal = 0;
  try {
    for (const processCount of [1, 2]) {
      const servers = await startServers(processCount, fixture.url, secrets);
      const baseFor = (index: number) => servers.bases[index % servers.bases.length]!;
      try {
        // 1. Availability for a month at all sites.
        const to = fixture.first.plus({ days: 30 }).toISODate();
        const availabilityUrl = `/api/v1/availability?services=personalausweis-beantragen:1&from=${fixture.first.toISODate()}&to=${to}`;
        const indices = Array.from({ length: 1_000_000 }, (_, i) => i);
        const availability = await closedLoop(
          indices,
          async (i) => {
            const started = performance.now();
            const response = await fetch(`${baseFor(i)}${availabilityUrl}`, {
              headers: { 'x-forwarded-for': clientAddress() },
            });
            if (!response.ok) throw new Error(`availability answered ${response.status}`);
            await response.arrayBuffer();
            return performance.now() - started;
          },
          seconds,
        );

        // 2. Hold + confirm; this configuration takes its own quarter of the slots (every slot once).
        const quarter = Math.floor(slots.length / 4);
        const mine = slots.slice((processCount - 1) * quarter, processCount * quarter);
        const captchaCount = Math.min(mine.length, 100 * seconds);
        const captchas: string[] = [];
        for (let i = 0; i < captchaCount; i++) captchas.push(await solvedCaptcha(baseFor(i)));
        const booking = await closedLoop(
          mine.slice(0, captchaCount),
          async (slot, i) => {
            const email = `scale-${processCount}-${i}@example.org`;
            const started = performance.now();
            // The captcha came from process i; the hold goes to the next one, the confirmation to the one after.
            const held = await hold(baseFor(i + 1), slot, email, captchas[i]!);
            if (held.status !== 201) throw new Error(`hold answered ${held.status}: ${await held.text()}`);
            const { bookingId } = (await held.json()) as { bookingId: string };
            const mail = await pool.query(
              `SELECT text_body FROM mails WHERE to_address = $1 AND purpose = 'booking.confirm_request'`,
              [email],
            );
            const token = /#([A-Za-z0-9_-]{20,})/.exec(String(mail.rows[0]?.text_body))?.[1];
            const confirmed = await fetch(`${baseFor(i + 2)}/api/v1/bookings/${bookingId}/confirm`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-forwarded-for': clientAddress() },
              body: JSON.stringify({ token }),
            });
            if (confirmed.status !== 200) throw new Error(`confirm answered ${confirmed.status}`);
            confirmedThroughApi += 1;
            return performance.now() - started;
          },
          seconds,
        );

        // 3. A storm on one last seat: a stop's last 15 minutes, both counters, one taken beforehand.
        const lastStop = fixture.stops[fixture.stops.length - processCount]!;
        const lastSlot: Slot = {
          stopId: lastStop.id,
          startsAt: DateTime.fromISO(`${lastStop.date}T16:45`, { zone: 'Europe/Berlin' }).toUTC().toISO()!,
        };
        const blocker = await hold(
          baseFor(0),
          lastSlot,
          `blocker-${processCount}@example.org`,
          await solvedCaptcha(baseFor(0)),
        );
        if (blocker.status !== 201) throw new Error(`the first seat answered ${blocker.status}`);
        const stormCaptchas: string[] = [];
        for (let i = 0; i < stormSize; i++) stormCaptchas.push(await solvedCaptcha(baseFor(i)));
        const stormLatencies: number[] = [];
        const statuses = await Promise.all(
          stormCaptchas.map(async (captcha, i) => {
            const started = performance.now();
            const response = await hold(
              baseFor(i),
              lastSlot,
              `storm-${processCount}-${i}@example.org`,
              captcha,
            );
            await response.arrayBuffer();
            stormLatencies.push(performance.now() - started);
            return response.status;
          }),
        );
        const stormSuccesses = statuses.filter((status) => status === 201).length;
        const stormConflicts = statuses.filter((status) => status === 409).length;
        stormSuccessesTotal += stormSuccesses;
        const result = {
          processes: processCount,
          availabilityRps: availability.rps,
          availabilityP99Ms: availability.p99,
          bookingRps: booking.rps,
          bookingP99Ms: booking.p99,
          bookings: booking.count,
          stormHolds: stormSize,
          stormSuccesses,
          stormConflicts,
          stormP99Ms: round(percentile(stormLatencies, 99)),
        };
        results.push(result);
        console.log(
          `${processCount} process${processCount > 1 ? 'es' : ''}: availability ${result.availabilityRps}/s (p99 ${result.availabilityP99Ms} ms), ` +
            `hold+confirm ${result.bookingRps}/s (p99 ${result.bookingP99Ms} ms, ${result.bookings} bookings), ` +
            `storm ${stormSize} holds: ${stormSuccesses} × 201, ${stormConflicts} × 409, p99 ${result.stormP99Ms} ms`,
        );
      } finally {
        await servers.stop();
      }
    }
    const confirmedInDatabase = Number(
      (
        await pool.query(
          `SELECT count(*)::int AS n FROM bookings WHERE status = 'confirmed' AND email LIKE 'scale-%'`,
        )
      ).rows[0].n,
    );
    const overbooked = await overbookedPairs(pool);
    const lost = confirmedThroughApi - confirmedInDatabase;
    console.log(
      `confirmed through the API ${confirmedThroughApi}, in the database ${confirmedInDatabase} (lost ${lost}); overlapping bookings on one counter: ${overbooked}; storm successes ${stormSuccessesTotal} (expected 2)`,
    );
    const [one, two] = results as { availabilityRps: number; bookingRps: number }[];
    console.log(
      JSON.stringify({
        results,
        availabilitySpeedup: round(two!.availabilityRps / one!.availabilityRps, 2),
        bookingSpeedup: round(two!.bookingRps / one!.bookingRps, 2),
        lostBookings: lost,
        overbookedPairs: overbooked,
        ok: lost === 0 && overbooked === 0 && stormSuccessesTotal === 2,
      }),
    );
    if (lost !== 0 || overbooked !== 0 || stormSuccessesTotal !== 2) process.exitCode = 1;
  } finally {
    await fixture.drop();
    await smtp.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
