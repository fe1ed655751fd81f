import { AppError } from '../../../shared/errors';
import type { HandlerGroup } from '../api';
import type { App, BackendContext } from '../context';
import { refreshRecord } from '../device/binding';
import { codeOf, recordAudit } from '../audit/record';

/** An offline session lasts at most this long (and never past the offline window). */
export const OFFLINE_SESSION_MS = 12 * 60 * 60 * 1000;

/** The cloud could not judge the login: no network, or an answer we cannot use. Then offline login may. */
const cloudUnavailable = (e: unknown) => e instanceof AppError && (e.code === 'OFFLINE' || e.code === 'CLOUD_ERROR');

/**
 * The cloud's times (session expiry, offline window) on this PC's clock, which the session holder uses:
 * with the PC clock a day ahead, a 12 h session must not expire the moment it starts.
 */
function toLocalTime(ctx: BackendContext, cloudTime: number): number {
  return cloudTime - (ctx.cloud.clock.offset() ?? 0);
}

export function authHandlers(ctx: App): HandlerGroup {
  return {
    'auth.login': async ({ username, password }) => {
      // Every attempt lands in the till's audit chain: success and failure, online and offline.
      try {
        const view = await login(username, password);
        recordAudit(ctx, {
          actorId: view.employee.id,
          action: 'auth.login',
          target: username,
          outcome: 'ok',
          details: { mode: view.offline ? 'offline' : 'online' },
        });
        return view;
      } catch (e) {
        recordAudit(ctx, {
          actorId: null,
          action: 'auth.login',
          target: username,
          outcome: 'refused',
          errorCode: codeOf(e),
        });
        throw e;
      }
    },
    'auth.logout': () => {
      const who = ctx.session.get()?.employee.id ?? null;
      // Never refused for unsent records: they belong to the device, not to the session, and the outbox goes
      // on sending them after the cashier left (the device signature suffices). Only a device reset waits.
      ctx.session.set(null);
      ctx.cart.clear();
      recordAudit(ctx, { actorId: who, action: 'auth.logout', outcome: 'ok' });
      return {};
    },
  };

  async function login(username: string, password: string) {
    let res;
    try {
      res = await ctx.cloud.login(username, password);
      ctx.sync.noteContact(null);
    } catch (e) {
      ctx.sync.noteContact(e);
      if (cloudUnavailable(e)) {
        // Offline: only an employee who logged in ONLINE here within the window, with the permissions
        // cached then. Wrong password / unknown / expired are typed errors from verify().
        const grant = await ctx.offlineCredentials.verify(username, password, ctx.cloud.clock.now());
        ctx.session.set({
          employee: grant.employee,
          token: '',
          expiresAt: Math.min(toLocalTime(ctx, grant.expiresAt), ctx.now() + OFFLINE_SESSION_MS),
          offline: true,
        });
        ctx.cart.clear();
        return ctx.session.view()!;
      }
      if (e instanceof AppError && e.code === 'BAD_CREDENTIALS')
        await ctx.offlineCredentials.refusedOnline(username, password);
      if (e instanceof AppError && (e.code === 'DEVICE_REVOKED' || e.code === 'DEVICE_PENDING')) {
        refreshRecord(ctx.device, ctx.deviceStore, { status: e.code === 'DEVICE_REVOKED' ? 'revoked' : 'pending' });
      }
      throw e;
    }
    refreshRecord(ctx.device, ctx.deviceStore, { policy: res.policy });
    // The employee's daily money-movement cap and day so far: the till holds pay-outs to it, offline too.
    // asOf goes on this PC's clock, which the till's own movements are stamped with.
    if (res.money) ctx.moneyCap.remember(res.employee.id, { ...res.money, asOf: toLocalTime(ctx, res.money.asOf) });
    // Remember how to let this employee in offline (until the cloud's window runs out).
    await ctx.offlineCredentials.remember({
      username,
      password,
      employee: res.employee,
      at: ctx.cloud.clock.now(),
      windowHours: res.policy.offlineWindowHours,
    });
    ctx.session.set({
      employee: res.employee,
      token: res.token,
      expiresAt: toLocalTime(ctx, res.expiresAt),
      offline: false,
    });
    ctx.cart.clear();
    ctx.kickSync({ catalog: true });
    return ctx.session.view()!;
  }
}
