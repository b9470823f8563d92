import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStop, upcomingDate } from '../../../test/support/booking.ts';
import { signInAs, type StaffSignIn } from '../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../test/support/testDatabase.ts';

/** Tracker issue 8, item 7: a stop opens with its readiness checklist signed off, or with an audited reason. */
describe.each(testDatabaseKinds)('opening a stop at the station on %s', (kind) => {
  let test: TestApp;
  let clerk: StaffSignIn;
  let planner: StaffSignIn;
  const db = () => test.database.db;

  beforeAll(async () => {
    test = await createTestApp(kind);
    clerk = await signInAs(test.app, 'clerk');
    planner = await signInAs(test.app, 'planner');
  });
  afterAll(async () => test?.close());

  const op = (type: string, payload: Record<string, unknown> = {}) => ({
    opId: randomUUID(),
    at: new Date().toISOString(),
    type,
    ...payload,
  });
  const send = (stopId: string, operations: object[]) =>
    test.app.inject({
      method: 'POST',
      url: `/api/v1/staff/station/stops/${stopId}/operations`,
      headers: clerk.headers,
      payload: { deviceId: 'tablet-1', operations },
    });
  const stopRow = (stopId: string) =>
    db()
      .selectFrom('stops')
      .select(['status', 'opened_without_checklist_reason'])
      .where('id', '=', stopId)
      .executeTakeFirstOrThrow();
  const allOk = async (stopId: string) => {
    const checklist = await test.app.inject({
      method: 'GET',
      url: `/api/v1/staff/station/stops/${stopId}/checklist`,
      headers: clerk.headers,
    });
    expect(checklist.statusCode, checklist.body).toBe(200);
    return checklist
      .json<{ items: { key: string }[] }>()
      .items.map(({ key }) =>
        key === 'connectivity'
          ? { key, status: 'problem', note: 'Mobilfunk schwach' }
          : { key, status: 'ok' as const },
      );
  };
  const problemsForPlanners = async () => {
    const response = await test.app.inject({
      method: 'GET',
      url: '/api/v1/staff/stop-checklists/problems',
      headers: planner.headers,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{
      items: { stopId: string; openedWithoutChecklist: unknown; problems: unknown[] }[];
    }>().items;
  };

  it('refuses to open without a signed-off checklist and without a reason, naming the field', async () => {
    const stopId = await createTestStop(db(), { unitId: 'buergerkoffer-1', date: upcomingDate(11, 1) });
    for (const reason of [undefined, '   ']) {
      const refused = await send(stopId, [
        op('open_stop', reason === undefined ? {} : { reason }),
        op('check_in', { code: 'ABCD-EFGH' }),
      ]);
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json()).toMatchObject({
        code: 'checklist_not_signed_off',
        field: 'operations.0.reason',
      });
    }
    // Nothing of the batch was applied, and the refused attempt is no planners' matter.
    expect(await stopRow(stopId)).toEqual({ status: 'scheduled', opened_without_checklist_reason: null });
    const operations = await db()
      .selectFrom('station_operations')
      .select('op_id')
      .where('stop_id', '=', stopId)
      .execute();
    expect(operations).toEqual([]);
    expect((await problemsForPlanners()).some((entry) => entry.stopId === stopId)).toBe(false);
  });

  it('opens with a reason: kept on the stop, audited, and listed for the planners', async () => {
    const stopId = await createTestStop(db(), { unitId: 'buergerkoffer-1', date: upcomingDate(11, 2) });
    const reason = 'Tablet für die Checkliste defekt, Papierliste geführt';
    const opened = await send(stopId, [op('open_stop', { reason: `  ${reason} ` })]);
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().results).toEqual([
      expect.objectContaining({ outcome: 'applied', entry: expect.objectContaining({ status: 'open' }) }),
    ]);
    expect(await stopRow(stopId)).toEqual({ status: 'open', opened_without_checklist_reason: reason });
    const audit = await db()
      .selectFrom('audit_events')
      .select(['actor', 'details'])
      .where('action', '=', 'station.open_stop')
      .where('subject_id', '=', stopId)
      .executeTakeFirstOrThrow();
    expect(audit.actor).toMatch(/^staff:/);
    expect(audit.details).toMatchObject({ checklistSignedOff: false, reason });
    expect((await problemsForPlanners()).find((entry) => entry.stopId === stopId)).toMatchObject({
      openedWithoutChecklist: { reason, at: expect.any(String) },
      problems: [],
    });
  });

  it('opens once the checklist is signed off, also by a sign-off earlier in the same batch (the outbox)', async () => {
    const signedBefore = await createTestStop(db(), { unitId: 'buergerkoffer-1', date: upcomingDate(11, 3) });
    const put = await test.app.inject({
      method: 'PUT',
      url: `/api/v1/staff/station/stops/${signedBefore}/checklist`,
      headers: clerk.headers,
      payload: { items: await allOk(signedBefore) },
    });
    expect(put.statusCode, put.body).toBe(200);
    const opened = await send(signedBefore, [op('open_stop')]);
    expect(opened.statusCode, opened.body).toBe(200);
    expect(await stopRow(signedBefore)).toEqual({ status: 'open', opened_without_checklist_reason: null });

    // Offline on the tablet: the sign-off and the opening queue up and arrive together, in order.
    const offline = await createTestStop(db(), { unitId: 'buergerkoffer-1', date: upcomingDate(11, 4) });
    const batch = await send(offline, [
      op('sign_off_checklist', { items: await allOk(offline) }),
      op('open_stop'),
    ]);
    expect(batch.statusCode, batch.body).toBe(200);
    expect(batch.json().results.map((r: { outcome: string }) => r.outcome)).toEqual(['applied', 'applied']);
    expect(await stopRow(offline)).toEqual({ status: 'open', opened_without_checklist_reason: null });
    const signed = await db()
      .selectFrom('stop_checklists')
      .select(['problems', 'signed_off_by'])
      .where('stop_id', '=', offline)
      .executeTakeFirstOrThrow();
    expect(signed.problems).toBe(1);
    const audited = await db()
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('subject_id', '=', offline)
      .where('action', 'like', 'station.%')
      .orderBy('id')
      .execute();
    expect(audited.map((row) => row.action)).toEqual(['station.sign_off_checklist', 'station.open_stop']);
    expect(audited[0]!.details).toMatchObject({ problems: 1, problemKeys: ['connectivity'] });
    expect(audited[1]!.details).toMatchObject({ checklistSignedOff: true });
    // The reported problem reaches the planners; this stop did not open without its checklist.
    expect((await problemsForPlanners()).find((entry) => entry.stopId === offline)).toMatchObject({
      openedWithoutChecklist: null,
      problems: [{ key: 'connectivity', note: 'Mobilfunk schwach' }],
    });
  });

  it('leaves the stop scheduled when a queued sign-off no longer fits the checklist', async () => {
    const stopId = await createTestStop(db(), { unitId: 'buergerkoffer-1', date: upcomingDate(11, 5) });
    const batch = await send(stopId, [
      op('sign_off_checklist', { items: [{ key: 'connectivity', status: 'ok' }] }),
      op('open_stop'),
    ]);
    expect(batch.statusCode, batch.body).toBe(200);
    expect(batch.json().results).toEqual([
      expect.objectContaining({ outcome: 'rejected', reason: 'checklist-incomplete' }),
      expect.objectContaining({ outcome: 'rejected', reason: 'checklist-not-signed-off' }),
    ]);
    expect(await stopRow(stopId)).toEqual({ status: 'scheduled', opened_without_checklist_reason: null });
  });
});
