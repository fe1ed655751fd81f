// Runtime: Node. The statements of the owner's security routes (owner-routes.ts, me-routes.ts, settings-routes.ts)
// that have no other home in this folder: the org's devices, an employee's own protections (super password,
// TOTP, verified phone and e-mail), the org's security settings and its recorded alert e-mails. Each function
// takes the Queryable the route already holds, so a statement that ran in the route's transaction still does.
// Employee-row edits by the owner live in employees.ts, staff cards in staff-cards.ts.
import type { Queryable } from '../db/types';

// ---- devices of the org ----

export interface DeviceListRow {
  id: string;
  name: string;
  platform: string;
  status: string;
  created_at: number;
  registered_by: string | null;
}

/** The org's devices, oldest first. */
export async function listOrgDevices(q: Queryable, orgId: string): Promise<DeviceListRow[]> {
  const { rows } = await q.query<DeviceListRow>(
    'SELECT id, name, platform, status, created_at, registered_by FROM devices WHERE outlet_id = $1 ORDER BY created_at',
    [orgId],
  );
  return rows;
}

/** The device's status, its row locked FOR UPDATE (call inside a transaction); undefined if not the org's. */
export async function lockOrgDeviceStatus(q: Queryable, id: string, orgId: string): Promise<string | undefined> {
  const { rows } = await q.query<{ status: string }>(
    'SELECT status FROM devices WHERE id = $1 AND outlet_id = $2 FOR UPDATE',
    [id, orgId],
  );
  return rows[0]?.status;
}

export async function writeDeviceStatus(q: Queryable, id: string, status: string): Promise<void> {
  await q.query('UPDATE devices SET status = $2 WHERE id = $1', [id, status]);
}

/** Ends every session opened on the device. */
export async function deleteDeviceSessions(q: Queryable, deviceId: string): Promise<void> {
  await q.query('DELETE FROM sessions WHERE device_id = $1', [deviceId]);
}

// ---- an employee's own protections (/v1/me/*) ----

/** A new super password; it also clears the second-factor guess counter and its lock. */
export async function setSuperPassword(q: Queryable, employeeId: string, hash: string): Promise<void> {
  await q.query(
    'UPDATE employees SET super_password_hash = $2, factor_failures = 0, factor_locked_until = NULL WHERE id = $1',
    [employeeId, hash],
  );
}

/** The TOTP secret being enrolled, not active until confirmed (confirmTotp). */
export async function setPendingTotp(q: Queryable, employeeId: string, secret: string): Promise<void> {
  await q.query('UPDATE employees SET totp_pending_secret = $2 WHERE id = $1', [employeeId, secret]);
}

export async function pendingTotpSecret(q: Queryable, employeeId: string): Promise<string | null | undefined> {
  const { rows } = await q.query<{ totp_pending_secret: string | null }>(
    'SELECT totp_pending_secret FROM employees WHERE id = $1',
    [employeeId],
  );
  return rows[0]?.totp_pending_secret;
}

/** The pending secret becomes the active one; `step` (the matched code's) cannot be used again. */
export async function confirmTotp(q: Queryable, employeeId: string, step: number): Promise<void> {
  await q.query(
    'UPDATE employees SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_last_step = $2 WHERE id = $1',
    [employeeId, step],
  );
}

export async function setVerifiedPhone(q: Queryable, employeeId: string, phone: string, now: number): Promise<void> {
  await q.query('UPDATE employees SET phone = $2, phone_verified_at = $3 WHERE id = $1', [employeeId, phone, now]);
}

export async function setVerifiedEmail(q: Queryable, employeeId: string, email: string, now: number): Promise<void> {
  await q.query('UPDATE employees SET email = $2, email_verified_at = $3 WHERE id = $1', [employeeId, email, now]);
}

// ---- the org's security settings ----

/** "New devices need approval"; `lock` takes the org row FOR UPDATE (inside a transaction). */
export async function newDevicesNeedApproval(q: Queryable, orgId: string, lock = false): Promise<boolean> {
  const { rows } = await q.query<{ new_devices_need_approval: boolean }>(
    lock
      ? 'SELECT new_devices_need_approval FROM organizations WHERE id = $1 FOR UPDATE'
      : 'SELECT new_devices_need_approval FROM organizations WHERE id = $1',
    [orgId],
  );
  return rows[0]?.new_devices_need_approval ?? false;
}

export async function setNewDevicesNeedApproval(q: Queryable, orgId: string, value: boolean): Promise<void> {
  await q.query('UPDATE organizations SET new_devices_need_approval = $2 WHERE id = $1', [orgId, value]);
}

export async function setMemberTopupMax(q: Queryable, orgId: string, fen: number): Promise<void> {
  await q.query('UPDATE organizations SET member_topup_max_fen = $2 WHERE id = $1', [orgId, fen]);
}

// ---- recorded alert e-mails ----

export interface EmailMessageRow {
  id: string | number;
  to_address: string;
  subject: string;
  body: string;
  kind: string;
  created_at: string | number;
}

/** The org's last 200 recorded e-mails, newest first. */
export async function recentEmails(q: Queryable, orgId: string): Promise<EmailMessageRow[]> {
  const { rows } = await q.query<EmailMessageRow>(
    'SELECT id, to_address, subject, body, kind, created_at FROM email_messages WHERE org_id = $1 ORDER BY id DESC LIMIT 200',
    [orgId],
  );
  return rows;
}
