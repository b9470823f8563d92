import { existsSync } from 'node:fs';
import { join } from 'node:path';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { registerAjvFormats, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AppConfig } from '../config.ts';
import { registerCompression } from './plugins/compression.ts';
import { registerSecurityHeaders } from './plugins/securityHeaders.ts';
import { serializerFactory, validatorCompiler } from './lazyCompilers.ts';
import { metricsPlugin, type PoolStats } from './plugins/metrics.ts';
import { registerStaticAssets } from './plugins/staticAssets.ts';
import { declareStaffSecurity, staffSecuritySchemes } from './openApiSecurity.ts';
import { tenancyPlugin } from './plugins/tenancy.ts';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  ProblemSchema,
  registerProblemHandlers,
  sendProblem,
} from './problem.ts';
import { problemClientErrorHandler, registerInputGuards, registerStrictFormats } from './inputGuards.ts';
import { StopDto } from './routes/public/stopSchemas.ts';
import { catalogueRoutes } from './routes/public/catalogueRoutes.ts';
import { portalRoutes } from './routes/public/portalRoutes.ts';
import { captchaSettings } from './captcha.ts';
import { jobHandlers, periodicTasks } from './jobs/jobHandlers.ts';
import { startJobRunner } from './jobs/jobRunner.ts';
import { createMailDelivery } from './mail/mailSender.ts';
import { configureOutbox } from './mail/outbox.ts';
import { bookingLinkRoutes } from './routes/public/bookingLinkRoutes.ts';
import { bookingRoutes } from './routes/public/bookingRoutes.ts';
import { devOutboxRoutes } from './routes/public/devOutboxRoutes.ts';
import { stopRoutes } from './routes/public/stopRoutes.ts';
import { waitlistRoutes } from './routes/public/waitlistRoutes.ts';
import { homeVisitRoutes } from './routes/public/homeVisitRoutes.ts';
import { homeVisitStaffRoutes } from './routes/staff/homeVisitRoutes.ts';
import { participationRoutes } from './routes/public/participationRoutes.ts';
import { participationStaffRoutes } from './routes/staff/participationStaffRoutes.ts';
import { stopAdminRoutes } from './routes/staff/stopAdminRoutes.ts';
import { staffBookingRoutes } from './routes/staff/staffBookingRoutes.ts';
import { scheduleAdminRoutes } from './routes/staff/scheduleAdminRoutes.ts';
import { stopChecklistRoutes } from './routes/staff/stopChecklistRoutes.ts';
import { stationRoutes } from './routes/staff/stationRoutes.ts';
import { walkInRoutes } from './routes/public/walkInRoutes.ts';
import { openDataRoutes } from './routes/public/openDataRoutes.ts';
import { feedbackRoutes } from './routes/public/feedbackRoutes.ts';
import { scenarioRoutes } from './routes/planning/scenarioRoutes.ts';
import { demandLayerRoutes } from './routes/staff/demandLayerRoutes.ts';
import { mailAdminRoutes } from './routes/staff/mailAdminRoutes.ts';
import { evaluationRoutes } from './routes/staff/evaluationRoutes.ts';
import { townHallRoutes } from './routes/staff/townHallRoutes.ts';
import { gtfsRoutes } from './routes/staff/gtfsRoutes.ts';
import { testPhaseRoutes } from './routes/staff/testPhaseRoutes.ts';
import { processRoutes } from './routes/staff/processRoutes.ts';
import { webhookRoutes } from './routes/staff/webhookRoutes.ts';
import { efileRoutes } from './routes/staff/efileRoutes.ts';
import { caseDocumentRoutes } from './routes/staff/caseDocumentRoutes.ts';
import { caseRoutes } from './routes/staff/caseRoutes.ts';
import { databaseRateLimitStore, rateLimitHashKey } from './rateLimitStore.ts';
import type { ChangeFeed } from '../db/changeFeed.ts';
import { AvailabilityMemory } from './queries/availabilityMemory.ts';
import { keepHashKeyInMemory } from './keyedHash.ts';
// Staff sign-in (tracker issue 4)
import { authPlugin } from './auth/authPlugin.ts';
import { staffAuthRoutes } from './routes/staff/authRoutes.ts';

export interface AppOptions {
  db: Kysely<Database>;
  config: AppConfig;
  /** Folder of the built web app; served when it exists. */
  webDir?: string;
  /** Where log lines go (standard output by default); tests read them to check that nothing personal is logged. */
  logStream?: NodeJS.WritableStream;
  rateLimitPerMinute?: number;
  /** Run the durable job runner (mail, reminders, hold expiry, waitlist, anonymisation) in this process. */
  runJobs?: boolean;
  /** The PostgreSQL pool, for /metrics (absent for the embedded database). */
  pool?: PoolStats;
  /**
   * Notifications of committed changes to what availability is made of (channel AVAILABILITY_CHANNEL, from
   * `openChangeFeed`): with them, availability is kept in memory and forgotten on every change from any
   * process; without them, every request reads the database. The app closes the feed when it closes.
   */
  availabilityChanges?: ChangeFeed;
  /**
   * Compile every route's validators and serialisers while registering it (Fastify's default) instead of on
   * its first request: a test does, so a schema that cannot compile fails at once.
   */
  compileSchemasEagerly?: boolean;
}

/** The web build has three single-page apps; each owns a path prefix and falls back to its own shell. */
const appShells: [RegExp, string][] = [
  [/^\/station(\/|$)/, 'station.html'],
  [/^\/planung(\/|$)/, 'planning.html'],
  // The back office (Verwaltung) is part of the planner's bundle: one staff shell for both.
  [/^\/verwaltung(\/|$)/, 'planning.html'],
];

/**
 * The portal's start page (index.html) and /buchen come prerendered (vite.config.ts); its other pages get the
 * empty shell app.html (index.html in builds without it).
 */
const portalShells: [RegExp, string][] = [
  [/^\/buchen$/, 'buchen.html'],
  [/^\//, 'app.html'],
];

function appShellFor(webDir: string, path: string): string {
  const shell = [...appShells, ...portalShells].find(
    ([prefix, file]) => prefix.test(path) && existsSync(join(webDir, file)),
  );
  return shell?.[1] ?? 'index.html';
}

/** Where the library may embed the schedule: the embeddable page is the only one that can be framed. */
const EMBED_PATH = /^\/einbettung(\/|$)/;
const DEV_PATH = /^\/dev(\/|$)/;

registerAjvFormats();
// After the ajv formats: canonical UUIDs only, and internationalised e-mail addresses.
registerStrictFormats();

function contentSecurityPolicy(config: AppConfig) {
  const tileOrigin = config.mapTileUrl
    ? new URL(config.mapTileUrl.replace(/\{[a-z]\}/g, 'a')).origin
    : undefined;
  return {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', ...(tileOrigin ? [tileOrigin] : [])],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
      manifestSrc: ["'self'"],
      workerSrc: ["'self'"],
      ...(config.nodeEnv === 'production' ? { upgradeInsecureRequests: [] } : {}),
    },
  };
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { db, config } = options;
  configureOutbox({ mailPerRecipientPerDay: config.abuse.mailPerRecipientPerDay });
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Paths and query strings can hold booking codes, names or e-mail addresses: never logged.
      redact: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-booking-token"]',
        'res.headers["set-cookie"]',
      ],
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    // Fastify's own request lines carry the URL; ours (below) only the route pattern.
    logController: new LogController({ disableRequestLogging: true }),
    // Errors the router raises before any route runs (an over-long or malformed path) are problems too.
    frameworkErrors: (error, request, reply) =>
      void sendProblem(reply, request, {
        status: error.statusCode && error.statusCode < 500 ? error.statusCode : 400,
        code: (error.code ?? 'bad_request').toLowerCase(),
        detail:
          error.code === 'FST_ERR_MAX_PARAM_LENGTH'
            ? 'A part of the address is too long.'
            : 'The address cannot be read.',
        field: 'path',
      }),
    // Request heads over Node's limit (431) and unreadable requests answer problem+json too.
    clientErrorHandler: problemClientErrorHandler,
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false } },
    schemaController: {
      compilersFactory: { buildSerializer: serializerFactory(options.compileSchemasEagerly) },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler(options.compileSchemasEagerly));

  // Hooks on every request take a callback, not a promise: no promise and no extra turn per request.
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? '(no route)',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
    done();
  });

  await app.register(metricsPlugin, {
    db,
    pool: options.pool,
    ...config.metrics,
    host: config.host,
    production: config.nodeEnv === 'production',
  });
  await registerCompression(app);

  const availability = new AvailabilityMemory(options.availabilityChanges);
  // The keyed-hash key, read once per process until a rotation is told (migration 054).
  const forgetHashKey = options.availabilityChanges
    ? keepHashKeyInMemory(db, options.availabilityChanges)
    : undefined;
  app.addHook('onClose', async () => {
    forgetHashKey?.();
    availability.close();
    await options.availabilityChanges?.close();
  });
  // Read your own writes: a write's answer leaves once this process has heard of the changes it committed,
  // so a request that follows it is never answered from what was kept before (other processes hear of it
  // a moment later, as of any commit).
  if (options.availabilityChanges) {
    // Refused writes (4xx, 5xx) rolled back: they do not wait.
    app.addHook('onSend', (request, reply, payload, done) => {
      if (request.method === 'GET' || request.method === 'HEAD' || reply.statusCode >= 400) {
        return done(null, payload);
      }
      availability.sync().then(
        () => done(null, payload),
        (error: unknown) => done(error as Error),
      );
    });
  }

  registerProblemHandlers(app);
  registerInputGuards(app, { acceptNonAsciiLocalParts: !config.smtpUrl || config.smtpUtf8 });
  // Shared response schemas, referenced by $ref from every route plugin.
  app.addSchema(ProblemSchema);
  app.addSchema(StopDto);
  await registerSecurityHeaders(app, {
    contentSecurityPolicy: contentSecurityPolicy(config),
    strictTransportSecurity: config.nodeEnv === 'production',
    crossOriginEmbedderPolicy: false,
  });
  // On PostgreSQL the counters live in the database, so a limit holds across every process of a deployment.
  const sharedRateLimits = (config.rateLimitStore ?? (options.pool ? 'database' : 'memory')) === 'database';
  await app.register(rateLimit, {
    max: options.rateLimitPerMinute ?? config.rateLimitPerMinute,
    timeWindow: '1 minute',
    ...(sharedRateLimits
      ? {
          store: databaseRateLimitStore(db, await rateLimitHashKey(db)),
          // A database that is away answers the request itself with 503; the limit does not turn it into a 500.
          skipOnError: true,
        }
      : {}),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'FST_TOO_MANY_REQUESTS',
      message: `Too many requests: at most ${context.max} a minute. Try again in ${context.after}.`,
    }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Mobiles Rathaus API',
        version: '1',
        description: 'Public and staff API of the Mobiles Rathaus. Errors are RFC 9457 problem details.',
        license: { name: 'EUPL-1.2' },
      },
      servers: [{ url: '/' }],
      components: { securitySchemes: staffSecuritySchemes },
    },
    transform: declareStaffSecurity,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  await app.register(tenancyPlugin, {
    db,
    defaultSlug: config.defaultMunicipality,
    defaultPublicBaseUrl: config.publicBaseUrl,
    changes: options.availabilityChanges,
  });
  // Staff sign-in: cookies, sessions and the role guard of every route declaring `config.staffRoles`.
  await app.register(authPlugin, { db, config });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get(
    '/health',
    { schema: { operationId: 'health', tags: ['operations'], summary: 'The process is alive' } },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/ready',
    {
      schema: {
        operationId: 'ready',
        tags: ['operations'],
        summary: 'The process can serve: the database answers',
      },
    },
    async (request, reply) => {
      try {
        await sql`SELECT 1`.execute(db);
        return { status: 'ready' };
      } catch {
        reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
        return sendProblem(reply, request, {
          status: 503,
          code: 'not_ready',
          detail: 'The database does not answer.',
        });
      }
    },
  );

  await app.register(
    async (api) => {
      await api.register(catalogueRoutes, { db });
      await api.register(staffAuthRoutes, { prefix: '/staff', db, config });
      const captcha = captchaSettings(config.captchaSecret, config.captchaMaxNumber);
      await api.register(stopRoutes, { db });
      await api.register(bookingRoutes, { db, config, captcha, availability });
      await api.register(bookingLinkRoutes, { db });
      await api.register(waitlistRoutes, { db, config, captcha });
      await api.register(stopAdminRoutes, { prefix: '/staff', db, config });
      await api.register(scheduleAdminRoutes, { prefix: '/staff', db, config });
      await api.register(stopChecklistRoutes, { prefix: '/staff', db, config });
      await api.register(stationRoutes, { prefix: '/staff/station', db, config });
      await api.register(staffBookingRoutes, { prefix: '/staff/station', db, config });
      await api.register(walkInRoutes, { db, config });
      await api.register(openDataRoutes, { db });
      await api.register(feedbackRoutes, { db, config });
      await api.register(scenarioRoutes, { prefix: '/staff', db, config });
      await api.register(demandLayerRoutes, { prefix: '/staff', db, config });
      await api.register(mailAdminRoutes, { prefix: '/staff', db, config });
      await api.register(evaluationRoutes, { prefix: '/staff', db, config });
      await api.register(townHallRoutes, { prefix: '/staff', db, config });
      await api.register(gtfsRoutes, { prefix: '/staff', db, config });
      await api.register(testPhaseRoutes, { prefix: '/staff', db, config });
      await api.register(processRoutes, { prefix: '/staff', db, config });
      await api.register(webhookRoutes, { prefix: '/staff', db, config });
      await api.register(efileRoutes, { prefix: '/staff', db, config });
      await api.register(caseDocumentRoutes, { prefix: '/staff', db, config });
      await api.register(caseRoutes, { prefix: '/staff', db, config });
      await api.register(homeVisitRoutes, { db, config });
      await api.register(homeVisitStaffRoutes, { prefix: '/staff', db, config });
      await api.register(participationRoutes, { db, config, captcha });
      await api.register(participationStaffRoutes, { prefix: '/staff', db, config });
      // The outbox shows mails that were not sent: only where no SMTP server is set and never in production.
      if (config.nodeEnv !== 'production' && !config.smtpUrl) await api.register(devOutboxRoutes, { db });
      await api.register(portalRoutes, {
        db,
        mapTileUrl: config.mapTileUrl,
        mapTileAttribution: config.mapTileAttribution,
        retentionDays: config.booking.retentionDays,
      });
    },
    { prefix: '/api/v1' },
  );

  const webDir =
    options.webDir && existsSync(join(options.webDir, 'index.html')) ? options.webDir : undefined;
  if (webDir) {
    await registerStaticAssets(app, webDir);
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // The portal is a single-page app: unknown non-API pages get its shell, which routes on the client.
    // Development pages (the outbox) do not exist in production: a plain 404, not the app shell.
    const devPage = config.nodeEnv === 'production' && DEV_PATH.test(path);
    if (
      webDir &&
      !devPage &&
      request.method === 'GET' &&
      !path.startsWith('/api/') &&
      !/\.[a-z0-9]+$/i.test(path)
    ) {
      if (EMBED_PATH.test(path)) {
        const csp = String(reply.getHeader('content-security-policy') ?? '');
        reply.header(
          'content-security-policy',
          csp.replace("frame-ancestors 'none'", `frame-ancestors ${config.embedAllowedOrigins}`),
        );
        reply.removeHeader('x-frame-options');
      }
      return reply.type('text/html; charset=utf-8').sendFile(appShellFor(webDir, path));
    }
    return sendProblem(reply, request, {
      status: 404,
      code: 'route_not_found',
      detail: `There is nothing at ${request.method} ${path}.`,
    });
  });
  if (options.runJobs) {
    const runner = startJobRunner({
      db,
      handlers: jobHandlers(db, config),
      periodic: periodicTasks(
        db,
        config,
        createMailDelivery(config.smtpUrl, config.mailFrom, config.mailDelivery),
      ),
      pollMs: config.jobPollMs,
      log: app.log,
    });
    app.addHook('onClose', async () => runner.stop());
  }
  return app;
}
