import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sql, type Kysely } from 'kysely';
import { Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../../db/schema.ts';
import { bookingOutcomeOf, countBooking, processRegistry, type BookingOperation } from '../metrics.ts';
import { sendProblem } from '../problem.ts';

/** A PostgreSQL pool's counters (pg.Pool); absent for the embedded database, which is one connection. */
export interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

export interface MetricsPluginOptions {
  db: Kysely<Database>;
  pool?: PoolStats | undefined;
  /** Bearer token for /metrics (METRICS_TOKEN). */
  token: string | undefined;
  /** A separate port that serves only /metrics (METRICS_PORT), on `host`. */
  port: number | undefined;
  host: string;
  /** Without token and port, /metrics is open in development and tests and off (404) in production. */
  production: boolean;
}

/** The citizen booking routes whose answers count as booking outcomes. */
const bookingOperations: Record<string, BookingOperation> = {
  'POST /api/v1/bookings': 'hold',
  'POST /api/v1/bookings/:bookingId/confirm': 'confirm',
  'POST /api/v1/bookings/:bookingId/cancel': 'cancel',
  'POST /api/v1/bookings/:bookingId/reschedule': 'reschedule',
};

/** The route pattern, never the raw URL (which may hold booking codes or tokens); hashed assets as one. */
function routeLabel(request: FastifyRequest): string {
  const route = request.routeOptions.url;
  if (route === undefined) return '(unmatched)';
  return route.startsWith('/assets/') ? '/assets/*' : route;
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Prometheus metrics at /metrics: HTTP durations by route pattern, bookings by outcome, solver runs, the job
 * queue's depth and age and the database pool (both read at scrape time), and the process's own figures.
 */
export const metricsPlugin = fp(async (app: FastifyInstance, options: MetricsPluginOptions) => {
  const appRegistry = new Registry();
  const httpSeconds = new Histogram({
    name: 'mr_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [appRegistry],
  });
  const jobs = new Gauge({
    name: 'mr_jobs',
    help: 'Jobs waiting or running, by kind and state (due = pending and due now, scheduled = pending later)',
    labelNames: ['kind', 'state'] as const,
    registers: [appRegistry],
  });
  const oldestDue = new Gauge({
    name: 'mr_jobs_oldest_due_seconds',
    help: 'How long the oldest due job of each kind has waited past its run time',
    labelNames: ['kind'] as const,
    registers: [appRegistry],
  });
  const poolConnections = new Gauge({
    name: 'mr_db_pool_connections',
    help: 'Database connections by state (total, idle, waiting clients); the embedded database is one connection',
    labelNames: ['state'] as const,
    registers: [appRegistry],
  });
  const registry = Registry.merge([processRegistry, appRegistry]);

  async function collectDatabaseFigures(): Promise<void> {
    jobs.reset();
    oldestDue.reset();
    const rows = await sql<{ kind: string; state: string; count: number; oldest: number | null }>`
      SELECT kind,
             CASE WHEN status = 'running' THEN 'running' WHEN run_at <= now() THEN 'due' ELSE 'scheduled' END AS state,
             count(*)::int AS count,
             max(CASE WHEN status = 'pending' AND run_at <= now()
                      THEN extract(epoch FROM now() - run_at) END)::float8 AS oldest
      FROM jobs WHERE status IN ('pending', 'running') GROUP BY 1, 2`.execute(options.db);
    for (const row of rows.rows) {
      jobs.set({ kind: row.kind, state: row.state }, row.count);
      if (row.oldest !== null) oldestDue.set({ kind: row.kind }, row.oldest);
    }
    poolConnections.reset();
    if (options.pool) {
      poolConnections.set({ state: 'total' }, options.pool.totalCount);
      poolConnections.set({ state: 'idle' }, options.pool.idleCount);
      poolConnections.set({ state: 'waiting' }, options.pool.waitingCount);
    } else {
      poolConnections.set({ state: 'total' }, 1);
    }
  }

  async function exposition(): Promise<string> {
    await collectDatabaseFigures();
    return registry.metrics();
  }

  // One histogram child per method, route and status, looked up by a string key instead of prom-client
  // hashing the labels on every observation; a callback hook (no promise per request).
  const httpChildren = new Map<string, ReturnType<typeof httpSeconds.labels>>();
  app.addHook('onResponse', (request, reply, done) => {
    const route = routeLabel(request);
    const key = `${request.method} ${route} ${reply.statusCode}`;
    let child = httpChildren.get(key);
    if (!child) {
      child = httpSeconds.labels({ method: request.method, route, status_code: String(reply.statusCode) });
      httpChildren.set(key, child);
    }
    child.observe(reply.elapsedTime / 1000);
    const operation = bookingOperations[`${request.method} ${route}`];
    if (operation) countBooking(operation, bookingOutcomeOf(reply.statusCode));
    done();
  });

  const openOnMainPort = !options.token && options.port === undefined && !options.production;
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (!options.token && !openOnMainPort) {
      return sendProblem(reply, request, {
        status: 404,
        code: 'route-not-found',
        detail: `There is nothing at ${request.method} /metrics.`,
      });
    }
    if (options.token) {
      const given = bearerToken(request.headers.authorization);
      if (!given || !sameSecret(given, options.token)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        return sendProblem(reply, request, {
          status: 401,
          code: 'unauthorized',
          detail: 'The metrics need a Bearer token.',
          field: 'authorization',
        });
      }
    }
    reply.header('cache-control', 'no-store');
    return reply.type(registry.contentType).send(await exposition());
  });

  if (options.port !== undefined) {
    const port = options.port;
    let server: Server | undefined;
    app.addHook('onListen', async () => {
      server = createServer((request, response) => {
        const path = (request.url ?? '').split('?')[0];
        const token = bearerToken(request.headers.authorization);
        if (request.method !== 'GET' || path !== '/metrics') {
          response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        } else if (options.token && (!token || !sameSecret(token, options.token))) {
          response.writeHead(401, { 'www-authenticate': 'Bearer realm="metrics"' }).end();
        } else {
          exposition().then(
            (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
            (error: unknown) => {
              app.log.error({ err: error }, 'metrics could not be collected');
              response.writeHead(500).end();
            },
          );
        }
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, options.host, () => resolve());
      });
      const address = server.address();
      app.log.info({ metricsPort: typeof address === 'object' ? address?.port : port }, 'metrics port open');
    });
    app.addHook('onClose', async () => {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    });
  }
});
