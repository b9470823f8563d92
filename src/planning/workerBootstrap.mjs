// Plain-JS entry for worker threads: registers tsx in this thread (Node 20 does not carry
// `--import tsx` hooks into workers reliably), then loads the TypeScript worker named in workerData.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
