import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.ts';
import type { DatabaseHandle } from '../../../db/connection.ts';
import { buildApp } from '../../app.ts';
import { municipalityId } from '../../../../test/support/booking.ts';
import { signInAs } from '../../../../test/support/staffSession.ts';
import { createTestDatabase, testDatabaseKinds } from '../../../../test/support/testDatabase.ts';

describe.each(testDatabaseKinds)('the startup sweep of planning runs on %s', (kind) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => database?.close());

  it('fails runs no live process owns at once, and leaves the runs of a live process alone', async () => {
    const db = database.db;
    const municipality = await municipalityId(db);
    const now = new Date();
    // A process that is alive (renewed its registration just now) and one killed with -9 a while ago.
    await db
      .insertInto('scenario_runners')
      .values([
        { id: 'live-process', seen_at: now },
        { id: 'killed-process', seen_at: new Date(now.getTime() - 5 * 60_000) },
      ])
      .execute();
    const scenario = async (name: string, status: 'queued' | 'running' | 'done', runnerId: string | null) =>
      (
        await db
          .insertInto('planning_scenarios')
          .values({
            municipality_id: municipality,
            name,
            inputs: JSON.stringify({}),
            status,
            runner_id: runnerId,
            created_by: 'staff:test',
            started_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const killed = await scenario('killed run', 'running', 'killed-process');
    const unowned = await scenario('queued before the upgrade', 'queued', null);
    const live = await scenario('running elsewhere', 'running', 'live-process');
    const finished = await scenario('finished', 'done', 'killed-process');

    const app = await buildApp({ db, config: loadConfig({ NODE_ENV: 'test' }) });
    await app.ready();
    try {
      const rows = await db
        .selectFrom('planning_scenarios')
        .select(['id', 'status', 'error', 'runner_id'])
        .execute();
      const byId = new Map(rows.map((row) => [row.id, row]));
      expect(byId.get(killed)).toMatchObject({ status: 'failed', runner_id: null });
      expect(byId.get(killed)!.error).toMatchObject({ reason: 'crashed' });
      expect(byId.get(unowned)).toMatchObject({ status: 'failed' });
      expect(byId.get(live)).toMatchObject({ status: 'running', runner_id: 'live-process' });
      expect(byId.get(finished)).toMatchObject({ status: 'done' });
      const audit = await db
        .selectFrom('audit_events')
        .select(['subject_id', 'actor'])
        .where('action', '=', 'scenario.run_failed')
        .execute();
      expect(audit.map((event) => event.subject_id).sort()).toEqual([killed, unowned].sort());
      expect(audit.every((event) => event.actor === 'system:startup')).toBe(true);
      // The new process is registered, the dead one is forgotten.
      const runners = await db.selectFrom('scenario_runners').select('id').execute();
      expect(runners.map((runner) => runner.id)).toContain('live-process');
      expect(runners.map((runner) => runner.id)).not.toContain('killed-process');
      expect(runners).toHaveLength(2);

      // The failed run can be deleted at once; the live one cannot.
      const planner = await signInAs(app, 'planner');
      const remove = (id: string) =>
        app.inject({
          method: 'DELETE',
          url: `/api/v1/staff/planning/scenarios/${id}`,
          headers: planner.headers,
        });
      expect((await remove(killed)).statusCode).toBe(204);
      expect((await remove(live)).statusCode).toBe(409);
    } finally {
      await app.close();
    }
    // A clean shutdown removes the registration.
    expect(await db.selectFrom('scenario_runners').select('id').execute()).toEqual([{ id: 'live-process' }]);
  });
});
