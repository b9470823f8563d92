import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStop, upcomingDate } from '../../../../test/support/booking.ts';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';

describe.each(testDatabaseKinds)('units and equipment items on %s', (kind) => {
  let test: TestApp;
  let planner: StaffSignIn;
  beforeAll(async () => {
    test = await createTestApp(kind);
    planner = await signInAs(test.app, 'planner');
  });
  afterAll(async () => test?.close());

  const inject = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    test.app.inject({ method, url, headers: planner.headers, ...(payload ? { payload } : {}) });

  it('creates a unit with its kit; the offer follows the items that are actually ok', async () => {
    const created = await inject('POST', '/api/v1/staff/units', {
      id: 'buergerkoffer-2',
      name: 'Bürgerkoffer 2',
      kind: 'kit',
      counters: 1,
      equipment: ['registry_laptop', 'secure_network', 'printer'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const again = await inject('POST', '/api/v1/staff/units', {
      id: 'buergerkoffer-2',
      name: 'Doppelt',
      kind: 'kit',
      counters: 1,
    });
    expect(again.statusCode).toBe(409);
    const unknownKind = await inject('POST', '/api/v1/staff/units', {
      id: 'koffer-x',
      name: 'X',
      kind: 'kit',
      counters: 1,
      equipment: ['teleporter'],
    });
    expect(unknownKind.statusCode).toBe(422);
    expect(unknownKind.json().field).toBe('equipment');

    const units = (await inject('GET', '/api/v1/staff/units')).json().items as {
      id: string;
      equipment: string[];
    }[];
    expect(units.find((unit) => unit.id === 'buergerkoffer-2')?.equipment).toEqual([
      'printer',
      'registry_laptop',
      'secure_network',
    ]);

    const stopId = await createTestStop(test.database.db, {
      unitId: 'buergerkoffer-2',
      date: upcomingDate(12),
    });
    const offered = async () =>
      ((await test.app.inject({ url: `/api/v1/stops/${stopId}` })).json().services as { id: string }[]).some(
        (service) => service.id === 'abmeldung',
      );
    expect(await offered()).toBe(true);

    const printer = await inject('POST', '/api/v1/staff/equipment-items', {
      kind: 'printer',
      serialNumber: 'PR-1001',
      maintenanceDue: '2027-01-31',
      unitId: 'buergerkoffer-2',
    });
    expect(printer.statusCode, printer.body).toBe(201);
    const itemId = printer.json().id as string;
    expect(await offered()).toBe(true);

    // The same physical printer cannot be registered for another unit.
    const twice = await inject('POST', '/api/v1/staff/equipment-items', {
      kind: 'printer',
      serialNumber: 'PR-1001',
      unitId: 'rathausmobil',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().field).toBe('serialNumber');
    const rows = await test.database.db
      .selectFrom('equipment_items')
      .select('unit_id')
      .where('serial_number', '=', 'PR-1001')
      .execute();
    expect(rows).toEqual([{ unit_id: 'buergerkoffer-2' }]);

    const defective = await inject('PATCH', `/api/v1/staff/equipment-items/${itemId}`, {
      status: 'defective',
    });
    expect(defective.statusCode).toBe(200);
    expect(await offered()).toBe(false);
    const stop = (await test.app.inject({ url: `/api/v1/stops/${stopId}` })).json();
    const reason = stop.unavailableServices.find((s: { id: string }) => s.id === 'abmeldung');
    expect(reason.reasons).toEqual(['missing_equipment']);
    expect(reason.missingEquipment.map((e: { id: string }) => e.id)).toEqual(['printer']);

    await inject('PATCH', `/api/v1/staff/equipment-items/${itemId}`, { status: 'ok' });
    expect(await offered()).toBe(true);

    const answer = (await inject('GET', '/api/v1/staff/equipment-items?unitId=buergerkoffer-2')).json();
    expect(answer.kinds.map((k: { id: string }) => k.id)).toContain('printer');
    expect(answer.items).toEqual([
      {
        id: itemId,
        kind: 'printer',
        serialNumber: 'PR-1001',
        status: 'ok',
        maintenanceDue: '2027-01-31',
        unitId: 'buergerkoffer-2',
      },
    ]);
  });
});
