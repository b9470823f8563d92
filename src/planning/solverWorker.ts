/**
 * Worker-thread entry point (started by runInWorker). The solvers are synchronous, so a cancel
 * message only lands between phases; the main thread enforces cancel and time limits by terminating
 * this thread.
 */
import { parentPort } from 'node:worker_threads';
import { errorMessage, executeJob } from './worker.ts';
import type { MainMessage, WorkerMessage } from './workerProtocol.ts';

if (!parentPort) throw new Error('solverWorker.ts must run inside a worker thread');
const port = parentPort;
let cancelled = false;

port.on('message', (message: MainMessage) => {
  if (message.type === 'cancel') {
    cancelled = true;
    return;
  }
  const post = (reply: WorkerMessage) => port.postMessage(reply);
  executeJob(message.job, post, () => cancelled)
    .then((result) => post({ type: 'result', result }))
    .catch((error: unknown) => post(errorMessage(error)));
});
