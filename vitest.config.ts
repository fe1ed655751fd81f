import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'e2e/**', 'dist/**', 'dist-electron/**'],
    // better-sqlite3 and PGlite are native/wasm heavy: separate processes keep them isolated.
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores, which on CI's 2 cores is a single worker and leaves a
    // core idle while a test waits on loopback HTTP. Every test file has its own databases (cloud/test-support/
    // test-db.ts), temp folders and port-0 servers, so files running side by side share nothing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // one migrated PGlite database per run, loaded by each test file instead of initdb + migrations
    globalSetup: ['cloud/test-support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
