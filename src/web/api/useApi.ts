import { useEffect, useState } from 'react';
import { ApiError, fetchJson } from './client.ts';
import type { Problem } from './types.ts';

export type ApiState<T> =
  { status: 'loading' } | { status: 'error'; problem: Problem } | { status: 'ready'; data: T };

/** Loads `path` and reloads whenever it changes. */
export function useApi<T>(path: string): ApiState<T> {
  const [loaded, setLoaded] = useState<{ path: string; state: ApiState<T> } | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetchJson<T>(path, controller.signal).then(
      (data) => setLoaded({ path, state: { status: 'ready', data } }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const problem = error instanceof ApiError ? error.problem : { status: 0 };
        setLoaded({ path, state: { status: 'error', problem } });
      },
    );
    return () => controller.abort();
  }, [path]);

  // Data of the previous path is never shown as the answer for the new one.
  return loaded?.path === path ? loaded.state : { status: 'loading' };
}
