/// <reference types="vite/client" />
// The one text rule (text.ts), and the proof that EVERY string position of every zod schema exported from
// shared/ obeys it (cloud/http/hostile-text.test.ts does the same for the cloud's modules): a walker finds each string in each schema — object fields,
// array items, optionals, unions, records, pipes — and feeds it NUL and lone surrogates. A plain string must
// refuse them with the rule's own message (not by luck of a length limit); a format (uuid, e-mail…) refuses
// them by its pattern. A new schema with a bare z.string() fails here (and in ESLint).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkTextRule, notTests } from './testing/schema-walk';
import { TEXT_PROBLEMS, textProblem, zMultiline, zText } from './text';

describe('the text rule', () => {
  it('refuses NUL, lone surrogates and control characters; keeps tabs and newlines only where lines are allowed', () => {
    expect(textProblem('店长 Zhang 3号')).toBeNull();
    expect(textProblem('emoji 😀 and 𠀀 (a pair)')).toBeNull();
    expect(textProblem('a\u0000b')).toBe(TEXT_PROBLEMS.nul);
    expect(textProblem('a\ud800')).toBe(TEXT_PROBLEMS.surrogate);
    expect(textProblem('\udc00a')).toBe(TEXT_PROBLEMS.surrogate);
    expect(textProblem('😀'.split('').reverse().join(''))).toBe(TEXT_PROBLEMS.surrogate);
    for (const c of ['\u0001', '\u0007', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009f'])
      expect(textProblem(`a${c}b`), JSON.stringify(c)).toBe(TEXT_PROBLEMS.control);
    expect(textProblem('a\tb\r\nc', { multiline: true })).toBeNull();
    expect(textProblem('a\u0007b', { multiline: true })).toBe(TEXT_PROBLEMS.control);
    expect(textProblem('a\u0000b', { multiline: true })).toBe(TEXT_PROBLEMS.nul);
  });

  it('normalises to NFC, and names the field in the issue', () => {
    const s = z.object({ name: zText().trim().min(1).max(10), note: zMultiline().optional() });
    const decomposed = 'Cafe\u0301 咖啡';
    expect(s.parse({ name: ` ${decomposed} ` }).name).toBe('Café 咖啡');
    expect(s.parse({ name: '\uf900' }).name).toBe('\u8c48'); // a CJK compatibility ideograph → its unified form
    const bad = s.safeParse({ name: 'x', note: 'a\u0000' });
    expect(bad.error?.issues).toEqual([expect.objectContaining({ path: ['note'], message: TEXT_PROBLEMS.nul })]);
    // the rule's issue comes first and alone, whatever length limits the field also has
    expect(s.safeParse({ name: 'y'.repeat(50) + '\ud800' }).error?.issues.map((i) => i.message)).toEqual([
      TEXT_PROBLEMS.surrogate,
    ]);
  });
});

describe('every string position refuses NUL and lone surrogates', () => {
  it('in every zod schema exported from shared/', () => {
    const r = checkTextRule(notTests(import.meta.glob(['./**/*.ts', '!./**/*.test.ts'], { eager: true })));
    expect(r.failures).toEqual([]);
    // the walk found the schemas (a broken walker would pass vacuously)
    expect(r.schemas).toBeGreaterThan(300);
    expect(r.leaves).toBeGreaterThan(500);
  });
});
