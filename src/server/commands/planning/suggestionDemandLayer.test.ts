import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/connection.ts';
import { municipalityId } from '../../../../test/support/booking.ts';
import { createTestDatabase, testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import { demandFromLayers, type LayerContext } from './demandLayerLoader.ts';

describe.each(testDatabaseKinds)('the citizens’ suggestions as a demand layer on %s', (kind) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => database?.close());

  it('weighs each published suggestion 1 plus its confirmed supports, times the layer weight; others count not', async () => {
    const db = database.db;
    const municipality = await municipalityId(db);
    const context: LayerContext = {
      db,
      municipalityId: municipality,
      districtDemand: [],
      districtRows: [],
      pastContactsByDistrict: {},
      shareLimitedMobility: 0,
    };

    // No published suggestion: the layer is empty, and alone it is refused as holding no demand.
    await expect(demandFromLayers(context, [{ kind: 'suggestions', weight: 1 }])).rejects.toMatchObject({
      field: 'layerWeights',
    });

    const suggestion = async (status: 'pending' | 'published' | 'rejected', lat: number, lon: number) =>
      (
        await db
          .insertInto('suggestions')
          .values({
            municipality_id: municipality,
            lat,
            lon,
            reason: 'Hier wäre ein Halt gut für alle.',
            status,
            confirmed_at: new Date(),
            ...(status === 'published' ? { published_at: new Date() } : {}),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const popular = await suggestion('published', 51.906, 8.378);
    const quiet = await suggestion('published', 51.92, 8.4);
    await suggestion('pending', 51.91, 8.39);
    await suggestion('rejected', 51.91, 8.39);
    const support = (suggestionId: string, status: 'pending' | 'confirmed' | 'withdrawn', n: number) =>
      db
        .insertInto('suggestion_supports')
        .values({
          municipality_id: municipality,
          suggestion_id: suggestionId,
          email_hash: `hash-${suggestionId}-${status}-${n}`,
          token_hash: `token-${suggestionId}-${status}-${n}`,
          status,
        })
        .execute();
    for (const n of [1, 2, 3]) await support(popular, 'confirmed', n);
    await support(popular, 'pending', 4);
    await support(popular, 'withdrawn', 5);

    const { demand, notes } = await demandFromLayers(context, [{ kind: 'suggestions', weight: 2 }]);
    const byId = Object.fromEntries(demand.map((point) => [point.id.split(':')[1], point]));
    expect(Object.keys(byId).sort()).toEqual([popular, quiet].sort());
    // 1 + 3 confirmed supports (pending and withdrawn ones count not), times the layer weight 2.
    expect(byId[popular]!.counts).toEqual({ residents: 8 });
    expect(byId[quiet]!.counts).toEqual({ residents: 2 });
    expect(byId[popular]!).toMatchObject({ lat: 51.906, lon: 8.378, source: 'suggestions' });
    expect(notes).toContainEqual({ code: 'layerWeight.suggestions', params: { weight: 2 } });
  });
});
