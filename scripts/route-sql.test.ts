// Cloud route files hold no SQL (cloud/README.md): a route declares its schema, checks auth, calls a repository
// (or service) function and maps the answer; every statement lives in the feature's repository file, where it is
// named, typed and found by whoever changes the table. The cloud runs SQL only through Queryable.query
// (cloud/db/types.ts; CloudDb.exec is for migrations), so a route file is refused when it calls `.query(…)` on
// anything, or when one of its string or template literals reads as an SQL statement. The file is read with
// TypeScript's parser: comments are not nodes, so a comment naming a statement is not a finding, and
// `request.query` (a property, never called) is not one either.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const SQL = /\b(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM)\b/;

function routeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...routeFiles(p));
    else if (/routes.*\.ts$/.test(name) && !/\.test\.ts$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** "line: what" for every SQL call or SQL-looking literal in a source text. */
export function sqlFindings(source: string): string[] {
  const sf = ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const at = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'query'
    ) {
      out.push(`${at(node)}: .query( call`);
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (SQL.test(node.text)) out.push(`${at(node)}: ${node.text.slice(0, 60)}`);
    } else if (ts.isTemplateExpression(node)) {
      const text = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
      if (SQL.test(text)) out.push(`${at(node)}: ${text.slice(0, 60)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe('cloud route files hold no SQL', () => {
  const files = routeFiles(join(root, 'cloud'));

  it('finds the route files', () => {
    const names = files.map((f) => relative(root, f).split(sep).join('/'));
    expect(names).toContain('cloud/auth/routes.ts');
    expect(names).toContain('cloud/security/owner-routes.ts');
    expect(names.some((n) => n.endsWith('.test.ts'))).toBe(false);
  });

  it('the finder sees calls and statements, not comments, properties or ordinary words', () => {
    const src = [
      '// SELECT * FROM members — a comment is not a statement',
      '/* UPDATE employees SET x = 1 */ const f = request.query; const g = request.query.from;',
      'await ctx.db.query<{ n: number }>(sqlText, []);',
      "const a = 'SELECT id FROM devices';",
      'const b = `UPDATE devices SET status = $2 WHERE id = ${id}`;',
      'const c = `DELETE FROM sessions`;',
      "const d = 'Select the till'; const e = 'INSERT a card';",
    ].join('\n');
    expect(sqlFindings(src)).toEqual([
      '3: .query( call',
      '4: SELECT id FROM devices',
      '5: UPDATE devices SET status = $2 WHERE id =  ',
      '6: DELETE FROM sessions',
    ]);
  });

  it('a statement put back into a real route file is found', () => {
    // The money routes were the last to move (deposits, members, payments): one statement put back fails.
    const clean = readFileSync(join(root, 'cloud/deposits/routes.ts'), 'utf8');
    expect(sqlFindings(clean)).toEqual([]);
    const back = clean.replace(
      'channels: await listChannels(ctx.db)',
      "channels: (await ctx.db.query('SELECT * FROM deposit_channels')).rows",
    );
    expect(back).not.toBe(clean);
    expect(sqlFindings(back)).toHaveLength(2); // the call and its statement
  });

  it('no cloud/**/*routes*.ts runs or spells SQL (it belongs in the feature repository)', () => {
    // No exceptions: every route file's statements live in its feature's repository or store file.
    const found = files.flatMap((f) => {
      const name = relative(root, f).split(sep).join('/');
      return sqlFindings(readFileSync(f, 'utf8')).map((x) => `${name}:${x}`);
    });
    expect(found).toEqual([]);
  });
});
