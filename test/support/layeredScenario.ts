import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

/**
 * Three demand points as a planner uploads them (semicolons, one row with decimal commas): a care home, a school
 * and housing, with their weights.
 */
export const THREE_DEMAND_POINTS = [
  'name;lat;lon;weight;category',
  'Haus am Stadtpark;51,9050;8,3900;85;Pflegeheim',
  'Grundschule Avenwedde;51.9370;8.4440;240;Schule',
  'Unterkunft Nordring;51.9150;8.3700;60;Unterkunft',
].join('\n');

/**
 * A scenario on two layers, so the robustness check has variants: uploads the three demand points as a points
 * layer and creates an MCLP scenario weighting the districts 1 and the points 2 (not run yet). Returns its id.
 */
export async function createLayeredScenario(
  app: Pick<FastifyInstance, 'inject'>,
  headers: Record<string, string>,
  name: string,
): Promise<string> {
  const uploaded = await app.inject({
    method: 'POST',
    url: '/api/v1/staff/demand-layers/points?fileName=punkte.csv',
    headers: { ...headers, 'content-type': 'text/csv' },
    payload: THREE_DEMAND_POINTS,
  });
  expect(uploaded.statusCode, uploaded.body).toBe(200);
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/staff/planning/scenarios',
    headers,
    payload: {
      name,
      objective: 'mclp',
      units: 1,
      staffDaysPerWeek: 2,
      p: 2,
      coverageThresholdMinutes: 15,
      travelMode: 'bus',
      weights: { residents: 1, residents65plus: 1, limitedMobility: 2, pastBookings: 0 },
      layerWeights: [
        { kind: 'districts', weight: 1 },
        { kind: 'points', weight: 2 },
      ],
      timeLimitSeconds: 10,
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json<{ id: string }>().id;
}
