import type { HandlerGroup } from '../api';
import type { BackendContext } from '../context';

export function catalogHandlers(ctx: BackendContext): HandlerGroup {
  return {
    'catalog.search': ({ query, limit, offset }) => ctx.catalog.searchPage(query, limit, offset),
    'catalog.lookup': ({ code }) => ({ item: ctx.catalog.lookup(code) }),
    'catalog.sync': async () => {
      try {
        const r = await ctx.catalogSync.pull();
        ctx.sync.noteContact(null);
        return r;
      } catch (e) {
        ctx.sync.noteContact(e);
        throw e;
      }
    },
  };
}
