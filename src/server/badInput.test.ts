import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/testApp.ts';
import { signInAs, type StaffSignIn } from '../../test/support/staffSession.ts';

/**
 * Every operation of the OpenAPI document, fed random path parameters, query strings and bodies: the answer is
 * never a 500, and every error is RFC 9457 problem+json.
 */
describe('bad input never causes a server error', () => {
  let test: TestApp;
  let admin: StaffSignIn;
  let operations: { method: string; path: string }[] = [];
  beforeAll(async () => {
    test = await createTestApp('pglite', { captchaMaxNumber: 50 });
    admin = await signInAs(test.app, 'admin');
    const document = test.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((method) => ['get', 'post', 'patch', 'put', 'delete'].includes(method))
        .map((method) => ({ method: method.toUpperCase(), path })),
    );
  });
  afterAll(async () => test?.close());

  const junk = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom(
      '',
      ' ',
      '%00',
      '../../etc/passwd',
      "' OR 1=1 --",
      '😀',
      'null',
      '-1',
      '1e309',
      '2027-02-30',
      'ä'.repeat(300),
    ),
    fc.uuid(),
    fc.integer().map(String),
  );
  const body = fc.oneof(
    fc.object({ maxDepth: 2 }),
    fc.record(
      {
        stopId: fc.uuid(),
        startsAt: junk,
        services: fc.array(fc.record({ serviceId: junk, quantity: fc.integer() })),
        email: junk,
        name: junk,
        token: junk,
        captcha: junk,
      },
      { requiredKeys: [] },
    ),
    fc.constant(null),
    fc.array(fc.anything(), { maxLength: 3 }),
  );

  it('answers random input on every operation with a 2xx, 3xx or 4xx', async () => {
    expect(operations.length).toBeGreaterThan(30);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations),
        fc.array(junk, { minLength: 3, maxLength: 3 }),
        fc.dictionary(
          fc.constantFrom('q', 'from', 'to', 'services', 'districtId', 'siteId', 'token', 'date', 'channel'),
          junk,
          { maxKeys: 3 },
        ),
        body,
        fc.boolean(),
        async (operation, params, query, payload, signedIn) => {
          let index = 0;
          const path = operation.path.replace(/\{[^}]+\}/g, () =>
            encodeURIComponent(params[index++ % params.length] ?? 'x'),
          );
          const search = new URLSearchParams(query).toString();
          const response = await test.app.inject({
            method: operation.method as 'GET',
            url: `${path}${search ? `?${search}` : ''}`,
            headers: signedIn ? admin.headers : {},
            ...(operation.method === 'GET' || operation.method === 'DELETE'
              ? {}
              : {
                  payload: JSON.stringify(payload),
                  headers: { ...(signedIn ? admin.headers : {}), 'content-type': 'application/json' },
                }),
          });
          expect(
            response.statusCode,
            `${operation.method} ${path}?${search} → ${response.body.slice(0, 300)}`,
          ).toBeLessThan(500);
          if (response.statusCode >= 400)
            expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        },
      ),
      { numRuns: 600, seed: 20261129 },
    );
  });
});
