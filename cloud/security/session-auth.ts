// Runtime: Node. The employee layer on top of the device signature: every route in this scope acts as an
// employee (Bearer session token from /v1/auth/login) and declares its permission in the route options:
//   app.post(path, { config: { permission: 'employee.manage', sensitive: true } }, handler)
// permission null = any logged-in employee. Order: session valid for THIS device → account enabled →
// IP allowlist on the real client address → new-IP super-password check → permission → (sensitive) second
// factors. Permissions are read from the database on every request, so a change applies at once.
// Every refusal in this scope is audited by the onError hook.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors';
import { hasPermission, type Permission } from '../../shared/permissions';
import type { AuditAction, RouteAction } from '../../shared/audit';
import { toAppError } from '../http/error-handler';
import { deviceOf } from '../http/signed';
import { effectivePermissions, type EmployeeRow } from '../auth/accounts';
import { sha256Hex } from '../catalog/canonical-json';
import { sendAlert } from './alerts';
import { appendAuditNow } from './audit';
import type { SecurityContext } from './context';
import { checkSuperPassword, requireSecondFactors, SUPER_PASSWORD_HEADER } from './factors';
import { ipAllowed, normalizeIp } from './ip';
import { isSessionLive, touchSession } from './session-lifetime';
import { requireSmsCode } from './sms-factor';

export interface SecureEmployeeRow extends EmployeeRow {
  super_password_hash: string | null;
  max_discount_fen: number;
  daily_transfer_cap_fen: number;
  totp_secret: string | null;
  ip_allowlist: string[];
  phone: string | null;
  phone_verified_at: number | null;
  email: string | null;
  email_verified_at: number | null;
  disabled_at: number | null;
  /** the staff card (shared/staff-card.ts): its salted hash and last 4 characters, or null without a card */
  card_hash: string | null;
  card_hint: string | null;
}

export interface Actor {
  employee: SecureEmployeeRow;
  permissions: Permission[];
  sessionHash: string;
  ip: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
  interface FastifyContextConfig {
    /** the permission this route needs; null = any logged-in employee. Must be declared on every route. */
    permission?: Permission | null;
    /** needs the super password (and TOTP when enrolled) at the time of use */
    sensitive?: boolean;
    /** audit action (shared/audit.ts); a refusal on a route without one is audited as "METHOD path" */
    action?: AuditAction;
    /** also needs the SMS code sent to the actor's verified phone (security settings) */
    smsCode?: boolean;
  }
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Error('route is not behind requireEmployeeSession');
  return request.actor;
}

export function clientIp(request: FastifyRequest): string {
  return normalizeIp(request.ip);
}

function bearer(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(h) : null;
  return m?.[1];
}

export function actionOf(request: FastifyRequest): AuditAction | RouteAction {
  return (
    request.routeOptions.config.action ??
    (`${request.method} ${request.routeOptions.url ?? request.url}` as RouteAction)
  );
}

export interface SecuredRoute {
  method: string;
  url: string;
  permission: Permission | null;
  sensitive: boolean;
  /** the organisation kinds whose devices may call it (security/org-kind.ts); default outlet only */
  orgKinds: readonly string[];
}
/** Every employee-session route ever registered in this process (the permission matrix test walks it). */
export const SECURED_ROUTES = new Map<string, SecuredRoute>();

export function requireEmployeeSession(app: FastifyInstance, ctx: SecurityContext): void {
  app.addHook('onRoute', (route) => {
    const cfg = (route.config ?? {}) as {
      permission?: Permission | null;
      sensitive?: boolean;
      orgKinds?: readonly string[];
    };
    if (cfg.permission === undefined)
      throw new Error(`route ${route.method} ${route.url} does not declare config.permission`);
    for (const m of [route.method].flat()) {
      if (m === 'HEAD') continue;
      // orgKinds is read when asked: a child scope's onRoute hook (defaultOrgKinds) may set it after this one ran.
      SECURED_ROUTES.set(`${m} ${route.url}`, {
        method: m,
        url: route.url,
        permission: cfg.permission,
        sensitive: cfg.sensitive ?? false,
        get orgKinds() {
          return cfg.orgKinds ?? ['outlet'];
        },
      });
    }
  });

  app.addHook('preValidation', async (request) => {
    const device = deviceOf(request);
    const token = bearer(request);
    if (!token) throw new AppError('UNAUTHENTICATED', 'Please log in');
    const now = ctx.now();
    const hash = sha256Hex(token);
    const { rows } = await ctx.db.query<
      SecureEmployeeRow & {
        s_device: string;
        s_expires: number;
        s_created: number;
        s_idle: number | null;
        s_ip: string | null;
      }
    >(
      `SELECT e.*, s.device_id AS s_device, s.expires_at AS s_expires, s.created_at AS s_created, s.idle_expires_at AS s_idle, s.ip AS s_ip
         FROM sessions s JOIN employees e ON e.id = s.employee_id WHERE s.token_hash = $1`,
      [hash],
    );
    const row = rows[0];
    // A session is bound to the device it was opened on: a stolen token is useless from another device key.
    // It ends 12 h after login, or after 30 min without use, whichever comes first.
    if (
      !row ||
      !isSessionLive({ expires_at: row.s_expires, created_at: row.s_created, idle_expires_at: row.s_idle }, now) ||
      row.s_device !== device.id ||
      row.org_id !== device.outlet_id
    ) {
      throw new AppError('UNAUTHENTICATED', 'Session expired or not valid on this device; please log in');
    }
    await touchSession(
      ctx.db,
      hash,
      { expires_at: row.s_expires, created_at: row.s_created, idle_expires_at: row.s_idle },
      now,
    );
    if (row.disabled_at !== null) throw new AppError('UNAUTHENTICATED', 'This account was disabled');
    const ip = clientIp(request);
    request.actor = { employee: row, permissions: effectivePermissions(row), sessionHash: hash, ip };
    if (!ipAllowed(row.ip_allowlist, ip))
      throw new AppError('IP_NOT_ALLOWED', 'This account cannot be used from this address', { ip });
    await requireKnownIp(ctx, request, row, ip);

    const cfg = request.routeOptions.config;
    if (cfg.permission && !hasPermission(request.actor.permissions, cfg.permission)) {
      throw new AppError('FORBIDDEN', `Your account lacks the permission ${cfg.permission}`, {
        permission: cfg.permission,
      });
    }
    if (cfg.sensitive) await requireSecondFactors(ctx, request, row.id);
    if (cfg.smsCode) await requireSmsCode(ctx, request, row.id);
  });

  app.addHook('onError', async (request, _reply, err) => {
    const device = request.device;
    const error = toAppError(err);
    if (!device || !error || error.code === 'INTERNAL') return;
    await appendAuditNow(ctx.db, {
      orgId: device.outlet_id,
      at: ctx.now(),
      actorId: request.actor?.employee.id ?? null,
      deviceId: device.id,
      ip: clientIp(request),
      action: actionOf(request),
      target: (request.params as Record<string, string> | undefined)?.id ?? null,
      outcome: 'refused',
      errorCode: error.code,
      details: {
        message: error.message,
        ...(error.details && typeof error.details === 'object' && !Array.isArray(error.details) ? error.details : {}),
      },
    }).catch((e) => request.log.error({ err: e }, 'audit of a refusal failed'));
  });
}

/**
 * An address this employee has not used before: with a super password set, it must be given (header) from
 * here once; without one, the first address is trusted and every new one is recorded and alerted.
 */
async function requireKnownIp(
  ctx: SecurityContext,
  request: FastifyRequest,
  emp: SecureEmployeeRow,
  ip: string,
): Promise<void> {
  const known = await ctx.db.query('SELECT 1 FROM employee_known_ips WHERE employee_id = $1 AND ip = $2', [emp.id, ip]);
  if (known.rows.length > 0) return;
  const any = await ctx.db.query('SELECT 1 FROM employee_known_ips WHERE employee_id = $1 LIMIT 1', [emp.id]);
  if (emp.super_password_hash) {
    const v = request.headers[SUPER_PASSWORD_HEADER];
    const given = typeof v === 'string' ? safeDecode(v) : undefined;
    if (!given)
      throw new AppError('SUPER_PASSWORD_REQUIRED', 'First use from this address: give the super password', {
        reason: 'NEW_IP',
        ip,
      });
    await checkSuperPassword(ctx, emp.id, given);
  }
  await ctx.db.query(
    'INSERT INTO employee_known_ips (employee_id, ip, first_seen_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [emp.id, ip, ctx.now()],
  );
  if (any.rows.length > 0) {
    await appendAuditNow(ctx.db, {
      orgId: emp.org_id,
      at: ctx.now(),
      actorId: emp.id,
      deviceId: request.device?.id ?? null,
      ip,
      action: 'security.new_ip',
      outcome: 'ok',
    });
    await sendAlert(
      ctx,
      {
        orgId: emp.org_id,
        kind: 'new_ip',
        employeeId: emp.id,
        subject: `账号 ${emp.username} 从新地址 ${ip} 登录使用`,
        body: `员工 ${emp.name}（${emp.username}）首次从 ${ip} 使用账号。如非本人操作，请立即停用该账号。`,
      },
      (e) => request.log.error({ err: e }, 'alert failed'),
    );
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
