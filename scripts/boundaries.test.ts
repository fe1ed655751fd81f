// Each file's runtime is obvious from where it lives, and its imports must respect that runtime
// (docs/architecture.md). This test reads every source file and fails on an import that crosses a boundary.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const SKIP = new Set(['node_modules', 'dist', 'dist-electron', 'release', '.git', '.data', 'test-results']);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx|mts|cts|mjs|js)$/.test(name)) out.push(p);
  }
  return out;
}

const IMPORT_RE =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

/** Comments may name a module (e.g. "never require('electron')") without importing it. */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const m of stripComments(source).matchAll(IMPORT_RE)) found.push((m[1] ?? m[2] ?? m[3] ?? m[4])!);
  return found;
}

const files = sourceFiles(root).map((p) => ({
  rel: relative(root, p).split(sep).join('/'),
  imports: importsOf(readFileSync(p, 'utf8')),
}));
/**
 * The files of the handler groups createBackend registers: the names in its `combineHandlers(app, [...])` list,
 * each resolved through index.ts's own imports to the file that defines it.
 */
function registeredHandlerFiles(): string[] {
  const index = stripComments(readFileSync(join(root, 'electron/backend/index.ts'), 'utf8'));
  const list = /combineHandlers\(\s*\w+\s*,\s*\[([^\]]*)\]/.exec(index);
  if (!list) throw new Error('index.ts: no combineHandlers(app, [...]) list');
  const names = list[1]!
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const from = new Map<string, string>();
  for (const m of index.matchAll(/import\s*(?:type\s+)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g))
    for (const item of m[1]!.split(',')) {
      // `a`, `type a`, `a as b`: the local name is the last word
      const local = item
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)
        .pop()!;
      if (local) from.set(local, m[2]!);
    }
  return names.map((n) => {
    const spec = from.get(n);
    if (!spec?.startsWith('.')) throw new Error(`index.ts registers ${n}, imported from no local file`);
    return posix.join('electron/backend', `${spec.replace(/\.js$/, '')}.ts`);
  });
}

const mayImportElectron = (rel: string) =>
  ['electron/main.ts', 'electron/preload.ts', 'electron/updater.ts'].includes(rel) || rel.endsWith('.electron.ts');

describe('runtime boundaries', () => {
  it('finds the source tree', () => {
    expect(files.some((f) => f.rel.startsWith('shared/'))).toBe(true);
  });

  it("only main.ts, preload.ts, updater.ts and *.electron.ts import 'electron'", () => {
    const offenders = files.filter(
      (f) =>
        !mayImportElectron(f.rel) &&
        !f.rel.endsWith('.test.ts') &&
        !f.rel.startsWith('e2e/') &&
        f.imports.includes('electron'),
    );
    expect(offenders.map((f) => f.rel)).toEqual([]);
  });

  it('the POS backend never imports electron, the renderer or the cloud', () => {
    // Integration tests (and their helpers in testing/) may start a real cloud beside the backend; the
    // backend's own code never reaches it, nor the test helpers.
    const testOnly = (rel: string) => rel.endsWith('.test.ts') || rel.startsWith('electron/backend/testing/');
    const runtimeImportingTesting = files.filter(
      (f) =>
        f.rel.startsWith('electron/backend/') && !testOnly(f.rel) && f.imports.some((i) => /(^|\/)testing\//.test(i)),
    );
    expect(runtimeImportingTesting.map((f) => f.rel)).toEqual([]);
    const offenders = files.filter(
      (f) =>
        f.rel.startsWith('electron/backend/') &&
        !testOnly(f.rel) &&
        f.imports.some((i) => i === 'electron' || /(^|\/)(renderer|cloud)\//.test(i)),
    );
    expect(offenders.map((f) => f.rel)).toEqual([]);
    const testsImportingElectron = files.filter(
      (f) => f.rel.startsWith('electron/backend/') && f.imports.includes('electron'),
    );
    expect(testsImportingElectron.map((f) => f.rel)).toEqual([]);
  });

  it('backend handler groups never open SQLite themselves; SQL lives in stores', () => {
    // Every group createBackend registers, whatever its file is called, and every *handlers.ts besides.
    const registered = registeredHandlerFiles();
    const isHandlers = (rel: string) =>
      (rel.startsWith('electron/backend/') && /(^|\/|-)handlers\.ts$/.test(rel) && !rel.endsWith('.test.ts')) ||
      registered.includes(rel);
    const handlers = files.filter((f) => isHandlers(f.rel));
    expect(handlers.length).toBeGreaterThan(5);
    expect(registered.filter((rel) => !handlers.some((f) => f.rel === rel))).toEqual([]);
    const opening = handlers.filter((f) => f.imports.some((i) => i === 'better-sqlite3' || /(^|\/)db\/open$/.test(i)));
    expect(opening.map((f) => f.rel)).toEqual([]);
    // Nor do they reach the raw databases through the context (ctx.dbs): they receive typed stores.
    const raw = handlers.filter((f) => /\bdbs\b/.test(stripComments(readFileSync(join(root, f.rel), 'utf8'))));
    expect(raw.map((f) => f.rel)).toEqual([]);
    // …and write no SQL of their own: a statement is prepared in the store that owns its tables.
    const sql = handlers.filter((f) =>
      /\.(prepare|exec)\(/.test(stripComments(readFileSync(join(root, f.rel), 'utf8'))),
    );
    expect(sql.map((f) => f.rel)).toEqual([]);
  });

  it('the handler groups index.ts registers are resolved to their files', () => {
    const registered = registeredHandlerFiles();
    expect(registered.length).toBeGreaterThan(10);
    expect(registered).toContain('electron/backend/sales/parked-handlers.ts');
  });

  it('the backend context carries no raw databases: only index.ts (the composition root) and db/ hold them', () => {
    // The type enforces it: BackendContext has no `dbs`, so no handler, service or helper built from it can
    // reach sales.db or catalog.db except through the stores index.ts builds from the databases it opened.
    const context = stripComments(readFileSync(join(root, 'electron/backend/context.ts'), 'utf8'));
    expect(context.split('\n').filter((line) => /\bdbs\??\s*:|\bDatabases\b/.test(line))).toEqual([]);
    const runtime = files.filter(
      (f) =>
        f.rel.startsWith('electron/backend/') &&
        !f.rel.endsWith('.test.ts') &&
        !f.rel.startsWith('electron/backend/testing/') &&
        !f.rel.startsWith('electron/backend/db/') &&
        f.rel !== 'electron/backend/index.ts',
    );
    const reading = runtime.filter((f) => /\.dbs\b/.test(stripComments(readFileSync(join(root, f.rel), 'utf8'))));
    expect(reading.map((f) => f.rel)).toEqual([]);
  });

  it('the renderer uses no Node APIs and reaches the backend only through the contract', () => {
    const offenders = files.filter(
      (f) =>
        f.rel.startsWith('renderer/') &&
        !f.rel.endsWith('.test.ts') &&
        f.imports.some(
          (i) =>
            i.startsWith('node:') ||
            ['fs', 'path', 'os', 'child_process', 'electron', 'better-sqlite3'].includes(i) ||
            /(^|\/)(electron|cloud)\//.test(i),
        ),
    );
    expect(offenders.map((f) => f.rel)).toEqual([]);
  });

  it('shared/ imports only shared/ and runtime-neutral libraries', () => {
    const allowed = new Set(['zod', 'uuid', 'vitest', 'semver']);
    const offenders = files.filter(
      (f) =>
        f.rel.startsWith('shared/') &&
        f.imports.some((i) =>
          i.startsWith('.') ? !posix.join(posix.dirname(f.rel), i).startsWith('shared/') : !allowed.has(i),
        ),
    );
    expect(offenders.map((f) => f.rel)).toEqual([]);
  });

  it('the import scanner sees the forms we use', () => {
    const src = `// require('electron') in a comment\n/* import x from 'electron' */\nimport { a } from 'electron';\nconst x = require("electron");\nimport 'side';\nexport * from './y';\nawait import('z');`;
    expect(importsOf(src).sort()).toEqual(['./y', 'electron', 'electron', 'side', 'z']);
  });
});
