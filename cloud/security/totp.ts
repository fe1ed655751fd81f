// Runtime: Node. Dynamic token (RFC 6238 TOTP): 6 digits, 60 s step by default, SHA-1 (what every
// authenticator app supports). A code is accepted at most once: the accepted step is recorded and only a
// strictly later step is accepted afterwards (the UPDATE decides races).
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { Queryable } from '../db/types';

export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_S = 60;
/** accept the previous and next step too: clocks of phones drift */
export const TOTP_WINDOW = 1;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpOf(secretB32: string, label = 'employee'): TOTP {
  return new TOTP({
    issuer: '千米收银',
    label,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_S,
    secret: Secret.fromBase32(secretB32),
  });
}

export async function enrolmentOf(secretB32: string, label: string): Promise<{ uri: string; qrDataUrl: string }> {
  const uri = totpOf(secretB32, label).toString();
  return { uri, qrDataUrl: await QRCode.toDataURL(uri) };
}

export function totpCode(secretB32: string, nowMs: number): string {
  return totpOf(secretB32).generate({ timestamp: nowMs });
}

/** The step a code matches (within the window), or null. */
export function matchTotp(secretB32: string, code: string, nowMs: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpOf(secretB32).validate({ token: code, timestamp: nowMs, window: TOTP_WINDOW });
  if (delta === null) return null;
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_S) + delta;
}

/** Marks the step used; false when it (or a later one) was already used. */
export async function consumeTotpStep(q: Queryable, employeeId: string, step: number): Promise<boolean> {
  const { rows } = await q.query(
    'UPDATE employees SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING 1 AS ok',
    [employeeId, step],
  );
  return rows.length === 1;
}
