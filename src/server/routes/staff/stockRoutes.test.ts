import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCatalogue } from '../../commands/catalogueImporter.ts';
import { createUnit } from '../../commands/unitCreator.ts';
import { createTestStop, municipalityId, upcomingDate } from '../../../../test/support/booking.ts';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';

describe.each(testDatabaseKinds)('stock of controlled items on %s', (kind) => {
  let test: TestApp;
  let planner: StaffSignIn;
  let clerk: StaffSignIn;
  beforeAll(async () => {
    test = await createTestApp(kind);
    planner = await signInAs(test.app, 'planner');
    clerk = await signInAs(test.app, 'clerk');
  });
  afterAll(async () => test?.close());

  const inject = (
    who: StaffSignIn,
    method: 'GET' | 'POST',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) =>
    test.app.inject({
      method,
      url,
      headers: { ...who.headers, ...headers },
      ...(payload ? { payload } : {}),
    });
  const move = (who: StaffSignIn, body: object) => inject(who, 'POST', '/api/v1/staff/stock/movements', body);
  const balance = async (unitId: string, kindId: string) =>
    (
      (await inject(planner, 'GET', `/api/v1/staff/stock?unitId=${unitId}`)).json().items as {
        kind: string;
        quantity: number;
        belowMinimum: boolean;
      }[]
    ).find((item) => item.kind === kindId);
  const movementCount = async () =>
    Number(
      (
        await test.database.db
          .selectFrom('controlled_stock_movements')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('creates kinds, books movements with who and when, flags below-minimum stock and audits every movement', async () => {
    const created = await inject(planner, 'POST', '/api/v1/staff/controlled-item-kinds', {
      id: 'antragsformulare-pass',
      nameDe: 'Antragsformulare mit Sicherheitsmerkmalen',
      nameEn: 'Secure blank application forms',
      countUnit: 'piece',
      minimumStock: 20,
      serialNumbered: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    const twice = await inject(planner, 'POST', '/api/v1/staff/controlled-item-kinds', {
      id: 'antragsformulare-pass',
      nameDe: 'Doppelt',
      nameEn: 'Twice',
      countUnit: 'piece',
      minimumStock: 1,
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'controlled_item_kind_exists', field: 'id' });
    const byClerk = await inject(clerk, 'POST', '/api/v1/staff/controlled-item-kinds', {
      id: 'wechselgeld',
      nameDe: 'Wechselgeld',
      nameEn: 'Cash float',
      countUnit: 'euro',
      minimumStock: 100,
    });
    expect(byClerk.statusCode).toBe(403);

    const kinds = (await inject(clerk, 'GET', '/api/v1/staff/controlled-item-kinds')).json().items;
    expect(kinds).toEqual([
      {
        id: 'antragsformulare-pass',
        nameDe: 'Antragsformulare mit Sicherheitsmerkmalen',
        nameEn: 'Secure blank application forms',
        countUnit: 'piece',
        minimumStock: 20,
        serialNumbered: true,
      },
    ]);
    expect(await balance('rathausmobil', 'antragsformulare-pass')).toMatchObject({
      quantity: 0,
      belowMinimum: true,
    });

    const received = await move(planner, {
      unitId: 'rathausmobil',
      kind: 'antragsformulare-pass',
      movement: 'received',
      quantity: 50,
      serialFirst: 1000,
      serialLast: 1049,
    });
    expect(received.statusCode, received.body).toBe(201);
    expect(received.json()).toMatchObject({ balance: 50, belowMinimum: false });

    const stopId = await createTestStop(test.database.db, { unitId: 'rathausmobil', date: upcomingDate(14) });
    const issued = await move(clerk, {
      unitId: 'rathausmobil',
      kind: 'antragsformulare-pass',
      movement: 'issued',
      quantity: 25,
      stopId,
      serialFirst: 1000,
      serialLast: 1024,
    });
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.json()).toMatchObject({ balance: 25, belowMinimum: false });
    const returned = await move(clerk, {
      unitId: 'rathausmobil',
      kind: 'antragsformulare-pass',
      movement: 'returned',
      quantity: 1,
      stopId,
    });
    expect(returned.json()).toMatchObject({ balance: 26 });
    const writtenOff = await move(planner, {
      unitId: 'rathausmobil',
      kind: 'antragsformulare-pass',
      movement: 'written_off',
      quantity: 4,
      reason: 'Wasserschaden',
    });
    expect(writtenOff.json()).toMatchObject({ balance: 22, belowMinimum: false });
    const counted = await move(planner, {
      unitId: 'rathausmobil',
      kind: 'antragsformulare-pass',
      movement: 'counted',
      quantity: 19,
      reason: 'Inventur',
    });
    expect(counted.statusCode, counted.body).toBe(201);
    expect(counted.json()).toMatchObject({ balance: 19, belowMinimum: true });
    expect(await balance('rathausmobil', 'antragsformulare-pass')).toMatchObject({
      quantity: 19,
      belowMinimum: true,
    });
    const stock = (await inject(planner, 'GET', '/api/v1/staff/stock')).json();
    expect(stock.belowMinimum).toBeGreaterThanOrEqual(1);

    // A lower minimum lifts the flag; a clerk may not change it, and an unknown kind is named.
    const lowered = await test.app.inject({
      method: 'PATCH',
      url: '/api/v1/staff/controlled-item-kinds/antragsformulare-pass',
      headers: planner.headers,
      payload: { minimumStock: 15 },
    });
    expect(lowered.statusCode, lowered.body).toBe(200);
    expect(await balance('rathausmobil', 'antragsformulare-pass')).toMatchObject({ belowMinimum: false });
    const byClerkPatch = await test.app.inject({
      method: 'PATCH',
      url: '/api/v1/staff/controlled-item-kinds/antragsformulare-pass',
      headers: clerk.headers,
      payload: { minimumStock: 0 },
    });
    expect(byClerkPatch.statusCode).toBe(403);
    const unknownPatch = await test.app.inject({
      method: 'PATCH',
      url: '/api/v1/staff/controlled-item-kinds/gibt-es-nicht',
      headers: planner.headers,
      payload: { minimumStock: 0 },
    });
    expect(unknownPatch.json()).toMatchObject({ code: 'unknown_controlled_item_kind', field: 'kindId' });
    await test.app.inject({
      method: 'PATCH',
      url: '/api/v1/staff/controlled-item-kinds/antragsformulare-pass',
      headers: planner.headers,
      payload: { minimumStock: 20 },
    });

    const history = (await inject(clerk, 'GET', '/api/v1/staff/stock/movements?unitId=rathausmobil')).json()
      .items as { movement: string; quantityChange: number; balanceAfter: number; recordedBy: string }[];
    expect(history.map((entry) => [entry.movement, entry.quantityChange, entry.balanceAfter])).toEqual([
      ['counted', -3, 19],
      ['written_off', -4, 22],
      ['returned', 1, 26],
      ['issued', -25, 25],
      ['received', 50, 50],
    ]);
    expect(history[0]?.recordedBy).toBe(planner.user.name);
    expect(history[3]).toMatchObject({
      stopId,
      serialFirst: 1000,
      serialLast: 1024,
      recordedBy: clerk.user.name,
    });

    const audits = await test.database.db
      .selectFrom('audit_events')
      .select(['actor', 'details'])
      .where('action', '=', 'controlled_stock.movement_recorded')
      .execute();
    expect(audits).toHaveLength(5);
    const written = audits.find(
      (event) => (event.details as { movement: string }).movement === 'written_off',
    );
    expect(written?.actor).toBe(`staff:${planner.user.id}`);
    expect(JSON.stringify(written?.details)).not.toContain('Wasserschaden');
    expect(written?.details).toMatchObject({ quantityChange: -4, balanceAfter: 22, withReason: true });
  });

  it('refuses bad input with a problem naming the field, and changes nothing', async () => {
    await inject(planner, 'POST', '/api/v1/staff/controlled-item-kinds', {
      id: 'meldebescheinigung-vordrucke',
      nameDe: 'Vordrucke Meldebescheinigung',
      nameEn: 'Residence certificate blanks',
      countUnit: 'pad',
      minimumStock: 2,
    });
    await move(planner, {
      unitId: 'buergerkoffer-1',
      kind: 'meldebescheinigung-vordrucke',
      movement: 'received',
      quantity: 3,
    });
    const before = await movementCount();
    const base = { unitId: 'buergerkoffer-1', kind: 'meldebescheinigung-vordrucke' };
    const cases: [object, number, string, string][] = [
      [{ ...base, movement: 'issued', quantity: 4 }, 409, 'stock_insufficient', 'quantity'],
      [
        { ...base, movement: 'written_off', quantity: 4, reason: 'verloren' },
        409,
        'stock_insufficient',
        'quantity',
      ],
      [{ ...base, movement: 'written_off', quantity: 1 }, 422, 'reason_required', 'reason'],
      [{ ...base, movement: 'issued', quantity: 0 }, 422, 'invalid_quantity', 'quantity'],
      [
        { ...base, kind: 'teleporter-scheine', movement: 'received', quantity: 1 },
        422,
        'unknown_controlled_item_kind',
        'kind',
      ],
      [
        { ...base, unitId: 'gibt-es-nicht', movement: 'received', quantity: 1 },
        422,
        'unknown_unit',
        'unitId',
      ],
      [
        { ...base, movement: 'received', quantity: 2, serialFirst: 1, serialLast: 2 },
        422,
        'invalid_serial_range',
        'serialFirst',
      ],
      [
        { ...base, movement: 'issued', quantity: 1, stopId: '00000000-0000-4000-8000-000000000000' },
        422,
        'unknown_stop',
        'stopId',
      ],
    ];
    for (const [body, status, code, field] of cases) {
      const response = await move(planner, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json(), JSON.stringify(body)).toMatchObject({ code, field });
    }
    const negative = await move(planner, { ...base, movement: 'issued', quantity: 4 });
    expect(negative.json().details).toEqual({ available: 3 });
    const schema = await move(planner, { ...base, movement: 'issued', quantity: -1 });
    expect(schema.statusCode).toBe(400);
    // The database itself refuses a negative balance, whoever writes.
    await expect(
      test.database.db
        .updateTable('controlled_stock_balances')
        .set({ quantity: -1 })
        .where('unit_id', '=', 'buergerkoffer-1')
        .where('kind_id', '=', 'meldebescheinigung-vordrucke')
        .execute(),
    ).rejects.toMatchObject({ code: '23514' });
    expect(await movementCount()).toBe(before);
    expect(await balance('buergerkoffer-1', 'meldebescheinigung-vordrucke')).toMatchObject({ quantity: 3 });
  });

  it('two simultaneous issues of the last item: one succeeds, the other gets a problem, no update is lost', async () => {
    await inject(planner, 'POST', '/api/v1/staff/controlled-item-kinds', {
      id: 'parkausweis-vordrucke',
      nameDe: 'Vordrucke Bewohnerparkausweis',
      nameEn: 'Resident parking permit blanks',
      countUnit: 'piece',
      minimumStock: 0,
    });
    const base = { unitId: 'rathausmobil', kind: 'parkausweis-vordrucke' };
    expect((await move(planner, { ...base, movement: 'received', quantity: 1 })).statusCode).toBe(201);
    const before = await movementCount();
    const answers = await Promise.all([
      move(clerk, { ...base, movement: 'issued', quantity: 1 }),
      move(planner, { ...base, movement: 'issued', quantity: 1 }),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
    expect(answers.find((answer) => answer.statusCode === 409)?.json()).toMatchObject({
      code: 'stock_insufficient',
      field: 'quantity',
    });
    expect(await movementCount()).toBe(before + 1);
    expect(await balance('rathausmobil', 'parkausweis-vordrucke')).toMatchObject({ quantity: 0 });

    // Many receipts at once: every one counts.
    const receipts = await Promise.all(
      Array.from({ length: 8 }, () => move(clerk, { ...base, movement: 'received', quantity: 5 })),
    );
    expect(receipts.every((answer) => answer.statusCode === 201)).toBe(true);
    expect(await balance('rathausmobil', 'parkausweis-vordrucke')).toMatchObject({ quantity: 40 });
  });

  it('keeps municipalities apart: another municipality’s unit and kind are unknown here', async () => {
    await importCatalogue(test.database.db, {
      kind: 'municipality',
      file: 'lagerstadt.json',
      format: 'json',
      text: JSON.stringify({ slug: 'lagerstadt', name: 'Lagerstadt', hostnames: ['lagerstadt.example'] }),
      municipality: 'lagerstadt',
      actor: 'test',
    });
    const other = await municipalityId(test.database.db, 'lagerstadt');
    await createUnit(test.database.db, {
      municipalityId: other,
      actor: 'test',
      id: 'lagerkoffer',
      name: 'Lagerkoffer',
      kind: 'kit',
      counters: 1,
    });
    const otherPlanner = await signInAs(test.app, 'planner', { municipality: 'lagerstadt' });
    const otherKind = await inject(otherPlanner, 'POST', '/api/v1/staff/controlled-item-kinds', {
      id: 'lager-formulare',
      nameDe: 'Lagerformulare',
      nameEn: 'Store forms',
      countUnit: 'piece',
      minimumStock: 1,
    });
    expect(otherKind.statusCode, otherKind.body).toBe(201);
    const before = await movementCount();

    const foreignUnit = await move(planner, {
      unitId: 'lagerkoffer',
      kind: 'antragsformulare-pass',
      movement: 'received',
      quantity: 1,
    });
    expect(foreignUnit.statusCode).toBe(422);
    expect(foreignUnit.json()).toMatchObject({ code: 'unknown_unit', field: 'unitId' });
    const foreignKind = await move(planner, {
      unitId: 'rathausmobil',
      kind: 'lager-formulare',
      movement: 'received',
      quantity: 1,
    });
    expect(foreignKind.json()).toMatchObject({ code: 'unknown_controlled_item_kind', field: 'kind' });
    const elsewhere = await move(planner, {
      unitId: 'lagerkoffer',
      kind: 'lager-formulare',
      movement: 'received',
      quantity: 1,
    });
    expect(elsewhere.statusCode).toBe(422);
    const wrongHost = await inject(planner, 'GET', '/api/v1/staff/stock', undefined, {
      host: 'lagerstadt.example',
    });
    expect([401, 403]).toContain(wrongHost.statusCode);
    expect(await movementCount()).toBe(before);

    const ours = (await inject(planner, 'GET', '/api/v1/staff/stock')).json().items as {
      unitId: string;
      kind: string;
    }[];
    expect(ours.some((item) => item.unitId === 'lagerkoffer' || item.kind === 'lager-formulare')).toBe(false);
    const theirs = (await inject(otherPlanner, 'GET', '/api/v1/staff/stock')).json().items as {
      unitId: string;
      kind: string;
    }[];
    expect(theirs).toEqual([
      expect.objectContaining({ unitId: 'lagerkoffer', kind: 'lager-formulare', quantity: 0 }),
    ]);
    const theirHistory = (await inject(otherPlanner, 'GET', '/api/v1/staff/stock/movements')).json().items;
    expect(theirHistory).toEqual([]);
  });
});
