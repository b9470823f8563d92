/**
 * The tablet's device id: made up once, sent on every staff request (header x-station-device), and kept in an
 * IndexedDB of its own. Signing out and wiping the station's data leave it in place, so a tablet reported lost
 * stays recognisable (and refused) until an admin reinstates it. It is a random id, nothing personal.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const DEVICE_DB_NAME = 'mobiles-rathaus-device';

interface DeviceDb extends DBSchema {
  device: { key: string; value: string };
}

let connection: Promise<IDBPDatabase<DeviceDb>> | undefined;

function database(): Promise<IDBPDatabase<DeviceDb>> {
  connection ??= openDB<DeviceDb>(DEVICE_DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore('device');
    },
  });
  return connection;
}

export async function storedDeviceKey(): Promise<string | undefined> {
  return (await database()).get('device', 'id');
}

export async function storeDeviceKey(id: string): Promise<void> {
  await (await database()).put('device', id, 'id');
}
