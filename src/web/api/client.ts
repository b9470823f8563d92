import type { Problem } from './types.ts';

/** A failed API call: the problem details from the server, or a made-up one when the network failed. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

async function send<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiError({ status: 0, title: 'Network error' });
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => undefined)) as Problem | undefined;
    throw new ApiError({ ...problem, status: response.status });
  }
  // 202/204 may come without a body.
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** `headers` carry secrets that must not be part of the address (a booking's token: X-Booking-Token). */
export async function fetchJson<T>(
  path: string,
  signal?: AbortSignal,
  headers: Record<string, string> = {},
): Promise<T> {
  return send<T>(path, { headers: { accept: 'application/json', ...headers }, signal });
}

/** POSTs `body` as JSON; the answer's JSON, or undefined for an empty answer (202, 204). */
export async function postJson<T>(
  path: string,
  body: unknown,
  signal?: AbortSignal,
  headers: Record<string, string> = {},
): Promise<T> {
  return send<T>(path, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal,
  });
}

/** The short code of a problem type (`https://…/problems/slot-full` → `slot-full`). */
export function problemCode(problem: Problem): string | undefined {
  return problem.type?.split('/').pop();
}
