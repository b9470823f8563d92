/// <reference lib="webworker" />
// Solves an ALTCHA proof-of-work challenge off the main thread, so the form stays responsive.
import { solveChallenge } from 'altcha-lib';
// The web variant uses crypto.subtle; 'altcha-lib/algorithms/sha' needs node:crypto and does not bundle.
import { deriveKey } from 'altcha-lib/algorithms/web/sha';
import type { Challenge } from 'altcha-lib/types';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<Challenge>) => {
  try {
    const solution = await solveChallenge({ challenge: event.data, deriveKey });
    scope.postMessage({ solution });
  } catch (error) {
    scope.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
};
