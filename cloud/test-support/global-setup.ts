// Runtime: Node (Vitest global setup, once per run before any test file). Builds the migrated PGlite template
// (pglite-template.ts) unless the run is on PostgreSQL, and removes it afterwards.
import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { buildPgliteTemplate } from './pglite-template';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const path = process.env.DATABASE_URL ? '' : await buildPgliteTemplate();
  project.provide('pgliteTemplate', path);
  return async () => {
    if (path) await rm(path, { force: true });
  };
}
