// Offline login: what an ONLINE login leaves behind so the same employee can log in on this PC while the
// cloud is unreachable (sales.db table offline_credentials, migration 0002).
//
// Invariants:
// - Only a verifier is stored: scrypt(password, per-employee random salt). Never the password.
// - Offline login is allowed only until online_login_at + the cloud's offline window (default 72 h), with
//   the permissions the cloud gave at that login. Every online login refreshes all of it.
// - Time is the cloud's clock as learned (cloud-clock.ts) when known, so moving the PC clock back does not
//   stretch the window once the cloud has been seen.
// - MAX_OFFLINE_FAILURES wrong passwords lock offline login for that employee until the next online login
//   (the verifier is on this disk; the lock stops guessing through the UI).
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { zEmployee, type Employee } from '../../../shared/sync/protocol';
import type { Db } from '../db/open';

export const MAX_OFFLINE_FAILURES = 5;
const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

function derive(password: string, salt: Buffer, n: number, r: number, p: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, keylen, { N: n, r, p, maxmem: 256 * n * r }, (e, k) =>
      e ? reject(e) : resolve(k),
    ),
  );
}

export async function makeVerifier(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P, KEYLEN);
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function checkVerifier(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![n, r, p].every((x) => Number.isSafeInteger(x) && x > 0) || n > 1 << 20) return false;
  const expected = Buffer.from(parts[5]!, 'base64url');
  const key = await derive(password, Buffer.from(parts[4]!, 'base64url'), n, r, p, expected.length);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

interface Row {
  username: string;
  employee_id: string;
  verifier: string;
  employee_json: string;
  online_login_at: number;
  window_ms: number;
  failed_attempts: number;
}

export interface OfflineGrant {
  employee: Employee;
  /** the offline session ends at the end of the offline window */
  expiresAt: number;
}

export function createOfflineCredentials(db: Db) {
  const upsert =
    db.prepare(`INSERT INTO offline_credentials (username, employee_id, verifier, employee_json, online_login_at, window_ms, failed_attempts)
      VALUES (@username, @employeeId, @verifier, @employeeJson, @at, @windowMs, 0)
    ON CONFLICT (username) DO UPDATE SET employee_id = excluded.employee_id, verifier = excluded.verifier,
      employee_json = excluded.employee_json, online_login_at = excluded.online_login_at, window_ms = excluded.window_ms,
      failed_attempts = 0`);
  // An employee renamed in the cloud: the old username row must not survive beside the new one.
  const dropOtherNames = db.prepare('DELETE FROM offline_credentials WHERE employee_id = ? AND username <> ?');
  const byName = db.prepare('SELECT * FROM offline_credentials WHERE username = ?');
  const failed = db.prepare('UPDATE offline_credentials SET failed_attempts = failed_attempts + 1 WHERE username = ?');
  const reset = db.prepare('UPDATE offline_credentials SET failed_attempts = 0 WHERE username = ?');
  const dropEmployee = db.prepare('DELETE FROM offline_credentials WHERE employee_id = ?');
  const dropName = db.prepare('DELETE FROM offline_credentials WHERE username = ?');
  const dropOlder = db.prepare('DELETE FROM offline_credentials WHERE employee_id = ? AND online_login_at < ?');
  const employeeJson = db.prepare('SELECT employee_json FROM offline_credentials WHERE employee_id = ?').pluck();

  return {
    /** The employee's name (or username) as their last online login here gave it; null: never logged in here. */
    employeeName(employeeId: string): string | null {
      const json = employeeJson.get(employeeId) as string | undefined;
      if (!json) return null;
      const e = JSON.parse(json) as { name?: string; username?: string };
      return e.name || e.username || null;
    },
    /** After a successful ONLINE login: remember the verifier, the employee and the window. */
    async remember(p: {
      username: string;
      password: string;
      employee: Employee;
      at: number;
      windowHours: number;
    }): Promise<void> {
      const verifier = await makeVerifier(p.password);
      db.transaction(() => {
        dropOtherNames.run(p.employee.id, p.username);
        upsert.run({
          username: p.username,
          employeeId: p.employee.id,
          verifier,
          employeeJson: JSON.stringify(p.employee),
          at: p.at,
          windowMs: p.windowHours * 3_600_000,
        });
      })();
    },
    /** Employees the cloud has disabled: no offline login for them here any more. */
    forgetEmployees(employeeIds: readonly string[]): void {
      if (employeeIds.length === 0) return;
      db.transaction(() => {
        for (const id of employeeIds) dropEmployee.run(id);
      })();
    },
    /** Passwords changed in the cloud (times on the cloud's clock, as online_login_at is): an offline login
     *  remembered before the change is forgotten. Returns the employees that lost theirs. */
    forgetLoginsBefore(changes: readonly { employeeId: string; at: number }[]): string[] {
      const lost: string[] = [];
      if (changes.length === 0) return lost;
      db.transaction(() => {
        for (const c of changes) if (dropOlder.run(c.employeeId, c.at).changes > 0) lost.push(c.employeeId);
      })();
      return lost;
    },
    /**
     * The cloud refused this username and password ONLINE. If this till would still have accepted them
     * offline (the password was changed or the account disabled since), it must not any more.
     * A mistyped password matches nothing stored and changes nothing.
     */
    async refusedOnline(username: string, password: string): Promise<void> {
      const row = byName.get(username) as Row | undefined;
      if (row && (await checkVerifier(password, row.verifier))) dropName.run(username);
    },
    /**
     * Checks an offline login. Throws OFFLINE (with details.reason) when this employee cannot log in
     * offline on this PC, BAD_CREDENTIALS on a wrong password, LOCKED_OUT after too many.
     */
    async verify(username: string, password: string, now: number): Promise<OfflineGrant> {
      const row = byName.get(username) as Row | undefined;
      if (!row) {
        throw new AppError(
          'OFFLINE',
          'The cloud cannot be reached, and this account has not logged in online on this computer recently',
          {
            reason: 'OFFLINE_LOGIN_UNKNOWN',
          },
        );
      }
      const until = row.online_login_at + row.window_ms;
      if (now > until) {
        throw new AppError(
          'OFFLINE',
          'The cloud cannot be reached, and the offline login window since the last online login has passed',
          {
            reason: 'OFFLINE_LOGIN_EXPIRED',
            onlineLoginAt: row.online_login_at,
          },
        );
      }
      if (row.failed_attempts >= MAX_OFFLINE_FAILURES) {
        throw new AppError('LOCKED_OUT', 'Too many wrong passwords; log in once while online to unlock', {
          reason: 'OFFLINE_LOGIN_LOCKED',
        });
      }
      if (!(await checkVerifier(password, row.verifier))) {
        failed.run(username);
        throw new AppError('BAD_CREDENTIALS', 'Wrong username or password');
      }
      reset.run(username);
      return { employee: zEmployee.parse(JSON.parse(row.employee_json)), expiresAt: until };
    },
  };
}
export type OfflineCredentials = ReturnType<typeof createOfflineCredentials>;
