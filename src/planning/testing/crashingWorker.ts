/** Test double for runInWorker: crashes the way a WASM abort or a native fault would. */
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', (message: { type: string; job?: { kind?: string } }) => {
  if (message.type !== 'run') return;
  parentPort?.postMessage({
    type: 'progress',
    progress: { phase: 'about to crash', percent: 10, incumbent: 42 },
  });
  if (message.job?.kind === 'exit') process.exit(3);
  setTimeout(() => {
    throw new Error('RuntimeError: Aborted()');
  }, 10);
});
