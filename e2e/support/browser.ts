import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import type { AppConfig } from '../../src/config.ts';
import { createTestApp, type TestApp } from '../../test/support/testApp.ts';
import { chromiumArgs, chromiumPath } from './chromium.ts';

export const webDir = fileURLToPath(new URL('../../dist/web', import.meta.url));

/**
 * The run's shared Chromium (started once by the global setup e2e/support/browserServer.ts), or a browser of the
 * caller's own when a file runs without that setup. `close()` on the result disconnects from the shared browser
 * (closing the contexts opened through it) or closes the own browser.
 */
async function connectBrowser(): Promise<Browser> {
  let endpoint: string | null;
  try {
    endpoint = inject('chromiumEndpoint') ?? null;
  } catch {
    endpoint = null;
  }
  if (endpoint) return chromium.connect(endpoint);
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: chromiumArgs });
}

/** A page that records what the browser complained about: CSP violations and uncaught errors. */
export interface WatchedPage {
  page: Page;
  cspViolations: string[];
  pageErrors: string[];
}

export interface Portal {
  baseUrl: string;
  /** the server and its database, to prepare data (stops) for a test */
  test: TestApp;
  context: BrowserContext;
  openPage(): Promise<WatchedPage>;
  /** A page at `path` in German, the default: a language chosen by an earlier test is forgotten. */
  openGermanPage(path: string): Promise<WatchedPage>;
  close(): Promise<void>;
}

/**
 * The built portal (dist/web) behind the real server on a seeded in-memory database, and a fresh browser context
 * (own cookies and storage) in the run's shared Chromium.
 */
export async function startPortal(config: Partial<AppConfig> = {}): Promise<Portal> {
  if (!existsSync(join(webDir, 'index.html'))) {
    throw new Error(`No build in ${webDir}: run "npx vite build" before the browser tests.`);
  }
  const [appResult, browserResult] = await Promise.allSettled([
    createTestApp('pglite', { ...config, webDir }),
    connectBrowser(),
  ]);
  if (appResult.status === 'rejected' || browserResult.status === 'rejected') {
    if (appResult.status === 'fulfilled') await appResult.value.close();
    if (browserResult.status === 'fulfilled') await browserResult.value.close();
    throw appResult.status === 'rejected'
      ? appResult.reason
      : (browserResult as PromiseRejectedResult).reason;
  }
  const test: TestApp = appResult.value;
  const browser = browserResult.value;
  await test.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = test.app.server.address() as AddressInfo;
  const context = await browser.newContext({ locale: 'de-DE' });

  const baseUrl = `http://127.0.0.1:${port}`;

  async function openPage(): Promise<WatchedPage> {
    const page = await context.newPage();
    const watched: WatchedPage = { page, cspViolations: [], pageErrors: [] };
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) watched.cspViolations.push(message.text());
    });
    page.on('pageerror', (error) => watched.pageErrors.push(error.message));
    return watched;
  }

  async function openGermanPage(path: string): Promise<WatchedPage> {
    const watched = await openPage();
    await forgetLanguage(watched.page, baseUrl);
    await watched.page.goto(`${baseUrl}${path}`);
    await watched.page.getByRole('heading', { level: 1 }).waitFor();
    expect(await watched.page.evaluate(() => document.documentElement.lang)).toBe('de');
    return watched;
  }

  return {
    baseUrl,
    test,
    context,
    openPage,
    openGermanPage,
    async close() {
      await context.close();
      await browser.close();
      await test.close();
    },
  };
}

/**
 * Forgets what an earlier test left in the origin's storage (the language choice), on a same-origin file that
 * runs no script: on an app page, a language still loading (English loads on first use) would remember itself
 * again after the storage was cleared, and the next page would open in that language.
 */
export async function forgetLanguage(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/favicon.svg`);
  await page.evaluate(() => localStorage.clear());
}

/**
 * A second browser context of its own (own cookies and storage) in German, e.g. an admin's desk next to the station's
 * tablet: the portal's context shares one cookie jar, so two people cannot be signed in there at once.
 */
export async function openSecondBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const browser = await connectBrowser();
  const context = await browser.newContext({ locale: 'de-DE' });
  return { context, close: () => browser.close() };
}

/** A site's display name as the public API gives it (German), to find its links and headings. */
export async function siteNameOf(portal: Portal, siteId: string): Promise<string> {
  return ((await portal.test.app.inject({ url: `/api/v1/sites/${siteId}` })).json() as { name: string }).name;
}

const wcag21AAndAA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * WCAG 2.1 A and AA as axe checks them: no violation allowed.
 *
 * axe-core runs in the page itself, injected once per document (and frame) and reused for every later check on
 * it; only violations are reported back in detail. `@axe-core/playwright` (4.13) injected the script twice per
 * check and opened a helper page to merge results: 3 to 5 times slower, with the same rules and violations.
 */
export async function expectNoAxeViolations(page: Page, label: string) {
  for (const frame of page.frames()) {
    if (
      !(await frame.evaluate(() => typeof (window as { axe?: { run?: unknown } }).axe?.run === 'function'))
    ) {
      await frame.evaluate(axe.source);
    }
  }
  const results = await page.evaluate(
    (values) =>
      (window as unknown as { axe: typeof axe }).axe.run(document, {
        runOnly: { type: 'tag', values },
        resultTypes: ['violations'],
      }),
    wcag21AAndAA,
  );
  const summary = results.violations
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)
    .join('\n');
  expect(results.violations, `axe violations on ${label}:\n${summary}`).toEqual([]);
}

export function expectQuietBrowser(watched: WatchedPage) {
  expect(watched.cspViolations, 'CSP violations').toEqual([]);
  expect(watched.pageErrors, 'uncaught page errors').toEqual([]);
}

/** Presses Tab until the focused element matches `selector`, as a keyboard user would. */
export async function tabToSelector(page: Page, selector: string, maxPresses = 30) {
  for (let presses = 0; presses < maxPresses; presses += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((target) => document.activeElement?.matches(target) ?? false, selector)) return;
  }
  throw new Error(`"${selector}" was not reached with ${maxPresses} presses of Tab.`);
}

/** Tab until the focused element's text is `text` (a link or button by its visible label). */
export async function tabToText(page: Page, text: string, maxPresses = 30) {
  for (let presses = 0; presses < maxPresses; presses += 1) {
    await page.keyboard.press('Tab');
    const focusedText = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    if (focusedText === text) return;
  }
  throw new Error(`"${text}" was not reached with ${maxPresses} presses of Tab.`);
}

export async function focusedElementSummary(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    return {
      tag: element?.tagName.toLowerCase() ?? null,
      id: element?.id ?? null,
      text: element?.textContent?.trim() ?? '',
      insideMap: Boolean(element?.closest('.site-map')),
    };
  });
}
