import type { ProblemBody } from '../../contracts/problem.ts';

// The one API client of the three web apps (portal, station, planner): JSON in and out, problem+json errors
// as `ApiProblem`, and the staff session's CSRF token on unsafe methods.

/**
 * The problem details of a failed call as the web apps see them: the server's body (RFC 9457, see
 * src/contracts/problem.ts) with every part optional but the status, which is 0 when the network failed.
 */
export type Problem = Partial<ProblemBody> & { status: number };

/**
 * A failed API call: the server's problem details, or a made-up one with status 0 when the network failed.
 * Pages choose their messages by `code` (snake_case, stable), never by the English `detail` or the `type` URI.
 */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  readonly status: number;
  readonly code: string | undefined;
  readonly field: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.status = problem.status;
    this.code = problem.code;
    this.field = problem.field;
    this.details = problem.details;
  }
}

/** The problem of any error a call threw: an `ApiProblem`'s own, else one with status 0 (network, parsing). */
export const problemOf = (error: unknown): Problem =>
  error instanceof ApiProblem ? error.problem : { status: 0 };

export interface RequestOptions {
  /** Sent as JSON; without it no body and no content-type. */
  body?: unknown;
  /** A file sent as it is, instead of `body` (give its type as `content-type` in `headers`). */
  raw?: Blob;
  /** Secrets that must not be part of the address (a booking's token: X-Booking-Token). */
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

export interface ApiClientOptions {
  /** The fetch cache mode; the station asks with `no-store`, so its service worker never answers from cache. */
  cache?: RequestCache;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A client with its own CSRF token: the staff apps set the token of their session (`setCsrfToken`), and
 * every unsafe method (POST, PUT, PATCH, DELETE) carries it in `x-csrf-token` while one is set.
 */
export function createApiClient({ cache }: ApiClientOptions = {}) {
  let csrfToken: string | undefined;

  async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const { body, raw, headers = {}, signal } = options;
    const init: RequestInit = {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(!safeMethods.has(method) && csrfToken ? { 'x-csrf-token': csrfToken } : {}),
        ...headers,
      },
      ...(cache ? { cache } : {}),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      // A file sent as it is (its Content-Type in `headers`).
      ...(raw === undefined ? {} : { body: raw }),
      ...(signal ? { signal } : {}),
    };
    let response: Response;
    try {
      response = await fetch(path, init);
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiProblem({ status: 0, code: 'network_error', title: 'Network error' });
    }
    if (!response.ok) {
      const problem = (await response.json().catch(() => undefined)) as Partial<ProblemBody> | undefined;
      throw new ApiProblem({ ...problem, status: response.status });
    }
    // 202/204 may come without a body.
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    request,
    setCsrfToken(token: string | undefined) {
      csrfToken = token || undefined;
    },
  };
}

/** The citizen portal's client: no session, so never a CSRF token. */
const portal = createApiClient();

/** GETs `path`; `headers` carry secrets that must not be part of the address. */
export async function fetchJson<T>(
  path: string,
  signal?: AbortSignal,
  headers: Record<string, string> = {},
): Promise<T> {
  return portal.request<T>('GET', path, { signal, headers });
}

/** POSTs `body` as JSON; the answer's JSON, or undefined for an empty answer (202, 204). */
export async function postJson<T>(
  path: string,
  body: unknown,
  signal?: AbortSignal,
  headers: Record<string, string> = {},
): Promise<T> {
  return portal.request<T>('POST', path, { body, signal, headers });
}
