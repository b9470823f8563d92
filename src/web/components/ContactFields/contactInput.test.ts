import { describe, expect, it } from 'vitest';
import { validateContact } from './contactInput.ts';

describe('validateContact', () => {
  it('accepts a name, an e-mail address and an optional phone number', () => {
    expect(validateContact({ name: 'Erika Mustermann', email: 'erika@example.org', phone: '' })).toEqual([]);
    expect(validateContact({ name: 'Erika', email: 'erika@example.org', phone: '05241 82-0' })).toEqual([]);
  });

  it('names each wrong field with its reason', () => {
    expect(validateContact({ name: ' ', email: '', phone: 'abc' })).toEqual([
      { field: 'name', reason: 'required' },
      { field: 'email', reason: 'required' },
      { field: 'phone', reason: 'invalid' },
    ]);
    expect(validateContact({ name: 'x'.repeat(201), email: 'erika@', phone: '' })).toEqual([
      { field: 'name', reason: 'tooLong' },
      { field: 'email', reason: 'invalid' },
    ]);
  });

  it('leaves the phone number out where the form has none', () => {
    expect(
      validateContact({ name: 'Erika', email: 'erika@example.org', phone: 'abc' }, { withPhone: false }),
    ).toEqual([]);
  });
});
