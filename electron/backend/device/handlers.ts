import { DEFAULT_MEMBER_TOPUP_MAX_FEN } from '../../../shared/limits';
import type { Fen } from '../../../shared/money';
import { AppError } from '../../../shared/errors';
import type { HandlerGroup } from '../api';
import { assertNothingUnsent } from '../sync/offline-rules';
import { checkCloudUrl } from '../../../shared/net/cloud-url';
import { storeCloudUrl } from './cloud-config';
import { refreshRecord } from './binding';
import type { BackendContext } from '../context';
import { codeOf, recordAudit } from '../audit/record';

/** A pending device asks the cloud at most this often (the renderer may poll app.status faster). */
export const PENDING_RECHECK_MS = 2_000;

export function deviceHandlers(ctx: BackendContext): HandlerGroup {
  let lastRecheck = -Infinity;
  /**
   * While the owner has not approved this device, app.status asks the cloud (GET /v1/devices/me) so the
   * pending screen's "check again" works and approval shows without a restart. Offline: stays pending.
   */
  async function recheckPending(): Promise<void> {
    const r = ctx.device.record();
    if (!r || r.status !== 'pending' || ctx.device.mismatch()) return;
    const t = ctx.now();
    if (t - lastRecheck < PENDING_RECHECK_MS) return;
    lastRecheck = t;
    try {
      const me = await ctx.cloud.deviceStatus();
      refreshRecord(ctx.device, ctx.deviceStore, { status: me.status });
      if (me.status === 'active') {
        recordAudit(ctx, { actorId: null, action: 'device.approved', target: r.deviceId, outcome: 'ok' });
        ctx.kickSync({ catalog: true });
      }
    } catch (e) {
      if (e instanceof AppError && e.code === 'DEVICE_REVOKED')
        refreshRecord(ctx.device, ctx.deviceStore, { status: 'revoked' });
      else ctx.log('pending device re-check failed', e);
    }
  }

  const status = () => ({
    device: ctx.device.state(ctx.cloudUrl),
    session: ctx.session.view(),
    catalog: { products: ctx.catalog.productCount(), cursor: ctx.catalog.cursor(), syncedAt: ctx.catalog.syncedAt() },
    limits: {
      memberTopupMaxFen: (ctx.device.record()?.policy.memberTopupMaxFen ?? DEFAULT_MEMBER_TOPUP_MAX_FEN) as Fen,
    },
  });

  return {
    'app.status': async () => {
      await recheckPending();
      return status();
    },
    'device.setCloud': ({ cloudUrl }) => {
      if (ctx.device.record())
        throw new AppError('CONFLICT', 'This PC is registered: its cloud cannot be changed (reset it first)', {
          reason: 'CLOUD_LOCKED',
        });
      const checked = checkCloudUrl(cloudUrl);
      if (!checked.ok)
        throw new AppError('VALIDATION', `Not a cloud address this till may use (${checked.problem})`, {
          reason: `CLOUD_URL_${checked.problem}`,
        });
      storeCloudUrl(ctx.dataDir, checked.url);
      ctx.setCloudUrl(checked.url);
      return ctx.device.state(ctx.cloudUrl);
    },
    'device.register': async ({ username, password, deviceName }) => {
      try {
        const r = await ctx.device.register({ username, password, deviceName, cloud: ctx.cloud });
        ctx.sync.noteContact(null);
        recordAudit(ctx, {
          actorId: null,
          action: 'device.register',
          target: username,
          outcome: 'ok',
          details: { name: deviceName, status: r.status, outletId: r.outletId },
        });
      } catch (e) {
        ctx.sync.noteContact(e);
        recordAudit(ctx, {
          actorId: null,
          action: 'device.register',
          target: username,
          outcome: 'refused',
          errorCode: codeOf(e),
          details: { name: deviceName },
        });
        throw e;
      }
      ctx.kickSync({ catalog: true });
      return ctx.device.state(ctx.cloudUrl);
    },
    'device.reset': async ({ confirm }) => {
      const record = ctx.device.record();
      // The confirmation repeats the device name: a reset is never one stray click.
      if (!record || confirm !== record.name) {
        throw new AppError('VALIDATION', 'Type the device name exactly to confirm the reset', {
          reason: 'RESET_NOT_CONFIRMED',
        });
      }
      assertNothingUnsent(ctx.outbox, 'resetting this computer');
      // No push or pull may run against files being wiped.
      await ctx.sync.settled();
      await ctx.catalogSync.settled();
      assertNothingUnsent(ctx.outbox, 'resetting this computer');
      const who = ctx.session.get()?.employee.id ?? null;
      ctx.wipeLocalData();
      // The audit chain survives the wipe (it is append-only); the reset is its last row for this registration.
      recordAudit(ctx, {
        actorId: who,
        deviceId: record.deviceId,
        action: 'device.reset',
        target: record.deviceId,
        outcome: 'ok',
        details: { name: record.name, outletId: record.outletId },
      });
      await ctx.device.forget();
      ctx.session.set(null);
      ctx.cart.clear();
      ctx.sync.emit();
      return { reset: true as const };
    },
  };
}
