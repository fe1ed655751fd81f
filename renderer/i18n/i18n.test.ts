// Runtime: Node (Vitest). Both languages must have exactly the same keys, no empty values, and a
// translation for every error code the backend can send.
import { describe, expect, it } from 'vitest';
import { zhCN } from './zh-CN';
import { en } from './en';
import { ERROR_CODES } from '../../shared/errors';

function leaves(tree: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(tree as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object') for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
    else out.set(key, v);
  }
  return out;
}

describe('i18n resources', () => {
  const zh = leaves(zhCN);
  const english = leaves(en);

  it('zh-CN and en have exactly the same keys', () => {
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it('has no empty or non-string values', () => {
    for (const [key, value] of [...zh, ...english]) {
      expect(typeof value, key).toBe('string');
      expect((value as string).trim(), key).not.toBe('');
    }
  });

  it('uses the same interpolation variables in both languages', () => {
    const vars = (s: unknown) => [...String(s).matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    for (const [key, value] of zh) expect(vars(english.get(key)), key).toEqual(vars(value));
  });

  it('translates every error code', () => {
    for (const code of ERROR_CODES) {
      expect(zh.has(`errors.${code}`), code).toBe(true);
      expect(english.has(`errors.${code}`), code).toBe(true);
    }
  });
});
