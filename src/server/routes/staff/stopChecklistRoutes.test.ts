import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { createTestStop, upcomingDate } from '../../../../test/support/booking.ts';

describe.each(testDatabaseKinds)('the readiness checklist of a stop on %s', (kind) => {
  let test: TestApp;
  let clerk: StaffSignIn;
  let planner: StaffSignIn;
  let stopId: string;
  beforeAll(async () => {
    test = await createTestApp(kind);
    clerk = await signInAs(test.app, 'clerk');
    planner = await signInAs(test.app, 'planner');
    stopId = await createTestStop(test.database.db, { unitId: 'buergerkoffer-1', date: upcomingDate(9) });
  });
  afterAll(async () => test?.close());

  const send = (who: StaffSignIn | undefined, method: 'GET' | 'PUT', url: string, payload?: object) =>
    test.app.inject({ method, url, headers: who?.headers ?? {}, ...(payload ? { payload } : {}) });
  const url = () => `/api/v1/staff/station/stops/${stopId}/checklist`;
  const expectProblem = (response: Awaited<ReturnType<typeof send>>, status: number, field?: string) => {
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    if (field) expect(response.json().field).toBe(field);
  };

  it('is generated from the unit’s equipment and signed off item by item; problems go to the planners', async () => {
    const checklist = await send(clerk, 'GET', url());
    expect(checklist.statusCode, checklist.body).toBe(200);
    const keys = checklist.json().items.map((item: { key: string }) => item.key);
    expect(keys).toEqual(
      expect.arrayContaining(['device:printer', 'connectivity', 'privacy_screen', 'card_terminal']),
    );
    expect(keys).not.toContain('forms');
    expect(checklist.json().signedOff).toBeNull();
    expect(
      checklist.json().items.find((item: { key: string }) => item.key === 'device:printer'),
    ).toMatchObject({
      kind: 'device',
      nameDe: expect.any(String),
      status: null,
    });

    const answers = keys.map((key: string) =>
      key === 'connectivity'
        ? { key, status: 'problem', note: 'LTE-Empfang schwach' }
        : { key, status: 'ok' },
    );
    const signed = await send(clerk, 'PUT', url(), { items: answers });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().signedOff).toMatchObject({ problems: 1 });
    expect(signed.json().items.find((item: { key: string }) => item.key === 'connectivity')).toMatchObject({
      status: 'problem',
      note: 'LTE-Empfang schwach',
    });

    const problems = await send(planner, 'GET', '/api/v1/staff/stop-checklists/problems');
    expect(problems.statusCode, problems.body).toBe(200);
    expect(problems.json().items).toEqual([
      expect.objectContaining({ stopId, problems: [{ key: 'connectivity', note: 'LTE-Empfang schwach' }] }),
    ]);
    const audit = await test.database.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('subject_id', '=', stopId)
      .where('action', '=', 'stop.checklist_signed_off')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ problems: 1, problemKeys: ['connectivity'] });
  });

  it('refuses an incomplete sign-off, a problem without a note, and people without the role', async () => {
    expectProblem(
      await send(clerk, 'PUT', url(), { items: [{ key: 'connectivity', status: 'ok' }] }),
      422,
      'items',
    );
    expectProblem(
      await send(clerk, 'PUT', url(), { items: [{ key: 'connectivity', status: 'problem' }] }),
      422,
      'items.0.note',
    );
    expectProblem(
      await send(clerk, 'PUT', url(), { items: [{ key: 'nothing', status: 'ok' }] }),
      422,
      'items.0.key',
    );
    expectProblem(
      await send(clerk, 'PUT', url(), { items: [{ key: 'connectivity', status: 'maybe' }] }),
      400,
    );
    expectProblem(
      await send(clerk, 'GET', '/api/v1/staff/station/stops/00000000-0000-4000-8000-000000000000/checklist'),
      404,
      'stopId',
    );
    expectProblem(await send(planner, 'PUT', url(), { items: [] }), 403);
    expectProblem(await send(clerk, 'GET', '/api/v1/staff/stop-checklists/problems'), 403);
    expectProblem(await send(undefined, 'GET', url()), 401);
  });
});
