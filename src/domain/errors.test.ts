import { describe, expect, it } from 'vitest';
import { DomainError, domainErrorStatusByCode, isDomainError } from './errors.ts';

describe('DomainError', () => {
  it('carries code, status, field and details', () => {
    const error = new DomainError('invalid_quantity', {
      field: 'services[0].quantity',
      details: { max: 10 },
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DomainError');
    expect(error.code).toBe('invalid_quantity');
    expect(error.status).toBe(422);
    expect(error.field).toBe('services[0].quantity');
    expect(error.message).toBe('invalid quantity');
    expect(isDomainError(error)).toBe(true);
    expect(isDomainError(error, 'slot_full')).toBe(false);
    expect(isDomainError(new Error('x'))).toBe(false);
  });

  it('maps codes to the agreed HTTP statuses', () => {
    expect(new DomainError('stop_conflict').status).toBe(409);
    expect(new DomainError('slot_full').status).toBe(409);
    expect(new DomainError('not_found').status).toBe(404);
    expect(new DomainError('invalid_email').status).toBe(400);
    expect(new DomainError('database_unavailable').status).toBe(503);
    expect(new DomainError('invalid_character').status).toBe(400);
    expect(new DomainError('stop_in_past').status).toBe(422);
    expect(new DomainError('reset_link_invalid').status).toBe(410);
    expect(new DomainError('sign_in_throttled').status).toBe(429);
    expect(new DomainError('not_signed_in').status).toBe(401);
    expect(new DomainError('role_not_allowed').status).toBe(403);
    expect(new DomainError('hold_expired').status).toBe(410);
    expect(new DomainError('account_locked').status).toBe(423);
    expect(new DomainError('shutting_down').status).toBe(503);
    for (const status of Object.values(domainErrorStatusByCode))
      expect([400, 401, 403, 404, 409, 410, 413, 422, 423, 429, 502, 503]).toContain(status);
  });

  it('has one casing for codes: snake_case', () => {
    for (const code of Object.keys(domainErrorStatusByCode))
      expect(code).toMatch(/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/);
  });
});
