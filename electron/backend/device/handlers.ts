import type { HandlerGroup } from '../api';
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
  };
}
