import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateActivity } from './activitySimulator.ts';
import { simulationCatalogue, writeSimulatedActivity } from './demoActivity.ts';
import { addDays, localDateOf, zonedInstant } from '../../domain/time.ts';
import { createTestDatabase, testDatabaseKinds } from '../../../test/support/testDatabase.ts';
import { insertVisitTicket } from '../../../test/support/evaluationFixture.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import { evaluate, onlineCandidates } from '../../server/queries/evaluationQuery.ts';

/**
 * The evaluation's read model (migration 035) gives exactly the figures of the source tables, and a write to a
 * past stop's visits is seen at the next read.
 */
describe.each(testDatabaseKinds)('the evaluation read model on %s', (kind) => {
  let handle: DatabaseHandle;
  let mid: string;
  const today = localDateOf(Date.now());
  const from = addDays(today, -40);
  const to = today;
  const filter = { from, to };

  const both = async (extra: { channel?: 'walk_in'; siteId?: string; serviceId?: string } = {}) => {
    const digested = await evaluate(handle.db, mid, { ...filter, ...extra }, undefined);
    const fresh = await evaluate(handle.db, mid, { ...filter, ...extra }, undefined, { useDigests: false });
    return { digested, fresh };
  };
  const digestCount = async () =>
    Number(
      (
        await handle.db
          .selectFrom('stop_visit_digests')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const oldStop = async () =>
    handle.db
      .selectFrom('stops')
      .select(['id', 'local_date'])
      .where('status', '=', 'closed')
      .where('local_date', '<=', addDays(today, -5))
      .orderBy('local_date')
      .limit(2)
      .execute();

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    ({ id: mid } = await handle.db
      .selectFrom('municipalities')
      .select('id')
      .where('slug', '=', 'guetersloh')
      .executeTakeFirstOrThrow());
    // Forty days of daily stops up to yesterday, and one today: old stops get digests, the last two days do not.
    const activity = simulateActivity({
      seed: 3,
      from,
      to,
      timetable: [
        {
          unitId: 'rathausmobil',
          siteId: 'stadtbibliothek',
          pattern: { kind: 'weekly', weekdays: [1, 2, 3, 4, 5, 6, 7] },
          startTime: '09:00',
          endTime: '12:00',
        },
      ],
      ...(await simulationCatalogue(handle.db, mid)),
    });
    await writeSimulatedActivity(handle.db, mid, activity, { demo: false });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('builds digests for stops two days past and gives the same figures as the source tables', async () => {
    expect(await digestCount()).toBe(0);
    const first = await both();
    expect(first.digested.totals.visits).toBeGreaterThan(100);
    expect(first.digested).toEqual(first.fresh);
    const oldStops = await handle.db
      .selectFrom('stops')
      .select('id')
      .where('local_date', '<=', addDays(today, -2))
      .execute();
    expect(await digestCount()).toBe(oldStops.length);
    // A second read comes from the stored digests, with the same figures.
    const again = await both();
    expect(again.digested).toEqual(first.fresh);
    // A third from the decoded digests this process keeps.
    const third = await both();
    expect(third.digested).toEqual(first.fresh);
    for (const extra of [
      { channel: 'walk_in' as const },
      { siteId: 'stadtbibliothek' },
      { serviceId: 'meldebescheinigung' },
    ]) {
      const selection = await both(extra);
      expect(selection.digested).toEqual(selection.fresh);
    }
    const candidates = await onlineCandidates(handle.db, mid, filter, undefined);
    const freshCandidates = await onlineCandidates(handle.db, mid, filter, undefined, { useDigests: false });
    expect(candidates).toEqual(freshCandidates);
  });

  it('sees a new walk-in, a changed outcome, a moved booking and a new answer at a past stop', async () => {
    const before = (await both()).fresh;
    const [stop, otherStop] = await oldStop();
    const at = zonedInstant(String(stop!.local_date), '10:00');
    await insertVisitTicket(handle.db, mid, {
      stopId: stop!.id,
      serviceId: 'meldebescheinigung',
      at,
      wait: 3,
      handling: 4,
      districtId: 'avenwedde',
    });
    let now = await both();
    expect(now.digested).toEqual(now.fresh);
    expect(now.digested.totals.visits).toBe(before.totals.visits! + 1);

    const finished = await handle.db
      .selectFrom('bookings')
      .select(['id'])
      .where('stop_id', '=', stop!.id)
      .where('status', '=', 'finished')
      .executeTakeFirstOrThrow();
    await handle.db
      .updateTable('bookings')
      .set({ status: 'no_show' })
      .where('id', '=', finished.id)
      .execute();
    now = await both();
    expect(now.digested).toEqual(now.fresh);
    expect(now.digested.totals.noShows).toBe(before.totals.noShows! + 1);

    await handle.db
      .updateTable('bookings')
      .set({ stop_id: otherStop!.id })
      .where('id', '=', finished.id)
      .execute();
    now = await both({ siteId: 'stadtbibliothek' });
    expect(now.digested).toEqual(now.fresh);

    await handle.db
      .insertInto('visit_feedback')
      .values({
        municipality_id: mid,
        stop_id: stop!.id,
        channel: 'walk_in',
        satisfaction: 1,
        would_use_again: 'no',
        time_compared: null,
        travel_mode: null,
      })
      .execute();
    now = await both();
    expect(now.digested).toEqual(now.fresh);
    expect(now.digested.totals.feedbackAnswers).toBe(before.totals.feedbackAnswers! + 1);
  });

  it('reads stops of yesterday and today from the source tables only', async () => {
    await both();
    const recent = await handle.db
      .selectFrom('stop_visit_digests as d')
      .innerJoin('stops as s', 's.id', 'd.stop_id')
      .select('s.local_date')
      .where('s.local_date', '>', addDays(today, -2))
      .execute();
    expect(recent).toEqual([]);
  });
});
