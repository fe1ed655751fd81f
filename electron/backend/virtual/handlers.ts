// Virtual goods at the counter: carrier lookup as the cashier types (offline, from the in-memory prefix
// table), the matching top-up products from the local catalog, and submit / status through the cloud
// (online only: OFFLINE is a typed error with a clear message, never a queued sale).
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../../shared/errors';
import type { HandlerGroup } from '../api';
import type { BackendContext } from '../context';
import { createVirtualCloud, type VirtualCloud } from './cloud-virtual';
import { createPrefixTable, type PrefixTable } from './prefix-table';

export function virtualHandlers(ctx: BackendContext, deps: { cloud?: VirtualCloud; prefixes?: PrefixTable } = {}): HandlerGroup {
  const cloud = deps.cloud ?? createVirtualCloud(ctx);
  const prefixes = deps.prefixes ?? createPrefixTable(cloud, ctx.now);
  const topups = ctx.dbs.catalog.prepare(
    "SELECT id, name, face_value, price FROM products WHERE kind = 'topup' AND active = 1 AND carrier = ? AND face_value IS NOT NULL ORDER BY face_value",
  );
  return {
    'topup.carrierOf': async ({ phone }) => {
      await prefixes.refresh();
      const hit = prefixes.lookup(phone);
      return { carrier: hit?.carrier ?? null, province: hit?.province ?? null, city: hit?.city ?? null, prefix: hit?.prefix ?? null, tableLoaded: prefixes.loaded() };
    },
    'topup.products': ({ carrier }) => ({
      items: (topups.all(carrier) as { id: string; name: string; face_value: number; price: number }[]).map((r) => ({ id: r.id, name: r.name, faceValue: r.face_value, price: r.price })),
    }),
    'virtual.submit': async ({ productId, phone }) => {
      const product = ctx.dbs.catalog.prepare('SELECT kind FROM products WHERE id = ?').get(productId) as { kind: string } | undefined;
      if (!product) throw new AppError('NOT_FOUND', 'No such product in the local catalog');
      if (product.kind !== 'topup' && product.kind !== 'gamecard') throw new AppError('VALIDATION', 'Only top-ups and game cards are sold through the cloud');
      if (product.kind === 'topup' && !phone) throw new AppError('VALIDATION', 'A top-up needs the phone number');
      return cloud.submit({ clientOrderId: uuidv7(), productId, ...(phone ? { phone } : {}) });
    },
    'virtual.status': ({ id }) => cloud.status(id),
  };
}
