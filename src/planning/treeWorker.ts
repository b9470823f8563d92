/**
 * Worker-thread entry of the branch-and-bound's helper thread (started by solvers/parallelTree.ts): searches
 * the nodes the solver's thread hands over through shared memory and posts its best solution at the end.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runTreeHelper, type TreeHelperJob } from './solvers/parallelTree.ts';

if (!parentPort) throw new Error('treeWorker.ts must run inside a worker thread');
// Started from TypeScript sources, the job comes beside the bootstrap's entry.
const data = workerData as TreeHelperJob | { entry: string; job: TreeHelperJob };
const job = 'job' in data ? data.job : data;
parentPort.postMessage(runTreeHelper(job));
