// The ONE text rule for every text field of every schema (API methods, sync wire, cloud routes): text that
// a database cannot hold, a receipt printer cannot print or a screen shows as nothing is refused at the
// edge as VALIDATION naming the field — never a 500 deep inside, never a record the other side refuses.
//  - no NUL (PostgreSQL text cannot hold U+0000),
//  - no lone UTF-16 surrogate (not Unicode: it cannot be encoded as UTF-8),
//  - no control characters (C0, DEL, C1); `zMultiline` lets tab, line feed and carriage return through
//    for the few fields made of lines (a rendered receipt, an e-mail body),
//  - NFC-normalised, so the same words typed on two keyboards are the same text (search, uniqueness, hashes).
// Use zText() wherever z.string() would go (ESLint refuses z.string() in shared/, cloud/ and the backend);
// formats of their own (z.uuid(), z.email()…) already refuse all of the above.
import { z } from 'zod';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- the same, less tab, line feed and carriage return
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** a high surrogate not followed by a low one, or a low one not preceded by a high one (UTF-16 code units) */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** printable ASCII only: nothing to refuse and already NFC (most codes, ids, numbers) — the fast path */
const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;
/** anything that might be a problem (surrogates included, even paired ones): only then look closer */
// eslint-disable-next-line no-control-regex -- the same characters, as one quick scan
const SUSPECT = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/;

/** The messages of the rule: tests and the error texts recognise them. */
export const TEXT_PROBLEMS = {
  nul: 'must not contain the NUL character',
  surrogate: 'must be valid Unicode (a lone surrogate)',
  control: 'must not contain control characters',
} as const;

/** What is wrong with `s` under the rule, or null when nothing is. */
export function textProblem(s: string, opts: { multiline?: boolean } = {}): string | null {
  if (PRINTABLE_ASCII.test(s) || !SUSPECT.test(s)) return null;
  if (s.includes('\u0000')) return TEXT_PROBLEMS.nul;
  if (LONE_SURROGATE.test(s)) return TEXT_PROBLEMS.surrogate;
  if ((opts.multiline ? CONTROL_EXCEPT_LINES : CONTROL).test(s)) return TEXT_PROBLEMS.control;
  return null;
}

/** One check that refuses (and stops there) or normalises the value in place. */
function rule(multiline: boolean) {
  return (p: z.core.ParsePayload<string>) => {
    const s = p.value;
    if (PRINTABLE_ASCII.test(s)) return; // most ids, codes and numbers
    const problem = textProblem(s, { multiline });
    if (problem) p.issues.push({ code: 'custom', message: problem, input: s, continue: false });
    else p.value = s.normalize('NFC');
  };
}
const lineRule = rule(false);
const multilineRule = rule(true);

/** A text field (one line): checked, then NFC-normalised. Chain .trim(), .min(), .max(), .regex() as on z.string(). */
export function zText(params?: string | { error?: string }): z.ZodString {
  return z.string(params).check(lineRule);
}

/** A text made of lines (tab, LF, CR allowed): otherwise the same rule as zText. */
export function zMultiline(params?: string | { error?: string }): z.ZodString {
  return z.string(params).check(multilineRule);
}
