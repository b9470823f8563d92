/** PostgreSQL error codes the commands react to (same codes on PGlite). */
export const pgErrorCodes = {
  uniqueViolation: '23505',
  exclusionViolation: '23P01',
  checkViolation: '23514',
  foreignKeyViolation: '23503',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const;

export function pgErrorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

export function pgConstraint(error: unknown): string | undefined {
  return typeof error === 'object' &&
    error !== null &&
    'constraint' in error &&
    typeof error.constraint === 'string'
    ? error.constraint
    : undefined;
}

/** Runs `work` again when PostgreSQL reports a serialisation failure or deadlock, a few times at most. */
export async function retryOnTransientConflict<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = pgErrorCode(error);
      const transient = code === pgErrorCodes.serializationFailure || code === pgErrorCodes.deadlockDetected;
      if (!transient || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    }
  }
}

const unavailableNetworkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections, database_dropped is not transient.
const unavailableSqlStates = new Set(['57P01', '57P02', '57P03', '53300']);
const unavailableMessages = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /Client has encountered a connection error and is not queryable/,
  /Client was closed and is not queryable/,
  /Connection ended unexpectedly/,
];

/**
 * Whether an error means the database cannot be reached right now (down, restarting, failing over, or the
 * connection was ended under the request), as opposed to a fault in the request or in our code. Such a
 * request may succeed when tried again: the server answers 503 with Retry-After.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = pgErrorCode(error);
  if (code !== undefined) {
    if (unavailableNetworkCodes.has(code) || unavailableSqlStates.has(code)) return true;
    // Class 08: connection exception.
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (error instanceof AggregateError && error.errors.some(isDatabaseUnavailable)) return true;
  const message = error instanceof Error ? error.message : '';
  if (unavailableMessages.some((pattern) => pattern.test(message))) return true;
  return 'cause' in error && error.cause !== error && isDatabaseUnavailable(error.cause);
}
