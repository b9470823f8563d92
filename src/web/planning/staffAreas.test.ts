import { describe, expect, it } from 'vitest';
import { backOfficePages } from './staffAreas.ts';

const pageRoles = (key: string) => backOfficePages.find((page) => page.key === key)?.roles;

describe('back-office pages and their roles', () => {
  it('participation pages open for exactly the roles their routes answer (authorizationMatrix.test.ts)', () => {
    // GET /api/v1/staff/moderation, POST /api/v1/staff/moderation/decisions,
    // POST /api/v1/staff/comments/:commentId/official-answers: admin and planner.
    expect(pageRoles('moderation')).toEqual(['admin', 'planner']);
    // GET /api/v1/staff/suggestions, PUT /api/v1/staff/suggestions/:suggestionId/answer: admin and planner.
    expect(pageRoles('suggestionAnswers')).toEqual(['admin', 'planner']);
  });

  it('every page has its own path', () => {
    const paths = backOfficePages.map((page) => page.path);
    expect(new Set(paths).size).toBe(paths.length);
  });
});
