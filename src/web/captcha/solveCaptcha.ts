import type { Challenge, Solution } from 'altcha-lib/types';
import { fetchJson } from '../api/client.ts';

async function solveInWorker(challenge: Challenge): Promise<Solution | null> {
  const worker = new Worker(new URL('./captchaWorker.ts', import.meta.url), { type: 'module' });
  try {
    return await new Promise<Solution | null>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<{ solution?: Solution | null; error?: string }>) =>
        event.data.error ? reject(new Error(event.data.error)) : resolve(event.data.solution ?? null);
      worker.onerror = (event) => {
        event.preventDefault();
        reject(new Error(event.message || 'captcha worker failed'));
      };
      worker.postMessage(challenge);
    });
  } finally {
    worker.terminate();
  }
}

async function solveOnMainThread(challenge: Challenge): Promise<Solution | null> {
  const [{ solveChallenge }, { deriveKey }] = await Promise.all([
    import('altcha-lib'),
    import('altcha-lib/algorithms/web/sha'),
  ]);
  return solveChallenge({ challenge, deriveKey });
}

/** The field the API expects: base64 of { challenge: { parameters, signature }, solution }. */
export function encodeCaptcha(challenge: Challenge, solution: Solution): string {
  return btoa(
    JSON.stringify({
      challenge: { parameters: challenge.parameters, signature: challenge.signature },
      solution,
    }),
  );
}

/**
 * Fetches a challenge from the server and solves it: a moment of computing, no puzzle for the person.
 * Runs in a Web Worker where there is one, otherwise (old browsers, tests) on the main thread.
 */
export async function solveCaptcha(): Promise<string> {
  const challenge = await fetchJson<Challenge>('/api/v1/captcha');
  let solution: Solution | null;
  if (typeof Worker !== 'undefined') {
    solution = await solveInWorker(challenge).catch(() => solveOnMainThread(challenge));
  } else {
    solution = await solveOnMainThread(challenge);
  }
  if (!solution) throw new Error('The captcha could not be solved in time.');
  return encodeCaptcha(challenge, solution);
}
