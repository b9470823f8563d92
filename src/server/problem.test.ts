import Fastify from 'fastify';
import Type from 'typebox';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { notFound, ProblemSchema, registerProblemHandlers } from './problem.ts';

// The one mapper from errors to RFC 9457 problem+json: DomainError, schema validation and Fastify's own.
async function appThrowing(error: Error) {
  const app = Fastify();
  app.addSchema(ProblemSchema);
  registerProblemHandlers(app);
  app.get('/throw', { schema: { response: { 409: Type.Ref('Problem'), 404: Type.Ref('Problem') } } }, () => {
    throw error;
  });
  app.post(
    '/validated',
    { schema: { body: Type.Object({ name: Type.String({ minLength: 1 }) }) } },
    () => ({}),
  );
  await app.ready();
  return app;
}

describe('problem+json', () => {
  it('carries a DomainError with its snake_case code, the field and the details', async () => {
    const app = await appThrowing(
      new DomainError('slot_full', {
        field: 'start',
        message: 'no counter is free',
        details: { reason: 'full' },
      }),
    );
    const response = await app.inject({ method: 'GET', url: '/throw?x=1' });
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.json()).toEqual({
      type: 'https://mobiles-rathaus.de/problems/slot-full',
      title: 'Conflict',
      status: 409,
      code: 'slot_full',
      detail: 'no counter is free',
      instance: '/throw',
      field: 'start',
      details: { reason: 'full' },
    });
    await app.close();
  });

  it('keeps notFound a 404 naming the field', async () => {
    const app = await appThrowing(notFound('stop', 'stopId', 'abc'));
    const response = await app.inject({ method: 'GET', url: '/throw' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({
      code: 'not_found',
      field: 'stopId',
      detail: 'No stop with id "abc" exists here.',
    });
    expect(response.json()).not.toHaveProperty('details');
    await app.close();
  });

  it('gives schema validation and framework errors snake_case codes too', async () => {
    const app = await appThrowing(new Error('unused'));
    const invalid = await app.inject({ method: 'POST', url: '/validated', payload: { name: '' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ code: 'validation', field: 'name' });
    const wrongType = await app.inject({
      method: 'POST',
      url: '/validated',
      headers: { 'content-type': 'text/csv' },
      payload: 'a,b',
    });
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.json()).toMatchObject({ code: 'fst_err_ctp_invalid_media_type', field: 'content-type' });
    expect(wrongType.json().type).toBe('https://mobiles-rathaus.de/problems/fst-err-ctp-invalid-media-type');
    await app.close();
  });
});
