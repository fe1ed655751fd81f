// Runtime: Node. How long an employee session lives: SESSION_TTL_MS (12 h) after login at most, and
// SESSION_IDLE_MS (30 min) after its last use. Use moves the idle deadline (never past the absolute end);
// a refresh rotates the token — the old one is gone in the same transaction — without extending the
// absolute end, so a stolen token is good for minutes, and a session for one working day.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { Queryable } from '../db/types';
import { sha256Hex } from '../catalog/canonical-json';

export const SESSION_IDLE_MS = 30 * 60 * 1000;
/** the idle deadline is written at most this often per session (not on every request) */
const TOUCH_EVERY_MS = 60 * 1000;

export interface SessionTimes {
  expires_at: number;
  created_at: number;
  /** NULL: not used since login */
  idle_expires_at: number | null;
}

export function idleDeadline(s: SessionTimes): number {
  return Math.min(Number(s.idle_expires_at ?? Number(s.created_at) + SESSION_IDLE_MS), Number(s.expires_at));
}

export function isSessionLive(s: SessionTimes, now: number): boolean {
  return Number(s.expires_at) > now && idleDeadline(s) > now;
}

export async function touchSession(q: Queryable, tokenHash: string, s: SessionTimes, now: number): Promise<void> {
  const next = Math.min(now + SESSION_IDLE_MS, Number(s.expires_at));
  if (next - idleDeadline(s) < TOUCH_EVERY_MS) return;
  await q.query('UPDATE sessions SET idle_expires_at = $2 WHERE token_hash = $1', [tokenHash, next]);
}

/**
 * Replaces a live session's token. Refused (UNAUTHENTICATED) when the token is unknown, expired (either
 * deadline), of another device, or its account is disabled.
 */
export async function rotateSession(
  q: Queryable,
  token: string,
  deviceId: string,
  now: number,
): Promise<{ token: string; expiresAt: number; idleExpiresAt: number; employeeId: string }> {
  const oldHash = sha256Hex(token);
  const { rows } = await q.query<
    SessionTimes & {
      employee_id: string;
      device_id: string;
      ip: string | null;
      ip_confirmed: boolean;
      disabled_at: number | null;
    }
  >(
    `SELECT s.*, e.disabled_at FROM sessions s JOIN employees e ON e.id = s.employee_id WHERE s.token_hash = $1 FOR UPDATE OF s`,
    [oldHash],
  );
  const s = rows[0];
  if (!s || !isSessionLive(s, now) || s.device_id !== deviceId || s.disabled_at !== null) {
    throw new AppError('UNAUTHENTICATED', 'Session expired or not valid on this device; please log in');
  }
  const fresh = randomBytes(32).toString('base64url');
  const idle = Math.min(now + SESSION_IDLE_MS, Number(s.expires_at));
  await q.query('DELETE FROM sessions WHERE token_hash = $1', [oldHash]);
  await q.query(
    `INSERT INTO sessions (token_hash, employee_id, device_id, created_at, expires_at, ip, ip_confirmed, idle_expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [sha256Hex(fresh), s.employee_id, s.device_id, s.created_at, s.expires_at, s.ip, s.ip_confirmed, idle],
  );
  return { token: fresh, expiresAt: Number(s.expires_at), idleExpiresAt: idle, employeeId: s.employee_id };
}
