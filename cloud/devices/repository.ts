// Runtime: Node. Device registration and lookup.
import { createPublicKey } from 'node:crypto';
import { v4 as uuidv4 } from 'uuid';
import { AppError } from '../../shared/errors';
import type { RegisterRequest } from '../../shared/sync/protocol';
import type { Queryable } from '../db/types';
import type { EmployeeRow } from '../auth/accounts';

export type DeviceStatus = 'active' | 'pending' | 'revoked';
export interface DeviceRow {
  id: string;
  outlet_id: string;
  name: string;
  fingerprint: string;
  public_key: string;
  platform: string;
  status: DeviceStatus;
}

export interface OutletRow {
  id: string;
  name: string;
  timezone: string;
  type: string;
}

export async function findDevice(q: Queryable, id: string): Promise<DeviceRow | undefined> {
  const { rows } = await q.query<DeviceRow>(
    'SELECT id, outlet_id, name, fingerprint, public_key, platform, status FROM devices WHERE id = $1',
    [id],
  );
  return rows[0];
}

export async function findOrg(q: Queryable, id: string): Promise<OutletRow | undefined> {
  const { rows } = await q.query<OutletRow>('SELECT id, name, timezone, type FROM organizations WHERE id = $1', [id]);
  return rows[0];
}

/** Throws VALIDATION unless the text is an Ed25519 public key in SPKI DER, base64. */
export function assertEd25519Spki(publicKeyB64: string): void {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKeyB64, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
  } catch {
    throw new AppError('VALIDATION', 'device.publicKey is not an Ed25519 SPKI public key', [
      { path: 'device.publicKey', message: 'not an Ed25519 SPKI key' },
    ]);
  }
}

/**
 * Registers a device for the master's outlet, active at once: the master's credentials are the approval.
 * Registering the same public key again for the same outlet returns the existing device (a retried
 * registration whose answer was lost), unless it was revoked.
 */
export async function registerDevice(
  q: Queryable,
  master: EmployeeRow,
  dev: RegisterRequest['device'],
  now: number,
): Promise<{ device: DeviceRow; outlet: OutletRow }> {
  const outlet = await findOrg(q, master.org_id);
  if (!master.is_master || !outlet || outlet.type !== 'outlet') {
    throw new AppError('FORBIDDEN', 'Only the master account of an outlet can register a device');
  }
  assertEd25519Spki(dev.publicKey);
  const existing = await q.query<DeviceRow>(
    `SELECT id, outlet_id, name, fingerprint, public_key, platform, status FROM devices WHERE outlet_id = $1 AND public_key = $2`,
    [outlet.id, dev.publicKey],
  );
  const found = existing.rows[0];
  if (found) {
    if (found.status === 'revoked')
      throw new AppError('DEVICE_REVOKED', 'This device key was revoked; make a new key to register again');
    return { device: found, outlet };
  }
  const id = uuidv4();
  const { rows } = await q.query<DeviceRow>(
    `INSERT INTO devices (id, outlet_id, name, fingerprint, public_key, platform, status, created_at, registered_by)
     VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8)
     RETURNING id, outlet_id, name, fingerprint, public_key, platform, status`,
    [id, outlet.id, dev.name, dev.fingerprint, dev.publicKey, dev.platform, now, master.id],
  );
  return { device: rows[0]!, outlet };
}
