import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connection.ts';
import type { Database } from '../../db/schema.ts';
import { municipalityId } from '../../../test/support/booking.ts';
import { createTestDatabase, testDatabaseKinds } from '../../../test/support/testDatabase.ts';
import { ServiceOfferCache } from './serviceOfferCache.ts';
import { computeServiceOfferByUnit, serviceOfferByUnit } from './stopQueries.ts';

describe.each(testDatabaseKinds)('the cached service offer of the units on %s', (kind) => {
  let database: DatabaseHandle;
  let municipality: string;
  /** A unit, a service it offers and an equipment kind on board the service needs. */
  let unitId: string;
  let serviceId: string;
  let equipmentKindId: string;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    municipality = await municipalityId(database.db);
    const needs = await database.db
      .selectFrom('service_equipment as se')
      .innerJoin('unit_equipment as ue', (join) =>
        join
          .onRef('ue.municipality_id', '=', 'se.municipality_id')
          .onRef('ue.equipment_kind_id', '=', 'se.equipment_kind_id'),
      )
      .select(['ue.unit_id', 'se.service_id', 'se.equipment_kind_id'])
      .where('se.municipality_id', '=', municipality)
      .orderBy('ue.unit_id')
      .orderBy('se.service_id')
      .execute();
    const units = [...new Set(needs.map((row) => row.unit_id))];
    const offers = await computeServiceOfferByUnit(database.db, municipality, units);
    const found = needs.find((row) =>
      offers.get(row.unit_id)!.offered.some((service) => service.id === row.service_id),
    )!;
    ({ unit_id: unitId, service_id: serviceId, equipment_kind_id: equipmentKindId } = found);
  });
  afterAll(async () => database?.close());

  const db = () => database.db;
  const offers = (executor: Kysely<Database>, cache?: ServiceOfferCache<unknown>) =>
    (cache ?? { offers: serviceOfferByUnit }).offers(executor, municipality, [unitId]) as ReturnType<
      typeof serviceOfferByUnit
    >;
  const offersService = async (executor: Kysely<Database>, cache?: ServiceOfferCache<unknown>) =>
    (await offers(executor, cache)).get(unitId)!.offered.some((service) => service.id === serviceId);
  const removeEquipment = (executor: Kysely<Database>) =>
    executor
      .deleteFrom('unit_equipment')
      .where('municipality_id', '=', municipality)
      .where('unit_id', '=', unitId)
      .where('equipment_kind_id', '=', equipmentKindId)
      .execute();
  const addEquipment = (executor: Kysely<Database>) =>
    executor
      .insertInto('unit_equipment')
      .values({ municipality_id: municipality, unit_id: unitId, equipment_kind_id: equipmentKindId })
      .execute();

  it('answers as the computation does, the same shared and frozen object while nothing changed', async () => {
    const first = await offers(db());
    expect(first.get(unitId)).toEqual(
      (await computeServiceOfferByUnit(db(), municipality, [unitId])).get(unitId),
    );
    const second = await offers(db());
    expect(second.get(unitId)).toBe(first.get(unitId));
    expect(Object.isFrozen(first.get(unitId)!.offered)).toBe(true);
    expect(await serviceOfferByUnit(db(), municipality, [])).toEqual(new Map());
  });

  it('changes at once when the unit loses or regains equipment, in this process and in another', async () => {
    // Another process: a cache of its own that shares nothing with this one but the database.
    const other = new ServiceOfferCache(computeServiceOfferByUnit);
    expect(await offersService(db())).toBe(true);
    expect(await offersService(db(), other)).toBe(true);

    await removeEquipment(db());
    expect(await offersService(db())).toBe(false);
    expect(await offersService(db(), other)).toBe(false);
    const unavailable = (await offers(db())).get(unitId)!.unavailable.find((s) => s.id === serviceId)!;
    expect(unavailable.missingEquipment.map((e) => e.id)).toContain(equipmentKindId);

    await addEquipment(db());
    expect(await offersService(db(), other)).toBe(true);
    expect(await offersService(db())).toBe(true);
  });

  it('changes at once when an item of the equipment breaks, and when the service is withdrawn', async () => {
    const item = await db()
      .insertInto('equipment_items')
      .values({
        municipality_id: municipality,
        equipment_kind_id: equipmentKindId,
        serial_number: 'CACHE-TEST-1',
        unit_id: unitId,
        status: 'ok',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await offersService(db())).toBe(true);
    await db()
      .updateTable('equipment_items')
      .set({ status: 'defective' })
      .where('id', '=', item.id)
      .execute();
    expect(await offersService(db())).toBe(false);
    await db().deleteFrom('equipment_items').where('id', '=', item.id).execute();
    expect(await offersService(db())).toBe(true);

    await db()
      .updateTable('services')
      .set({ released: false })
      .where('municipality_id', '=', municipality)
      .where('id', '=', serviceId)
      .execute();
    expect(await offersService(db())).toBe(false);
    await db()
      .updateTable('services')
      .set({ released: true })
      .where('municipality_id', '=', municipality)
      .where('id', '=', serviceId)
      .execute();
    expect(await offersService(db())).toBe(true);
  });

  it('never keeps an offer seen inside a transaction that rolled back', async () => {
    expect(await offersService(db())).toBe(true);
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await removeEquipment(trx);
          expect(await offersService(trx)).toBe(false);
          throw new Error('roll back');
        }),
    ).rejects.toThrow('roll back');
    expect(await offersService(db())).toBe(true);
  });
});
