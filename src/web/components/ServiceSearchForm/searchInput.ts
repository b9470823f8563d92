import type { Channel, Problem } from '../../api/types.ts';

export const maxQueryLength = 100;

export interface SearchInput {
  query: string;
  channel: Channel | '';
}

/** Which field was wrong and why; the form turns this into a message. */
export interface SearchInputError {
  field: 'q' | 'channel';
  reason: 'tooLong' | 'invalid';
}

/** The same rule the API applies (q: at most 100 characters), checked before the round trip. */
export function validateSearchInput(input: SearchInput): SearchInputError[] {
  return input.query.trim().length > maxQueryLength ? [{ field: 'q', reason: 'tooLong' }] : [];
}

/** The API's 400 problem names the wrong query parameter in `field`. */
export function searchInputErrorsFromProblem(problem: Problem, input: SearchInput): SearchInputError[] {
  if (problem.status !== 400) return [];
  const fields = problem.errors?.map((error) => error.field) ?? (problem.field ? [problem.field] : []);
  return [...new Set(fields)]
    .filter((field): field is 'q' | 'channel' => field === 'q' || field === 'channel')
    .map((field) => ({
      field,
      reason: field === 'q' && input.query.length > maxQueryLength ? 'tooLong' : 'invalid',
    }));
}

export function toChannel(value: string | null): Channel | '' {
  return value === 'online' || value === 'in_person' ? value : '';
}
