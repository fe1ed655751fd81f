// The repository explains itself (README.md, docs/architecture.md):
// - every folder of the source roots that holds a .ts/.tsx/.mjs file has a README.md saying what belongs there;
// - every relative link of every Markdown file resolves to a file or folder of the repository (http(s) and
//   mailto links, and the #anchor part of a link, are not checked);
// - every file a Markdown file names in `code` (a path ending in .ts/.tsx/.mjs/.sql/.md) exists, so a
//   README that outlives a moved file fails here instead of misleading its reader;
// - no Markdown file and no source comment names a Markdown file that is not in the repository (a design note
//   kept elsewhere, `../shared/DESIGN.md`, `DOMAIN.md`): what a reader needs is written down here.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const SOURCE_ROOTS = ['cloud', 'electron', 'renderer', 'shared', 'scripts', 'e2e', 'chaos', 'bench'];
const SKIP_DIRS = new Set([
  'node_modules',
  '.git',
  'dist',
  'dist-electron',
  'release',
  '.data',
  '.tmp',
  'test-results',
  'playwright-report',
]);

const rel = (p: string) => relative(root, p).split(sep).join('/');

function walk(dir: string, onFile: (path: string) => void, onDir?: (path: string) => void): void {
  onDir?.(dir);
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, onFile, onDir);
    else onFile(p);
  }
}

function markdownFiles(): string[] {
  const out: string[] = [];
  walk(root, (p) => {
    if (p.endsWith('.md')) out.push(p);
  });
  return out;
}

function sourceFiles(): string[] {
  const out: string[] = [];
  for (const r of SOURCE_ROOTS)
    walk(join(root, r), (p) => {
      if (/\.(ts|tsx|mjs|cjs|js)$/.test(p)) out.push(p);
    });
  return out;
}

/** A path inside the repository that exists, resolved from `fromDir` or from the repository root. */
function resolvesInRepo(fromDir: string, target: string): boolean {
  const candidates = target.startsWith('/') ? [join(root, target)] : [resolve(fromDir, target), resolve(root, target)];
  return candidates.some((c) => !relative(root, c).startsWith('..') && existsSync(c));
}

/** Markdown links and images: [text](target) / ![alt](target), minus the "title" part. */
function markdownLinks(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push(m[1]!);
  return out;
}

/** The comments of a source file (line and block), where a reference to a document would be. */
function comments(source: string): string {
  return [...source.matchAll(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g)].map((m) => m[0]).join('\n');
}

/** Paths a Markdown file names in inline code: `cloud/app.ts`, `members/ledger.ts` … (globs and patterns skipped). */
function codePaths(text: string): string[] {
  const out: string[] = [];
  // fenced blocks are pictures and commands, not references
  const prose = text.replace(/```[\s\S]*?```/g, '');
  for (const m of prose.matchAll(/`([^`\n]+)`/g)) {
    const code = m[1]!.trim();
    if (!/^[\w.-][\w./-]*\.(ts|tsx|mjs|sql|md)$/.test(code)) continue;
    if (/NN|\/\.\.\.|<|\*/.test(code)) continue;
    out.push(code);
  }
  return out;
}

let repoFiles: string[] | undefined;

/**
 * A file named in prose is read from where the reader stands (`members/ledger.ts` in cloud/README.md,
 * `sale-plan.ts` in a list under `sales/`): it exists when some file of the repository ends with that path, or
 * it resolves from the naming file's folder or the root. A name no file has is stale.
 */
function namedFileExists(fromFile: string, target: string): boolean {
  if (resolvesInRepo(dirname(fromFile), target)) return true;
  if (target.startsWith('../')) return false;
  if (!repoFiles) {
    const all: string[] = [];
    walk(root, (p) => all.push(`/${rel(p)}`));
    repoFiles = all;
  }
  const suffix = `/${target.replace(/^\.\//, '')}`;
  return repoFiles.some((f) => f.endsWith(suffix));
}

// Folders with no .ts/.tsx/.mjs file need no README of their own: the SQL migration folders
// (cloud/db/migrations, electron/backend/db/migrations/{sales,catalog}) are described by their parent's README,
// renderer/public holds only static assets, docs/ is itself the documentation.

describe('docs', () => {
  it('every source folder has a README.md', () => {
    const missing: string[] = [];
    for (const r of SOURCE_ROOTS)
      walk(
        join(root, r),
        () => {},
        (dir) => {
          const hasSource = readdirSync(dir).some((n) => /\.(ts|tsx|mjs)$/.test(n));
          if (hasSource && !existsSync(join(dir, 'README.md'))) missing.push(rel(dir));
        },
      );
    expect(missing).toEqual([]);
  });

  it('every relative link in a Markdown file resolves inside the repository', () => {
    const broken: string[] = [];
    for (const md of markdownFiles()) {
      for (const link of markdownLinks(readFileSync(md, 'utf8'))) {
        if (/^(https?:|mailto:)/.test(link) || link.startsWith('#')) continue;
        const target = decodeURIComponent(link.replace(/#.*$/, ''));
        const abs = resolve(dirname(md), target);
        if (relative(root, abs).startsWith('..') || !existsSync(abs)) broken.push(`${rel(md)} → ${link}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every file a Markdown file names in code exists', () => {
    const stale: string[] = [];
    for (const md of markdownFiles())
      for (const p of codePaths(readFileSync(md, 'utf8'))) if (!namedFileExists(md, p)) stale.push(`${rel(md)} → ${p}`);
    expect(stale).toEqual([]);
  });

  it('no Markdown file and no source comment names a Markdown file outside the repository', () => {
    const outside: string[] = [];
    const mdNames = /(?:^|[\s`'"([])((?:\.{1,2}\/)*[\w./-]*[\w-]\.md)\b/g;
    for (const file of [...markdownFiles(), ...sourceFiles()]) {
      if (file === import.meta.filename) continue; // its own examples of what it refuses
      const text = file.endsWith('.md') ? readFileSync(file, 'utf8') : comments(readFileSync(file, 'utf8'));
      for (const m of text.matchAll(mdNames)) {
        const name = m[1]!;
        if (/^https?:/.test(name)) continue;
        if (!namedFileExists(file, name)) outside.push(`${rel(file)} → ${name}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('the checks catch what they are for', () => {
    expect(markdownLinks('see [the cloud](../cloud/README.md#tests) and ![x](a.png "t")')).toEqual([
      '../cloud/README.md#tests',
      'a.png',
    ]);
    expect(codePaths('`members/ledger.ts` and `migrations-NNNN.test.ts`, `npm test`, `owner/*-cloud.test.ts`')).toEqual(
      ['members/ledger.ts'],
    );
    expect(namedFileExists(join(root, 'cloud/README.md'), 'members/ledger.ts')).toBe(
      existsSync(join(root, 'cloud/members/ledger.ts')),
    );
    expect(namedFileExists(join(root, 'cloud/README.md'), '../shared/DESIGN.md')).toBe(false);
    expect(namedFileExists(join(root, 'cloud/README.md'), 'DOMAIN.md')).toBe(false);
  });
});
