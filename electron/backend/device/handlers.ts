import { AppError } from '../../../shared/errors';
import type { HandlerGroup } from '../api';
import { assertNothingUnsent } from '../sync/offline-rules';
import { wipeLocalData } from './reset';
import type { BackendContext } from '../context';

export function deviceHandlers(ctx: BackendContext): HandlerGroup {
  return {
    'app.status': () => ({
      device: ctx.device.state(ctx.cloudUrl),
      session: ctx.session.view(),
      catalog: { products: ctx.catalog.productCount(), cursor: ctx.catalog.cursor(), syncedAt: ctx.catalog.syncedAt() },
    }),
    'device.register': async ({ username, password, deviceName }) => {
      try {
        await ctx.device.register({ username, password, deviceName, cloud: ctx.cloud });
        ctx.sync.noteContact(null);
      } catch (e) {
        ctx.sync.noteContact(e);
        throw e;
      }
      ctx.kickSync({ catalog: true });
      return ctx.device.state(ctx.cloudUrl);
    },
    'device.reset': async ({ confirm }) => {
      const record = ctx.device.record();
      // The confirmation repeats the device name: a reset is never one stray click.
      if (!record || confirm !== record.name) {
        throw new AppError('VALIDATION', 'Type the device name exactly to confirm the reset', { reason: 'RESET_NOT_CONFIRMED' });
      }
      assertNothingUnsent(ctx.outbox, 'resetting this computer');
      // No push or pull may run against files being wiped.
      await ctx.sync.settled();
      await ctx.catalogSync.settled();
      assertNothingUnsent(ctx.outbox, 'resetting this computer');
      wipeLocalData(ctx.dbs);
      await ctx.device.forget();
      ctx.session.set(null);
      ctx.cart.clear();
      ctx.sync.emit();
      return { reset: true as const };
    },
  };
}
