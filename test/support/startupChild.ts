// Run as its own process by src/db/startupLock.test.ts: opens, migrates and seeds the configured database the
// way `npm start` does, then prints what it found and exits.
import { openConfiguredDatabase } from '../../src/cli/openConfiguredDatabase.ts';

const handle = await openConfiguredDatabase({ sampleSchedules: true });
const municipalities = await handle.db.selectFrom('municipalities').select('id').execute();
await handle.close();
console.log(JSON.stringify({ ok: true, municipalities: municipalities.length }));
