import { defineConfig } from 'vitest/config';
import { messageGroups } from './vite.config.ts';

export default defineConfig({
  test: {
    projects: [
      {
        // The portal's message parts (`de.json?first-paint`, `?later`) as in the build.
        plugins: [messageGroups()],
        test: {
          name: 'unit',
          include: [
            'src/domain/**/*.test.ts',
            'src/planning/**/*.test.ts',
            'src/web/**/*.test.{ts,tsx}',
            'test/architecture/**/*.test.ts',
          ],
          environment: 'node',
          // Pure functions and components rendered in jsdom: fast on a quiet machine, but a render can take
          // seconds on two busy cores, and no unit test measures speed.
          testTimeout: 30_000,
          // Vitest's default on two cores is one worker; the main process mostly waits, so two workers use both.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src/db/**/*.test.ts', 'src/server/**/*.test.ts', 'src/cli/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Migrates and seeds PGlite and PostgreSQL once; every test database is a copy.
          globalSetup: ['test/support/databaseTemplates.ts'],
          // PGlite instances are ~370 MB each; two cores: keep parallelism modest.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Migrates and seeds PGlite once (every portal's database is a copy) and starts Chromium once (every
          // portal opens a browser context of its own in it).
          globalSetup: ['test/support/databaseTemplates.ts', 'e2e/support/browserServer.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
