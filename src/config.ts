import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { HoldLimits } from './domain/holdLimits.ts';

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  nodeEnv: 'production' | 'development' | 'test';
  defaultMunicipality: string;
  logLevel: string;
  mapTileUrl: string | undefined;
  mapTileAttribution: string | undefined;
  publicBaseUrl: string;
  /** Folder of the built web app; the default build is made on first start when missing. */
  webDir: string | undefined;
  /** Behind a reverse proxy, take the client address from X-Forwarded-For (for rate limits). */
  trustProxy: boolean;
  rateLimitPerMinute: number;
  /**
   * Where the rate limits count: `database` (PostgreSQL, shared by every process of a deployment) or `memory`
   * (this process only). Unset: `database` on PostgreSQL, `memory` on the embedded database (one process).
   */
  rateLimitStore: 'database' | 'memory' | undefined;
  /** Bookings, waitlist and subscription requests per client address and minute (against bots taking slots). */
  citizenWritesPerMinute: number;
  booking: BookingSettings;
  smtpUrl: string | undefined;
  /** The mail server takes SMTPUTF8 (RFC 6531): addresses with non-ASCII characters before the @ are accepted. */
  smtpUtf8: boolean;
  mailFrom: string;
  mailDelivery: MailDeliverySettings;
  captchaSecret: string | undefined;
  /** Work a captcha costs the browser: the largest number it may have to try. */
  captchaMaxNumber: number;
  jobPollMs: number;
  /** A fresh embedded demo gets a sample timetable, so there are stops to book. */
  seedSampleSchedules: boolean;
  /**
   * A fresh embedded development database gets three months of simulated activity, marked as demo
   * (SEED_DEMO_ACTIVITY=false turns it off). Never in production or tests, never on PostgreSQL.
   */
  seedDemoActivity: boolean;
  /** Origins that may frame the embeddable schedule page (CSP frame-ancestors), e.g. the library's website. */
  embedAllowedOrigins: string;
  staffAuth: StaffAuthConfig;
  /** Single sign-on for staff; undefined unless OIDC_ISSUER_URL is set. */
  oidc: OidcConfig | undefined;
  /**
   * Derives each stop's walk-in poster token (HMAC of the stop id). Random per process when
   * STATION_POSTER_SECRET is unset, which makes printed posters invalid after a restart: production must set it.
   */
  stationPosterSecret: string;
  /**
   * Signs the home-visit passes the staff's tablet shows as a QR code at the door (HMAC-SHA256; see
   * src/server/homeVisits/visitPass.ts). Random per process when HOME_VISIT_PASS_SECRET is unset, which voids
   * the passes a tablet loaded before a restart: production must set it.
   */
  homeVisitPassSecret: string;
  /** Who may read /metrics: a Bearer token (METRICS_TOKEN) and/or a separate port (METRICS_PORT). */
  metrics: { token: string | undefined; port: number | undefined };
  abuse: AbuseLimits;
  efile: EfileSettings;
  documents: DocumentSettings;
  webhooks: WebhookSettings;
}

/** Hand-off to the e-file (issue 11): the folders shared with the city's DMS (see README, "Hand-off to the e-file"). */
export interface EfileSettings {
  /** Outbox: xdomea containers for the DMS to import (EFILE_TRANSFER_DIR, default DATA_DIR/efile/outbox). */
  transferDir: string;
  /** Inbox: the DMS's confirmations (EFILE_INBOX_DIR, default DATA_DIR/efile/inbox). */
  inboxDir: string;
  /** Hours a written hand-off waits for the DMS's confirmation before it is written again (EFILE_RESEND_HOURS). */
  resendAfterHours: number;
}

/** One AES-256 key for documents at rest, named by the id stored with each document. */
export interface DocumentKey {
  id: string;
  key: Buffer;
}

/** Documents captured for cases (tracker issue 11, item 2; README "Documents"). */
export interface DocumentSettings {
  /** The largest file accepted (DOCUMENT_MAX_BYTES, default 10 MiB). */
  maxBytes: number;
  /** Days a document is kept when its service sets no period (DOCUMENT_RETENTION_DAYS, default 180). */
  defaultRetentionDays: number;
  /**
   * DOCUMENT_KEYS, the first being the current key that encrypts new documents, the others older keys still
   * readable until `rotate-document-keys` has re-encrypted their documents. Undefined outside production:
   * a key generated once and kept in DATA_DIR/document-keys (src/server/documents/documentKeys.ts).
   */
  keys: readonly DocumentKey[] | undefined;
}

/** Webhooks to specialist procedures (tracker issue 11, item 5). */
export interface WebhookSettings {
  /**
   * Encrypts the webhooks' signing secrets at rest (AES-256-GCM; the key is SHA-256 of this value).
   * Production must set WEBHOOK_SECRET_KEY; elsewhere a fixed development key is used, so a kept embedded
   * database still signs after a restart (it protects nothing there).
   */
  secretKey: string;
  /** Attempts before a delivery is dead (shown in the dead-letter view); the waits double from `baseDelayMs`. */
  maxAttempts: number;
  /** The first retry's wait; each further one doubles, with up to 20 % random jitter, capped at 6 hours. */
  baseDelayMs: number;
  /** How long one delivery attempt may take (connect, send, answer). */
  timeoutMs: number;
  /** Plain http:// to localhost/127.0.0.1 is accepted: never in production, there only https:// is. */
  allowHttpLocalhost: boolean;
}

/** Not a secret: used outside production only, where webhook secrets need no protection at rest. */
export const DEVELOPMENT_WEBHOOK_SECRET_KEY = 'mobiles-rathaus-development-webhook-key-not-secret';

export interface MailDeliverySettings {
  /** Attempts before a mail is marked failed (shown to admins); the waits grow 1 min, 5 min, 30 min, 2 h, 6 h … */
  maxAttempts: number;
  /** SMTP timeouts: connecting, the server's greeting, and silence on an open connection. */
  connectionTimeoutMs: number;
  greetingTimeoutMs: number;
  socketTimeoutMs: number;
}

export interface BookingSettings {
  /** How long an unconfirmed hold keeps its slot. */
  holdMinutes: number;
  /** How long a slot offered from the waitlist is kept for the person. */
  waitlistOfferMinutes: number;
  /** How many hours before an appointment the reminder goes out. */
  reminderHours: number;
  /** Active (held or confirmed, upcoming) bookings one person may have at once. */
  maxActiveBookingsPerPerson: number;
  /** Days after an appointment when its personal data is anonymised. */
  retentionDays: number;
  /** How far ahead schedules turn into bookable stops. */
  horizonWeeks: number;
  /** Minimum minutes between booking and appointment. */
  leadTimeMinutes: number;
  /** Unconfirmed holds per client address, per client at one stop, and the share of a stop held unconfirmed. */
  holdLimits: HoldLimits;
}

/** Limits against flooding by one client (issue 17). */
export interface AbuseLimits {
  /** Mails to one recipient (normalised e-mail) per 24 hours, all purposes together; more are suppressed. */
  mailPerRecipientPerDay: number;
  /** Minutes before a confirmation for the same pending request is sent again. */
  confirmationResendMinutes: number;
  /** Active walk-in tickets one client address may hold at one stop. */
  walkInTicketsPerClient: number;
  /** Minutes a signed URL for the appointment's .ics download stays valid. */
  calendarLinkMinutes: number;
}

// --- Staff sign-in (tracker issue 4) ---
export interface StaffAuthConfig {
  /** A session ends after this long without a request (sliding). */
  sessionIdleMinutes: number;
  /** A session ends this long after sign-in, however active. */
  sessionAbsoluteHours: number;
  /**
   * Throttling of failed sign-ins (no hard lockout): per account (normalised e-mail, known or not) and per
   * client address, free failures and then delays doubling from 1 s up to a cap; failures are forgotten
   * after `failureMemoryMinutes` without one.
   */
  signInThrottle: {
    account: { freeFailures: number; maxDelaySeconds: number };
    address: { freeFailures: number; maxDelaySeconds: number };
    failureMemoryMinutes: number;
  };
  /** Sign-in attempts per client address and minute. */
  signInAttemptsPerMinute: number;
  /** Signs short-lived cookies (the OIDC login state). Random per process when COOKIE_SECRET is unset. */
  cookieSecret: string;
  /** The first admin of the default municipality, created on first start. */
  initialAdminEmail: string | undefined;
  initialAdminPassword: string | undefined;
}

export interface OidcConfig {
  issuerUrl: string;
  clientId: string;
  clientSecret: string | undefined;
  redirectUrl: string;
  /** The claim holding the staff role(s): values 'admin', 'planner', 'clerk'. */
  roleClaim: string;
  scopes: string;
}

/**
 * Secrets production must set: a random one per process breaks what it protects after a restart or across
 * several processes. Each error names what the secret protects.
 */
const productionSecrets = [
  ['STATION_POSTER_SECRET', 'it signs the walk-in poster QR codes printed for each stop'],
  ['HOME_VISIT_PASS_SECRET', 'it signs the QR codes home-visit staff show at the door'],
  ['CAPTCHA_SECRET', 'it signs the proof-of-work challenges that keep bots from taking slots'],
  ['COOKIE_SECRET', 'it signs the short-lived staff cookies (single sign-on state)'],
  ['WEBHOOK_SECRET_KEY', 'it encrypts the signing secrets of the webhooks to specialist procedures'],
] as const;

const DOCUMENT_KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Reads a key list "keyId:base64key[,oldId:base64key…]" (DOCUMENT_KEYS, or the development key file): each key
 * is 32 random bytes in base64 or base64url, ids are unique; the first key is the current one.
 */
export function parseDocumentKeys(value: string, source = 'DOCUMENT_KEYS'): DocumentKey[] {
  const keys: DocumentKey[] = [];
  for (const entry of value.split(/[,\n]/).map((part) => part.trim())) {
    if (!entry) continue;
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    if (!DOCUMENT_KEY_ID.test(id)) {
      throw new ConfigError(
        `${source} must list keys as keyId:base64key separated by commas; key ids use A-Z, a-z, 0-9, _ and - (at most 64)`,
      );
    }
    const encoded = entry.slice(colon + 1);
    const key = Buffer.from(encoded, /[-_]/.test(encoded) ? 'base64url' : 'base64');
    if (key.length !== 32 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) {
      throw new ConfigError(
        `${source}: the key "${id}" must be 32 random bytes in base64 (e.g. openssl rand -base64 32)`,
      );
    }
    if (keys.some((known) => known.id === id)) throw new ConfigError(`${source} names the key "${id}" twice`);
    keys.push({ id, key });
  }
  if (keys.length === 0) throw new ConfigError(`${source} holds no key`);
  return keys;
}

function requireProductionSettings(env: NodeJS.ProcessEnv): void {
  for (const [name, protects] of productionSecrets) {
    if (!env[name]) {
      throw new ConfigError(
        `NODE_ENV=production needs ${name} (at least 32 random characters): ${protects}.`,
      );
    }
  }
  if (!env.DOCUMENT_KEYS) {
    throw new ConfigError(
      'NODE_ENV=production needs DOCUMENT_KEYS (keyId:base64key, 32 random bytes): it encrypts the documents captured for cases.',
    );
  }
  if (!env.ADMIN_EMAIL) {
    throw new ConfigError(
      'NODE_ENV=production needs ADMIN_EMAIL: the first administrator must not have a guessable address.',
    );
  }
}

function staffAuthFromEnv(env: NodeJS.ProcessEnv): StaffAuthConfig {
  const initialAdminPassword = env.ADMIN_INITIAL_PASSWORD || undefined;
  if (initialAdminPassword !== undefined && initialAdminPassword.length < 12) {
    throw new ConfigError('ADMIN_INITIAL_PASSWORD must be at least 12 characters long');
  }
  const cookieSecret = env.COOKIE_SECRET || randomBytes(32).toString('base64url');
  if (cookieSecret.length < 32) throw new ConfigError('COOKIE_SECRET must be at least 32 characters long');
  return {
    sessionIdleMinutes: integerFromEnv(env, 'STAFF_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: integerFromEnv(env, 'STAFF_SESSION_ABSOLUTE_HOURS', 12, 1, 7 * 24),
    signInThrottle: {
      account: {
        freeFailures: integerFromEnv(env, 'STAFF_SIGN_IN_FREE_FAILURES', 5, 1, 100),
        maxDelaySeconds: integerFromEnv(env, 'STAFF_SIGN_IN_MAX_DELAY_SECONDS', 60, 1, 3600),
      },
      address: {
        freeFailures: integerFromEnv(env, 'STAFF_SIGN_IN_ADDRESS_FREE_FAILURES', 20, 1, 10_000),
        maxDelaySeconds: integerFromEnv(env, 'STAFF_SIGN_IN_ADDRESS_MAX_DELAY_SECONDS', 900, 1, 24 * 3600),
      },
      failureMemoryMinutes: integerFromEnv(env, 'STAFF_SIGN_IN_FAILURE_MEMORY_MINUTES', 60, 1, 7 * 24 * 60),
    },
    signInAttemptsPerMinute: integerFromEnv(env, 'STAFF_SIGN_IN_RATE_LIMIT_PER_MINUTE', 10, 1, 10_000),
    cookieSecret,
    initialAdminEmail: env.ADMIN_EMAIL || undefined,
    initialAdminPassword,
  };
}

function oidcFromEnv(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const issuerUrl = env.OIDC_ISSUER_URL || undefined;
  if (!issuerUrl) return undefined;
  const clientId = env.OIDC_CLIENT_ID;
  const redirectUrl = env.OIDC_REDIRECT_URL;
  if (!clientId || !redirectUrl) {
    throw new ConfigError('OIDC_ISSUER_URL needs OIDC_CLIENT_ID and OIDC_REDIRECT_URL as well');
  }
  for (const [name, value] of [
    ['OIDC_ISSUER_URL', issuerUrl],
    ['OIDC_REDIRECT_URL', redirectUrl],
  ] as const) {
    if (!URL.canParse(value)) throw new ConfigError(`${name} must be an absolute URL, got "${value}"`);
  }
  return {
    issuerUrl,
    clientId,
    clientSecret: env.OIDC_CLIENT_SECRET || undefined,
    redirectUrl,
    roleClaim: env.OIDC_ROLE_CLAIM || 'roles',
    scopes: env.OIDC_SCOPES || 'openid email profile',
  };
}
// --- end staff sign-in ---

export class ConfigError extends Error {}

function rateLimitStoreFromEnv(env: NodeJS.ProcessEnv): AppConfig['rateLimitStore'] {
  const value = env.RATE_LIMIT_STORE;
  if (!value) return undefined;
  if (value === 'database' || value === 'memory') return value;
  throw new Error(`RATE_LIMIT_STORE must be "database" or "memory", not "${value}"`);
}

function integerFromEnv(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function shareFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > 1) {
    throw new ConfigError(`${name} must be a number above 0 and at most 1, got "${raw}"`);
  }
  return value;
}

function webhooksFromEnv(env: NodeJS.ProcessEnv, nodeEnv: AppConfig['nodeEnv']): WebhookSettings {
  const secretKey = env.WEBHOOK_SECRET_KEY || DEVELOPMENT_WEBHOOK_SECRET_KEY;
  if (secretKey.length < 32) throw new ConfigError('WEBHOOK_SECRET_KEY must be at least 32 characters long');
  return {
    secretKey,
    maxAttempts: integerFromEnv(env, 'WEBHOOK_MAX_ATTEMPTS', 8, 1, 30),
    baseDelayMs: integerFromEnv(env, 'WEBHOOK_RETRY_BASE_MS', 30_000, 100, 3_600_000),
    timeoutMs: integerFromEnv(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    allowHttpLocalhost: nodeEnv !== 'production',
  };
}

function homeVisitPassSecretFromEnv(env: NodeJS.ProcessEnv): string {
  const secret = env.HOME_VISIT_PASS_SECRET || randomBytes(32).toString('base64url');
  if (secret.length < 32) throw new ConfigError('HOME_VISIT_PASS_SECRET must be at least 32 characters long');
  return secret;
}

function stationPosterSecretFromEnv(env: NodeJS.ProcessEnv): string {
  const secret = env.STATION_POSTER_SECRET || randomBytes(32).toString('base64url');
  if (secret.length < 32) throw new ConfigError('STATION_POSTER_SECRET must be at least 32 characters long');
  return secret;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Unset means the embedded demo (`npm start`): the development outbox is available. Deployments set production.
  const nodeEnv = env.NODE_ENV === 'production' || env.NODE_ENV === 'test' ? env.NODE_ENV : 'development';
  if (nodeEnv === 'production') requireProductionSettings(env);
  const port = integerFromEnv(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || 'localhost';
  const dataDir = resolve(env.DATA_DIR || './var');
  return {
    port,
    host,
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    nodeEnv,
    defaultMunicipality: env.DEFAULT_MUNICIPALITY || 'guetersloh',
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    mapTileUrl: env.MAP_TILE_URL || undefined,
    mapTileAttribution: env.MAP_TILE_ATTRIBUTION || undefined,
    publicBaseUrl: env.PUBLIC_BASE_URL || `http://localhost:${port}`,
    webDir: env.WEB_DIR ? resolve(env.WEB_DIR) : undefined,
    trustProxy: env.TRUST_PROXY === 'true',
    rateLimitPerMinute: integerFromEnv(env, 'RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    rateLimitStore: rateLimitStoreFromEnv(env),
    citizenWritesPerMinute: integerFromEnv(env, 'CITIZEN_WRITES_PER_MINUTE', 20, 1, 1_000_000),
    booking: {
      holdMinutes: integerFromEnv(env, 'HOLD_MINUTES', 15, 1, 24 * 60),
      waitlistOfferMinutes: integerFromEnv(env, 'WAITLIST_OFFER_MINUTES', 120, 5, 7 * 24 * 60),
      reminderHours: integerFromEnv(env, 'REMINDER_HOURS', 24, 1, 14 * 24),
      maxActiveBookingsPerPerson: integerFromEnv(env, 'MAX_ACTIVE_BOOKINGS_PER_PERSON', 3, 1, 100),
      retentionDays: integerFromEnv(env, 'RETENTION_DAYS', 30, 1, 3650),
      horizonWeeks: integerFromEnv(env, 'SCHEDULE_HORIZON_WEEKS', 12, 1, 104),
      leadTimeMinutes: integerFromEnv(env, 'BOOKING_LEAD_TIME_MINUTES', 30, 0, 7 * 24 * 60),
      holdLimits: {
        perClient: integerFromEnv(env, 'HOLDS_PER_CLIENT', 3, 1, 10_000),
        perStopPerClient: integerFromEnv(env, 'HOLDS_PER_STOP_PER_CLIENT', 2, 1, 10_000),
        unconfirmedShare: shareFromEnv(env, 'UNCONFIRMED_HOLD_SHARE', 0.5),
      },
    },
    smtpUrl: env.SMTP_URL || undefined,
    smtpUtf8: env.SMTP_UTF8 !== 'false',
    mailFrom: env.MAIL_FROM || 'Mobiles Rathaus <mobiles-rathaus@localhost>',
    mailDelivery: {
      maxAttempts: integerFromEnv(env, 'MAIL_MAX_ATTEMPTS', 8, 1, 50),
      connectionTimeoutMs: integerFromEnv(env, 'SMTP_CONNECTION_TIMEOUT_MS', 10_000, 100, 600_000),
      greetingTimeoutMs: integerFromEnv(env, 'SMTP_GREETING_TIMEOUT_MS', 10_000, 100, 600_000),
      socketTimeoutMs: integerFromEnv(env, 'SMTP_SOCKET_TIMEOUT_MS', 60_000, 100, 3_600_000),
    },
    captchaSecret: env.CAPTCHA_SECRET || undefined,
    captchaMaxNumber: integerFromEnv(env, 'CAPTCHA_MAX_NUMBER', 100_000, 10, 10_000_000),
    jobPollMs: integerFromEnv(env, 'JOB_POLL_MS', 1000, 50, 60_000),
    embedAllowedOrigins: env.EMBED_ALLOWED_ORIGINS || '*',
    seedSampleSchedules: env.SEED_SAMPLE_SCHEDULES !== 'false',
    seedDemoActivity: nodeEnv === 'development' && env.SEED_DEMO_ACTIVITY !== 'false',
    staffAuth: staffAuthFromEnv(env),
    oidc: oidcFromEnv(env),
    stationPosterSecret: stationPosterSecretFromEnv(env),
    homeVisitPassSecret: homeVisitPassSecretFromEnv(env),
    metrics: {
      token: env.METRICS_TOKEN || undefined,
      port: env.METRICS_PORT ? integerFromEnv(env, 'METRICS_PORT', 0, 0, 65535) : undefined,
    },
    abuse: {
      mailPerRecipientPerDay: integerFromEnv(env, 'MAIL_PER_RECIPIENT_PER_DAY', 10, 1, 10_000),
      confirmationResendMinutes: integerFromEnv(env, 'CONFIRMATION_RESEND_MINUTES', 60, 1, 24 * 60),
      walkInTicketsPerClient: integerFromEnv(env, 'WALK_IN_TICKETS_PER_CLIENT', 3, 1, 1000),
      calendarLinkMinutes: integerFromEnv(env, 'CALENDAR_LINK_MINUTES', 5, 1, 24 * 60),
    },
    efile: {
      transferDir: resolve(env.EFILE_TRANSFER_DIR || resolve(dataDir, 'efile', 'outbox')),
      inboxDir: resolve(env.EFILE_INBOX_DIR || resolve(dataDir, 'efile', 'inbox')),
      resendAfterHours: integerFromEnv(env, 'EFILE_RESEND_HOURS', 24, 1, 24 * 30),
    },
    documents: {
      maxBytes: integerFromEnv(env, 'DOCUMENT_MAX_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
      defaultRetentionDays: integerFromEnv(env, 'DOCUMENT_RETENTION_DAYS', 180, 1, 3650),
      keys: env.DOCUMENT_KEYS ? parseDocumentKeys(env.DOCUMENT_KEYS) : undefined,
    },
    webhooks: webhooksFromEnv(env, nodeEnv),
  };
}
