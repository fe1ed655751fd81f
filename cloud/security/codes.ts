// Runtime: Node. One-time codes for phone / e-mail binding, password recovery and sensitive acts: 6 random
// digits, stored only as an HMAC under a pepper that is NOT in the database (CODE_PEPPER, 64 hex chars; a
// per-process random one without it) — a million possible codes would fall to a plain hash at once, so a
// leaked table must not be enough. Every cloud process must share CODE_PEPPER; a restart without it only
// invalidates codes still in flight (they live minutes). 10 minutes (5 for recovery and sensitive acts), at most 5 tries, single use,
// a new code replaces the old ones. Sending is rate-limited per employee and purpose. Every try is counted
// before the comparison and outside the act's transaction (checkCode).
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { Queryable } from '../db/types';

let pepper: Buffer | null = null;
/** CODE_PEPPER from the environment (validated), else a random per-process key. */
export function codePepperFromEnv(env: NodeJS.ProcessEnv = process.env): Buffer {
  const hex = env.CODE_PEPPER;
  if (hex === undefined || hex === '') return randomBytes(32);
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('CODE_PEPPER must be 64 hex characters (32 bytes)');
  return Buffer.from(hex, 'hex');
}
const codeHash = (purpose: CodePurpose, code: string): string => {
  pepper ??= codePepperFromEnv();
  return createHmac('sha256', pepper).update(`${purpose}:${code}`).digest('hex');
};

export const CODE_TTL_MS = 10 * 60 * 1000;
export const CODE_MAX_ATTEMPTS = 5;
export const SHORT_CODE_TTL_MS = 5 * 60 * 1000;
/** at most one code per minute and SEND_LIMIT.perHour per hour, per employee and purpose */
export const SEND_LIMIT = { gapMs: 60_000, perHour: 5 } as const;
export type CodePurpose = 'phone' | 'email' | 'recovery' | 'sensitive';

export async function issueCode(
  q: Queryable,
  employeeId: string,
  purpose: CodePurpose,
  target: string,
  now: number,
  ttlMs = CODE_TTL_MS,
): Promise<string> {
  const { rows: recent } = await q.query<{ n: number; last: number | null }>(
    'SELECT count(*)::int AS n, max(created_at) AS last FROM verification_codes WHERE employee_id = $1 AND purpose = $2 AND created_at > $3',
    [employeeId, purpose, now - 3_600_000],
  );
  const r = recent[0];
  if (r && (r.n >= SEND_LIMIT.perHour || (r.last !== null && now - Number(r.last) < SEND_LIMIT.gapMs))) {
    throw new AppError('RATE_LIMITED', 'A code was sent moments ago; wait before asking for another', {
      retryAfterMs: r.n >= SEND_LIMIT.perHour ? 3_600_000 : SEND_LIMIT.gapMs,
    });
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await q.query(
    'UPDATE verification_codes SET used_at = $3 WHERE employee_id = $1 AND purpose = $2 AND used_at IS NULL',
    [employeeId, purpose, now],
  );
  await q.query(
    'INSERT INTO verification_codes (employee_id, purpose, target, code_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [employeeId, purpose, target, codeHash(purpose, code), now + ttlMs, now],
  );
  return code;
}

/** A live code that matched what was typed; `useCode` marks it used. */
export interface MatchedCode {
  id: number;
  /** the phone / address the code was sent to */
  target: string;
}

const noValidCode = () =>
  new AppError('VALIDATION', 'No valid code: request a new one', [{ path: 'code', message: 'expired' }]);

/**
 * Compares a typed code with the employee's live code for `purpose`. The try is counted BEFORE the
 * comparison, by one conditional UPDATE on the pool (`db` must not be a request transaction: a refusal's
 * rollback would take the count with it), so concurrent tries cannot compare more than CODE_MAX_ATTEMPTS
 * times. The code is not used up yet: the act marks it with `useCode` in its own transaction.
 */
export async function checkCode(
  db: Queryable,
  employeeId: string,
  purpose: CodePurpose,
  code: string,
  now: number,
): Promise<MatchedCode> {
  const { rows } = await db.query<{ id: number; target: string; code_hash: string }>(
    `UPDATE verification_codes SET attempts = attempts + 1
      WHERE id = (SELECT id FROM verification_codes
                   WHERE employee_id = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
                   ORDER BY id DESC LIMIT 1)
        AND used_at IS NULL AND attempts < $4
      RETURNING id, target, code_hash`,
    [employeeId, purpose, now, CODE_MAX_ATTEMPTS],
  );
  const live = rows[0];
  if (!live) throw noValidCode();
  if (codeHash(purpose, code) !== live.code_hash)
    throw new AppError('VALIDATION', 'Wrong code', [{ path: 'code', code: 'code_wrong', message: 'wrong code' }]);
  return { id: Number(live.id), target: live.target };
}

/** Marks a matched code used, once: of two concurrent right answers only one gets past this. */
export async function useCode(q: Queryable, c: MatchedCode, now: number): Promise<void> {
  const { rows } = await q.query(
    'UPDATE verification_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL RETURNING 1 AS used',
    [c.id, now],
  );
  if (rows.length === 0) throw noValidCode();
}

/** checkCode + useCode, for an act with nothing else to commit together with the code. Returns its target. */
export async function consumeCode(
  db: Queryable,
  employeeId: string,
  purpose: CodePurpose,
  code: string,
  now: number,
): Promise<string> {
  const c = await checkCode(db, employeeId, purpose, code, now);
  await useCode(db, c, now);
  return c.target;
}
