import { useEffect, useState } from 'react';
import { ApiProblem, fetchJson } from './client.ts';
import type { Problem } from './types.ts';

export type ApiState<T> =
  { status: 'loading' } | { status: 'error'; problem: Problem } | { status: 'ready'; data: T };

/**
 * Loads `path` and reloads whenever it changes, or when `reloadKey` changes (after the data was changed).
 * `headers` (e.g. a booking's X-Booking-Token) are sent along; a change of them loads again.
 */
export function useApi<T>(path: string, reloadKey = 0, headers?: Record<string, string>): ApiState<T> {
  const headerKey = headers ? JSON.stringify(headers) : '';
  const key = `${reloadKey}:${path}:${headerKey}`;
  const [loaded, setLoaded] = useState<{ key: string; state: ApiState<T> } | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetchJson<T>(
      path,
      controller.signal,
      headerKey ? (JSON.parse(headerKey) as Record<string, string>) : {},
    ).then(
      (data) => setLoaded({ key, state: { status: 'ready', data } }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const problem = error instanceof ApiProblem ? error.problem : { status: 0 };
        setLoaded({ key, state: { status: 'error', problem } });
      },
    );
    return () => controller.abort();
  }, [path, key, headerKey]);

  // Data of the previous path is never shown as the answer for the new one.
  return loaded?.key === key ? loaded.state : { status: 'loading' };
}
