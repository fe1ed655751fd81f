// The tree stays readable as it grows (docs/architecture.md):
// - no import cycle in cloud/ or electron/backend/ — a cycle means two files are one module in disguise, and
//   it makes load order (and what is `undefined` at import time) depend on which file is imported first;
// - a source file over LONG_FILE lines, and a React component over LONG_COMPONENT lines, says at its top why it
//   is long ("Long on purpose: …"), so a long file is a decision someone wrote down, not an accident (a
//   component's state machine belongs in renderer/state/, so a long component is usually one that should split).
// Imports are read with TypeScript's own parser; type-only imports are erased at build and do not count.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const CHECKED = ['cloud', 'electron/backend'];
const LONG_FILE = 400;
const LONG_COMPONENT = 200;
const LONG_REASON = /Long on purpose:/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const rel = (p: string) => relative(root, p).split(sep).join('/');

/** The file a relative specifier names, as TypeScript resolves it without path mapping; undefined if none. */
function resolveRelative(from: string, spec: string): string | undefined {
  const base = join(dirname(from), spec.replace(/\.(m|c)?js$/, ''));
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')])
    if (/\.tsx?$/.test(candidate) && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  return undefined;
}

/**
 * The specifiers a file imports at run time: `import type …`, `import { type a, type b } …` and
 * `export type … from` are erased by the compiler and couple no load order, so they are left out.
 */
export function runtimeImports(source: string): string[] {
  const sf = ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);
  const out: string[] = [];
  const typeOnlyNamed = (b: ts.NamedImportBindings | ts.NamedExportBindings | undefined) =>
    b !== undefined &&
    (ts.isNamedImports(b) || ts.isNamedExports(b)) &&
    b.elements.length > 0 &&
    b.elements.every((e) => e.isTypeOnly);
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const c = node.importClause;
      if (!(c?.isTypeOnly || (c && !c.name && typeOnlyNamed(c.namedBindings)))) out.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!(node.isTypeOnly || typeOnlyNamed(node.exportClause))) out.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      out.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Import graph over the given files: file → the files of the same set it imports at run time (relative specifiers). */
export function importGraph(files: string[]): Map<string, string[]> {
  const inSet = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = runtimeImports(readFileSync(file, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => resolveRelative(file, s))
      .filter((t): t is string => t !== undefined && inSet.has(t));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found;
}

describe('source structure', () => {
  const files = CHECKED.flatMap((d) => sourceFiles(join(root, d)));

  it('finds the files it checks', () => {
    expect(files.some((f) => rel(f).startsWith('cloud/'))).toBe(true);
    expect(files.some((f) => rel(f).startsWith('electron/backend/'))).toBe(true);
  });

  it('the cycle finder sees a cycle, a self-import and their absence', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['d']],
      ['e', ['a']],
    ]);
    expect(cycles(g)).toEqual([['a', 'b', 'c'], ['d']]);
    expect(
      cycles(
        new Map([
          ['x', ['y']],
          ['y', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('counts value imports, re-exports, dynamic imports and requires, not type-only ones', () => {
    const src = [
      "import type { A } from './type-only';",
      "import { type B, type C } from './all-type-named';",
      "import { type D, e } from './mixed';",
      "import f from './default';",
      "import './side-effect';",
      "export { g } from './re-export';",
      "export type { H } from './type-re-export';",
      "const i = await import('./dynamic');",
      "const j = require('./required');",
    ].join('\n');
    expect(runtimeImports(src).sort()).toEqual(
      ['./default', './dynamic', './mixed', './re-export', './required', './side-effect'].sort(),
    );
  });

  it('cloud/ and electron/backend/ have no import cycle', () => {
    expect(cycles(importGraph(files)).map((c) => c.map(rel))).toEqual([]);
  });

  it(`source files over ${LONG_FILE} lines say at their top why ("Long on purpose: …")`, () => {
    const all = ['cloud', 'electron', 'shared', 'renderer', 'scripts'].flatMap((d) => sourceFiles(join(root, d)));
    const unexplained = all.filter((f) => {
      const lines = readFileSync(f, 'utf8').replace(/\n$/, '').split('\n');
      return lines.length > LONG_FILE && !LONG_REASON.test(lines.slice(0, 15).join('\n'));
    });
    expect(unexplained.map(rel)).toEqual([]);
  });

  it(`React components over ${LONG_COMPONENT} lines say at their top why ("Long on purpose: …")`, () => {
    const unexplained = sourceFiles(join(root, 'renderer')).filter((f) => {
      if (!f.endsWith('.tsx')) return false;
      const lines = readFileSync(f, 'utf8').replace(/\n$/, '').split('\n');
      return lines.length > LONG_COMPONENT && !LONG_REASON.test(lines.slice(0, 15).join('\n'));
    });
    expect(unexplained.map(rel)).toEqual([]);
  });
});
