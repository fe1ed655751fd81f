import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'e2e/**', 'dist/**', 'dist-electron/**'],
    // better-sqlite3 and PGlite are native/wasm heavy: separate processes keep them isolated.
    pool: 'forks',
    // one migrated PGlite database per run, loaded by each test file instead of initdb + migrations
    globalSetup: ['cloud/test-support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
