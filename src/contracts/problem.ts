// The problem+json body every API error answers with (RFC 9457), derived from the server's schema.
// Type-only: the web apps import it with `import type`, so no server code reaches a browser bundle.
import type { Static } from 'typebox';
import type { ProblemSchema } from '../server/problem.ts';

/** `code` is the stable snake_case error code clients choose their messages by; `field` the input at fault. */
export type ProblemBody = Static<typeof ProblemSchema>;

/** Every error code a domain error can carry (src/domain/errors.ts `domainErrorStatusByCode`). */
export type { DomainErrorCode } from '../domain/errors.ts';
