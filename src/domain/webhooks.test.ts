import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isDomainError } from './errors.ts';
import {
  caseEventTypes,
  checkCaseEventData,
  checkEventTypes,
  checkWebhookUrl,
  retryDelayMs,
} from './webhooks.ts';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, field: error.field, details: error.details };
    throw error;
  }
  return undefined;
};

describe('webhook rules', () => {
  it('takes https everywhere and plain http only to localhost outside production', () => {
    const dev = { allowHttpLocalhost: true };
    const production = { allowHttpLocalhost: false };
    expect(checkWebhookUrl('https://fv.guetersloh.de/hooks', production)).toBe(
      'https://fv.guetersloh.de/hooks',
    );
    expect(checkWebhookUrl('http://127.0.0.1:8080/h', dev)).toBe('http://127.0.0.1:8080/h');
    expect(checkWebhookUrl('http://localhost/h', dev)).toBe('http://localhost/h');
    for (const [url, options, reason] of [
      ['http://127.0.0.1:8080/h', production, 'https_required'],
      ['http://fv.example/h', dev, 'https_required'],
      ['ftp://fv.example/h', dev, 'https_required'],
      ['https://user:secret@fv.example/h', dev, 'credentials_in_url'],
      ['https://fv.example/h#part', dev, 'fragment'],
      ['fv.example/h', dev, 'not_absolute'],
    ] as const) {
      expect(
        refusal(() => checkWebhookUrl(url, options)),
        url,
      ).toEqual({
        code: 'invalid_webhook_url',
        field: 'url',
        details: { reason },
      });
    }
  });

  it('takes event types from the catalogue only, names the wrong one, and drops repeats', () => {
    expect(checkEventTypes([caseEventTypes[1], caseEventTypes[0], caseEventTypes[1]])).toEqual(
      [caseEventTypes[0], caseEventTypes[1]].sort(),
    );
    expect(refusal(() => checkEventTypes([caseEventTypes[0], 'case.deleted']))).toMatchObject({
      code: 'unknown_event_type',
      field: 'eventTypes[1]',
    });
    expect(refusal(() => checkEventTypes([]))).toMatchObject({ field: 'eventTypes' });
  });

  it('waits twice as long after each failed attempt, plus at most 20 % jitter, never over 6 hours', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 100, max: 3_600_000 }),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        (attempts, base, random) => {
          const delay = retryDelayMs(attempts, base, random);
          const plain = Math.min(6 * 3_600_000, base * 2 ** (attempts - 1));
          expect(delay).toBeGreaterThanOrEqual(plain);
          expect(delay).toBeLessThanOrEqual(Math.min(6 * 3_600_000, Math.ceil(plain * 1.2)));
          if (plain * 1.2 < 6 * 3_600_000) {
            expect(retryDelayMs(attempts + 1, base, random)).toBeGreaterThan(delay);
          }
        },
      ),
    );
  }, 30_000);

  it('lets case event data carry ids, numbers and states, and no personal details', () => {
    expect(checkCaseEventData({ caseNumber: '2026-0001', status: 'open', step: null })).toEqual({
      caseNumber: '2026-0001',
      status: 'open',
      step: null,
    });
    expect(() => checkCaseEventData({ name: 'Erika Mustermann' })).toThrow(/must not carry "name"/);
    expect(() => checkCaseEventData({ email: 'e@example.org' })).toThrow(/must not carry "email"/);
    expect(() => checkCaseEventData({ status: { citizen: 'x' } })).toThrow(/string, number, boolean or null/);
  });
});
