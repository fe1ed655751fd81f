// Runtime: Node. Employee sessions on a device. Only sha256(token) is stored.
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/types';
import { sha256Hex } from '../catalog/canonical-json';
import { SESSION_TTL_MS } from './policy';

export async function createSession(
  q: Queryable,
  employeeId: string,
  deviceId: string,
  now: number,
): Promise<{ token: string; expiresAt: number }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = now + SESSION_TTL_MS;
  await q.query(
    'INSERT INTO sessions (token_hash, employee_id, device_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [sha256Hex(token), employeeId, deviceId, now, expiresAt],
  );
  // Expired sessions are useless; drop this employee's old ones as we go.
  await q.query('DELETE FROM sessions WHERE employee_id = $1 AND expires_at < $2', [employeeId, now]);
  return { token, expiresAt };
}

/** Records the client address a session was opened from (the session is found by its token's hash). */
export async function setSessionIp(q: Queryable, token: string, ip: string): Promise<void> {
  await q.query('UPDATE sessions SET ip = $2 WHERE token_hash = $1', [sha256Hex(token), ip]);
}
