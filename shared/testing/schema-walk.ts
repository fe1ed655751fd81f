// Tests only: walks zod schemas to every string position and proves the text rule (shared/text.ts) holds
// there. Used by shared/text.test.ts (every schema exported from shared/) and the cloud's hostile-text test
// (every schema exported from the cloud's modules).
import type { z } from 'zod';
import { TEXT_PROBLEMS } from '../text';

type Def = { type: string; [k: string]: unknown };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const isSchema = (v: unknown): v is z.ZodType =>
  typeof v === 'object' && v !== null && '_zod' in v && typeof (v as { _zod: unknown })._zod === 'object';

interface Leaf {
  path: string;
  schema: z.ZodType;
}

/** Every string position inside `schema` (cycles through z.lazy are visited once). */
function stringLeaves(schema: z.ZodType, path: string, out: Leaf[], seen = new Set<unknown>()): Leaf[] {
  if (seen.has(schema)) return out;
  seen.add(schema);
  const d = defOf(schema);
  const walk = (s: unknown, p: string) => {
    if (isSchema(s)) stringLeaves(s, p, out, seen);
  };
  switch (d.type) {
    case 'string':
      out.push({ path, schema });
      break;
    case 'object':
      for (const [k, v] of Object.entries(d.shape as Record<string, unknown>)) walk(v, `${path}.${k}`);
      walk(d.catchall, `${path}.*`);
      break;
    case 'array':
      walk(d.element, `${path}[]`);
      break;
    case 'tuple':
      (d.items as unknown[]).forEach((s, i) => walk(s, `${path}[${i}]`));
      walk(d.rest, `${path}[…]`);
      break;
    case 'union':
      (d.options as unknown[]).forEach((s, i) => walk(s, `${path}|${i}`));
      break;
    case 'intersection':
      walk(d.left, path);
      walk(d.right, path);
      break;
    case 'record':
    case 'map':
      walk(d.keyType, `${path}{key}`);
      walk(d.valueType, `${path}{}`);
      break;
    case 'set':
      walk(d.valueType, `${path}{}`);
      break;
    case 'pipe':
      walk(d.in, path);
      walk(d.out, path);
      break;
    case 'lazy':
      walk((d.getter as () => unknown)(), path);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
    case 'success':
    case 'promise':
      walk(d.innerType, path);
      break;
    default:
      break; // numbers, booleans, enums, literals, transforms: no free text
  }
  return out;
}

/** Zod schemas among a module's exports, also inside plain objects (the API method tables: {input, output}). */
function schemasIn(value: unknown, path: string, out: Leaf[], depth = 0): void {
  if (isSchema(value)) {
    out.push({ path, schema: value });
    return;
  }
  if (depth > 3 || typeof value !== 'object' || value === null || Array.isArray(value)) return;
  if (Object.getPrototypeOf(value) !== Object.prototype) return;
  for (const [k, v] of Object.entries(value)) schemasIn(v, `${path}.${k}`, out, depth + 1);
}

const HOSTILE = ['a\u0000b', '\u0000', 'a\ud800', '\udfffb', 'x\ud83d'];

export function checkTextRule(modules: Record<string, Record<string, unknown>>) {
  const schemas: Leaf[] = [];
  for (const [file, mod] of Object.entries(modules))
    for (const [name, value] of Object.entries(mod)) schemasIn(value, `${file}:${name}`, schemas);
  const leaves = schemas.flatMap((s) => stringLeaves(s.schema, s.path, []));
  const failures: string[] = [];
  for (const leaf of leaves) {
    const format = defOf(leaf.schema).format;
    for (const bad of HOSTILE) {
      const r = leaf.schema.safeParse(bad);
      if (r.success) failures.push(`${leaf.path} accepted ${JSON.stringify(bad)}`);
      // a plain string must refuse by the rule itself, not because of a length or a pattern
      else if (
        format === undefined &&
        !r.error.issues.some((i) => Object.values<string>(TEXT_PROBLEMS).includes(i.message))
      )
        failures.push(`${leaf.path} refused ${JSON.stringify(bad)} without the text rule`);
    }
  }
  return { schemas: schemas.length, leaves: leaves.length, failures };
}

export const notTests = (m: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(m).filter(([f]) => !/\.test\.ts$|\/testing\/|\/test-support\//.test(f))) as Record<
    string,
    Record<string, unknown>
  >;
