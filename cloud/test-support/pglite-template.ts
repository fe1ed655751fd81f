// Runtime: Node (tests). The migrated PGlite template: Vitest's global setup migrates one database once per
// run and dumps it to a file; each test file's fresh PGlite database loads that dump instead of running
// initdb and every migration again (several seconds per database on a 2-core machine). The database a test
// gets is the same either way: an empty schema at the newest migration. Tests of the migrator itself
// (`migrate: false`) still start from nothing.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { openCloudDb } from '../db/open';

declare module 'vitest' {
  export interface ProvidedContext {
    /** the dump's path, or '' when there is none (PostgreSQL runs) */
    pgliteTemplate: string;
  }
}

/** Global setup: migrate once, dump, return the dump's path. */
export async function buildPgliteTemplate(): Promise<string> {
  const db = await openCloudDb({});
  try {
    if (db.jobs.kind !== 'pglite') throw new Error('not PGlite');
    const dump = await db.jobs.pglite.dumpDataDir('none');
    const path = join(tmpdir(), `pos-pglite-template-${process.pid}.tar`);
    await writeFile(`${path}.part`, Buffer.from(await dump.arrayBuffer()));
    await rename(`${path}.part`, path);
    return path;
  } finally {
    await db.close();
  }
}

let loaded: Promise<Blob | undefined> | undefined;

/** In a test file: the template to load, if the run has one. */
export function pgliteTemplate(): Promise<Blob | undefined> {
  loaded ??= (async () => {
    let path: string;
    try {
      path = inject('pgliteTemplate') ?? '';
    } catch {
      return undefined; // not under Vitest's runner
    }
    return path ? new Blob([await readFile(path)]) : undefined;
  })();
  return loaded;
}
