// Runtime: Node. Registering a device, with approval. Who may register: the master, or an employee holding
// 'device.manage'. The device starts 'active' only when the master registered it AND the outlet has not
// set "new devices need approval"; otherwise it starts 'pending' and does nothing until the master
// approves it (POST /v1/devices/:id/approve). The signature check reads the status on every request, so
// approval and revocation take effect at the device's next request. Every registration (and every refused
// attempt) is audited, and a new device alerts the owner by e-mail. The device belongs to the registering
// employee's organisation: an outlet, or an agent (区代), whose devices log in only that agent's employees.
import { v4 as uuidv4 } from 'uuid';
import { AppError } from '../../shared/errors';
import { hasPermission } from '../../shared/permissions';
import type { RegisterRequest } from '../../shared/sync/protocol';
import { toAppError } from '../http/error-handler';
import { checkCredentials, effectivePermissions, findEmployeeByUsername, refusalOf } from '../auth/accounts';
import { assertEd25519Spki, findOrg, type DeviceRow, type OutletRow } from '../devices/repository';
import { returnRefusalSlots, takeRefusalSlots, type RefusalSlots } from './refusal-limit';
import { sendAlert } from './alerts';
import { appendAudit, appendAuditNow } from './audit';
import type { SecurityContext } from './context';

type Ctx = Pick<SecurityContext, 'db' | 'now' | 'email'>;
const DEVICE_COLS = 'id, outlet_id, name, fingerprint, public_key, platform, status';

export async function registerWithApproval(
  ctx: Ctx,
  body: RegisterRequest,
  ip: string,
  log: (e: unknown) => void,
): Promise<{ device: DeviceRow; outlet: OutletRow }> {
  const now = ctx.now();
  // The chain a refusal is written to: the organisation the username belongs to (the platform's when unknown).
  const named = await findEmployeeByUsername(ctx.db, body.username);
  let slots: RefusalSlots | undefined;
  try {
    slots = await takeRefusalSlots(
      ctx.db,
      { address: ip, account: body.username, orgId: named?.org_id ?? null, action: 'device.register' },
      now,
    );
    // Outside the transaction: a failed password still counts toward the lockout. An account that may not
    // register (a cashier, another kind of organisation) is answered exactly like a wrong password and counts
    // like one, so the answer never tells whether its password was right.
    const emp = await checkCredentials(ctx.db, body.username, body.password, now, {
      refuse: async (e) => {
        if (!e.is_master && !hasPermission(effectivePermissions(e), 'device.manage')) return 'FORBIDDEN';
        const org = await findOrg(ctx.db, e.org_id);
        return org && (org.type === 'outlet' || org.type === 'agent') ? null : 'FORBIDDEN';
      },
    });
    assertEd25519Spki(body.device.publicKey);
    const result = await ctx.db.tx(async (q) => {
      const { rows: orgs } = await q.query<OutletRow & { new_devices_need_approval: boolean }>(
        'SELECT id, name, timezone, type, new_devices_need_approval FROM organizations WHERE id = $1',
        [emp.org_id],
      );
      const outlet = orgs[0];
      // An outlet's till, or an agent's back-office PC (which then serves only agent routes: security/org-kind.ts);
      // checked again here, but `refuse` above already answered any other kind like a wrong password.
      if (!outlet || (outlet.type !== 'outlet' && outlet.type !== 'agent'))
        throw new AppError('BAD_CREDENTIALS', 'Wrong username or password');
      const existing = await q.query<DeviceRow>(
        `SELECT ${DEVICE_COLS} FROM devices WHERE outlet_id = $1 AND public_key = $2`,
        [outlet.id, body.device.publicKey],
      );
      const found = existing.rows[0];
      if (found) {
        // A retried registration whose answer was lost gets the same device back, never a second one.
        if (found.status === 'revoked')
          throw new AppError('DEVICE_REVOKED', 'This device key was revoked; make a new key to register again');
        return { device: found, outlet: strip(outlet), created: false };
      }
      const status = emp.is_master && !outlet.new_devices_need_approval ? 'active' : 'pending';
      const { rows } = await q.query<DeviceRow>(
        `INSERT INTO devices (id, outlet_id, name, fingerprint, public_key, platform, status, created_at, registered_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${DEVICE_COLS}`,
        [
          uuidv4(),
          outlet.id,
          body.device.name,
          body.device.fingerprint,
          body.device.publicKey,
          body.device.platform,
          status,
          now,
          emp.id,
        ],
      );
      const device = rows[0]!;
      await appendAudit(q, {
        orgId: outlet.id,
        at: now,
        actorId: emp.id,
        deviceId: device.id,
        ip,
        action: 'device.register',
        target: device.id,
        outcome: 'ok',
        after: { name: device.name, platform: device.platform, fingerprint: device.fingerprint, status },
        details: { byMaster: emp.is_master, approvalRequired: outlet.new_devices_need_approval },
      });
      return { device, outlet: strip(outlet), created: true, by: emp };
    });
    if (result.created && result.by) {
      const pending = result.device.status === 'pending';
      await sendAlert(
        ctx,
        {
          orgId: result.outlet.id,
          kind: 'new_device',
          employeeId: result.by.id,
          subject: `新设备「${result.device.name}」${pending ? '待您审批' : '已登记'}`,
          body:
            `${result.by.name}（${result.by.username}）从 ${ip} 登记了新设备「${result.device.name}」（${result.device.platform}）。` +
            (pending ? '该设备在您批准前不能使用。' : '如非您本人操作，请立即在“设备”中吊销它并修改密码。'),
        },
        log,
      );
    }
    await returnRefusalSlots(ctx.db, slots).catch(log);
    return { device: result.device, outlet: result.outlet };
  } catch (e) {
    const err = toAppError(e);
    // A rate-limited attempt is not written one by one (the limiter writes one row per window).
    if (err && err.code !== 'INTERNAL' && err.code !== 'VALIDATION' && err.code !== 'RATE_LIMITED') {
      // The owner's audit keeps the real reason (e.g. FORBIDDEN for a cashier); the answer does not.
      await appendAuditNow(ctx.db, {
        orgId: named?.org_id ?? null,
        at: now,
        actorId: named?.id ?? null,
        ip,
        action: 'device.register',
        target: body.username,
        outcome: 'refused',
        errorCode: refusalOf(e) ?? err.code,
        details: { name: body.device.name },
      }).catch(log);
    }
    // A retried registration of a known key answers from the existing device; any other non-refusal
    // (VALIDATION of the key, INTERNAL) is not a guess and gives its slots back.
    if (slots && err && (err.code === 'VALIDATION' || err.code === 'INTERNAL'))
      await returnRefusalSlots(ctx.db, slots).catch(log);
    throw e;
  }
}

function strip(o: OutletRow): OutletRow {
  return { id: o.id, name: o.name, timezone: o.timezone, type: o.type };
}
