import { AppError } from '../../../shared/errors';
import type { HandlerGroup } from '../api';
import type { BackendContext } from '../context';
import { refreshRecord } from '../device/binding';

export function authHandlers(ctx: BackendContext): HandlerGroup {
  return {
    'auth.login': async ({ username, password }) => {
      let res;
      try {
        res = await ctx.cloud.login(username, password);
        ctx.sync.noteContact(null);
      } catch (e) {
        ctx.sync.noteContact(e);
        if (e instanceof AppError && e.code === 'OFFLINE') {
          throw new AppError('OFFLINE', 'The cloud cannot be reached, and logging in without it is not supported yet. Check the network and try again.');
        }
        if (e instanceof AppError && (e.code === 'DEVICE_REVOKED' || e.code === 'DEVICE_PENDING')) {
          refreshRecord(ctx.device, ctx.deviceStore, { status: e.code === 'DEVICE_REVOKED' ? 'revoked' : 'pending' });
        }
        throw e;
      }
      refreshRecord(ctx.device, ctx.deviceStore, { policy: res.policy });
      ctx.session.set({ employee: res.employee, token: res.token, expiresAt: res.expiresAt, offline: false });
      ctx.cart.clear();
      ctx.kickSync({ catalog: true });
      return ctx.session.view()!;
    },
    'auth.logout': () => {
      // Orders the cloud has not acknowledged must not be left behind by a cashier walking away.
      const { unsent } = ctx.outbox.stats();
      if (unsent > 0) {
        throw new AppError('UNSENT_ORDERS', `${unsent} order(s) have not reached the cloud yet; sync before logging out`, { unsent });
      }
      ctx.session.set(null);
      ctx.cart.clear();
      return {};
    },
  };
}
