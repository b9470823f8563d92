import { describe, expect, it } from 'vitest';
import { domainErrorStatusByCode } from '../../src/domain/errors.ts';
import { problemCodesWithMessages, problemMessageKey } from '../../src/web/api/problemMessages.ts';
import { ApiProblem } from '../../src/web/api/client.ts';
import planningDe from '../../src/web/planning/i18n/de.json' with { type: 'json' };
import planningEn from '../../src/web/planning/i18n/en.json' with { type: 'json' };
import stationDe from '../../src/web/station/i18n/de.json' with { type: 'json' };
import stationEn from '../../src/web/station/i18n/en.json' with { type: 'json' };

// The staff apps show a server error by its code (src/web/api/problemMessages.ts): every code the server
// can send has a message in German and English in both apps, so no staff page falls back to English.

const files = {
  'planning/de': planningDe,
  'planning/en': planningEn,
  'station/de': stationDe,
  'station/en': stationEn,
} as const;

const codes = [...Object.keys(domainErrorStatusByCode), 'network_error', 'internal', 'generic'];

describe('problem messages of the staff apps', () => {
  for (const [name, messages] of Object.entries(files)) {
    it(`${name} has a message for every error code`, () => {
      const problems = (messages as { problems?: Record<string, unknown> }).problems ?? {};
      const missing = codes.filter((code) => typeof problems[code] !== 'string' || !problems[code]);
      expect(missing).toEqual([]);
    });
  }

  it('maps every domain code to its own message key', () => {
    for (const code of Object.keys(domainErrorStatusByCode)) {
      expect(Object.hasOwn(problemCodesWithMessages, code)).toBe(true);
      expect(problemMessageKey(new ApiProblem({ status: 409, code }))).toBe(`problems.${code}`);
    }
  });

  it('falls back to a general message for an unknown code, a network failure has its own', () => {
    expect(problemMessageKey(new ApiProblem({ status: 400, code: 'fst_err_something' }))).toBe(
      'problems.generic',
    );
    expect(problemMessageKey(new ApiProblem({ status: 0 }))).toBe('problems.network_error');
    expect(problemMessageKey(new Error('bug'))).toBe('problems.generic');
  });
});
