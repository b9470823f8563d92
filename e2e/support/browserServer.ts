// Vitest global setup of the browser project: starts Chromium ONCE per run. Every test file connects to it and
// opens browser contexts of its own (own cookies, storage, service workers and cache), instead of starting and
// stopping a browser per file (about 1.5 s to 3 s each on two busy cores).
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { chromiumArgs, chromiumPath } from './chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared Chromium's Playwright endpoint (`chromium.connect`); null when a file runs without this setup. */
    chromiumEndpoint: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await chromium.launchServer({
    executablePath: chromiumPath(),
    headless: true,
    args: chromiumArgs,
  });
  project.provide('chromiumEndpoint', server.wsEndpoint());
  return () => server.close();
}
