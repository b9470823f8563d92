import { vi } from 'vitest';

type Handler = (init: RequestInit | undefined, url: URL) => { status?: number; body?: unknown };

/**
 * Replaces fetch with answers per "METHOD /path" (query ignored); records the requests.
 * Unknown requests answer 404 as problem details.
 */
export function fakeApi(routes: Record<string, Handler>) {
  const requests: { method: string; url: URL; body: unknown; headers: Record<string, string> }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input), 'http://portal.test');
    const method = init?.method ?? 'GET';
    requests.push({
      method,
      url,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      headers: { ...(init?.headers as Record<string, string> | undefined) },
    });
    const handler = routes[`${method} ${url.pathname}`];
    const answer = handler ? handler(init, url) : { status: 404, body: { status: 404, title: 'Not Found' } };
    const status = answer.status ?? 200;
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status,
      headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { requests };
}
