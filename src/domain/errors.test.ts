import { describe, expect, it } from 'vitest';
import { DomainError, domainErrorStatusByCode, isDomainError, toProblemDetails } from './errors.ts';

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
    for (const status of Object.values(domainErrorStatusByCode))
      expect([400, 403, 404, 409, 410, 422, 429, 503]).toContain(status);
  });

  it('renders RFC 9457 problem details with the field in errors[]', () => {
    const error = new DomainError('slot_full', {
      field: 'start',
      message: 'no counter is free',
      details: { reason: 'full' },
    });
    expect(toProblemDetails(error)).toEqual({
      type: '/problems/slot-full',
      title: 'slot full',
      status: 409,
      detail: 'no counter is free',
      code: 'slot_full',
      errors: [{ field: 'start', code: 'slot_full', detail: 'no counter is free' }],
      details: { reason: 'full' },
    });
    expect(toProblemDetails(new DomainError('not_found'))).not.toHaveProperty('errors');
  });
});
