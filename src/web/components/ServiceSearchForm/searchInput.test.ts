import { describe, expect, it } from 'vitest';
import { searchInputErrorsFromProblem, toChannel, validateSearchInput } from './searchInput.ts';

describe('validateSearchInput', () => {
  it('accepts a query of 100 characters', () => {
    expect(validateSearchInput({ query: 'a'.repeat(100), channel: '' })).toEqual([]);
  });

  it('rejects a query longer than 100 characters', () => {
    expect(validateSearchInput({ query: 'a'.repeat(101), channel: 'online' })).toEqual([
      { field: 'q', reason: 'tooLong' },
    ]);
  });
});

describe('searchInputErrorsFromProblem', () => {
  it('reads the field of a 400 problem', () => {
    const problem = {
      status: 400,
      field: 'q',
      errors: [{ field: 'q', message: 'must NOT have more than 100 characters' }],
    };
    expect(searchInputErrorsFromProblem(problem, { query: 'x'.repeat(101), channel: '' })).toEqual([
      { field: 'q', reason: 'tooLong' },
    ]);
  });

  it('ignores problems that are not about the input', () => {
    expect(searchInputErrorsFromProblem({ status: 500 }, { query: '', channel: '' })).toEqual([]);
  });
});

describe('toChannel', () => {
  it('keeps the two known channels and drops anything else', () => {
    expect(toChannel('online')).toBe('online');
    expect(toChannel('in_person')).toBe('in_person');
    expect(toChannel('fax')).toBe('');
    expect(toChannel(null)).toBe('');
  });
});
