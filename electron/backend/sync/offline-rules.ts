// What the POS refuses while the cloud is unreachable, and what it refuses while orders are unsent.
// These rules protect the promise that every sale reaches the cloud exactly once:
// - the offline sales cap (policy.offlineSalesCapFen from the cloud): while the cloud is unreachable, the
//   sum of the totals of unacknowledged orders may not exceed it → OFFLINE_CAP_REACHED;
// - virtual goods (top-ups, game cards) need the cloud to reserve and fulfil: refused offline → OFFLINE
//   with details.reason = 'VIRTUAL_GOODS_OFFLINE';
// - resetting the device would strand unsent records (orders, closed shifts …, parked ones included) →
//   UNSENT_ORDERS. Logging out and switching cashier never wait for them: records belong to the device.
import type { Cart, CatalogItem } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import type { BackendContext } from '../context';
import type { Outbox } from './outbox';

export function assertNothingUnsent(outbox: Outbox, what: string): void {
  const { unsent, parked } = outbox.stats();
  if (unsent > 0) {
    // closed shifts (交班) travel in the outbox too, so they count: a reset would lose the 交班 the owner relies
    // on; so do parked records — they exist nowhere else, and a person must decide about them first.
    throw new AppError(
      'UNSENT_ORDERS',
      `${unsent} record(s) (orders, closed shifts) have not reached the cloud yet` +
        (parked > 0 ? `, ${parked} of them refused by the cloud (see 未能上传的记录 in the 设备 tab)` : '') +
        `; sync before ${what}`,
      { unsent, parked },
    );
  }
}

type Ctx = Pick<BackendContext, 'sync' | 'outbox' | 'device' | 'session'>;

/** Offline = the last contact with the cloud failed for want of a network, or this is an offline session. */
export function isOffline(ctx: Ctx): boolean {
  return !ctx.sync.cloudReachable() || ctx.session.get()?.offline === true;
}

export function assertSellableOffline(ctx: Ctx, item: Pick<CatalogItem, 'name' | 'kind'>): void {
  if (item.kind !== 'physical' && isOffline(ctx)) {
    throw new AppError('OFFLINE', `${item.name}: top-ups and game cards need the cloud, which cannot be reached now`, {
      reason: 'VIRTUAL_GOODS_OFFLINE',
      kind: item.kind,
    });
  }
}

/** Before a checkout commits: the offline cap, and no virtual goods in an offline cart. */
export function assertCheckoutAllowed(
  ctx: Ctx,
  cart: Cart,
  kindOf: (productId: string) => CatalogItem['kind'] | undefined,
): void {
  if (!isOffline(ctx)) return;
  for (const l of cart.lines) {
    const kind = kindOf(l.productId);
    if (kind && kind !== 'physical') assertSellableOffline(ctx, { name: l.name, kind });
  }
  const cap = ctx.device.record()?.policy.offlineSalesCapFen;
  if (cap === undefined) return;
  const { unsentTotal } = ctx.outbox.stats();
  if (unsentTotal + cart.total > cap) {
    throw new AppError(
      'OFFLINE_CAP_REACHED',
      'The offline sales limit of this counter is reached; sales continue once the cloud is reachable again',
      {
        capFen: cap,
        unsentFen: unsentTotal,
        orderFen: cart.total,
      },
    );
  }
}

type Sellable = Pick<CatalogItem, 'name' | 'kind'>;

/** For guarded(): refuses virtual goods while offline; `find` names the product the input asks for. */
export function sellableOffline<I>(ctx: Ctx, find: (input: I) => Sellable | null | undefined): (input: I) => void {
  return (input) => {
    const p = find(input);
    if (p) assertSellableOffline(ctx, p);
  };
}

/** For guarded(): before a checkout, the cart's virtual goods and the offline cap (assertCheckoutAllowed). */
export function checkoutOffline(
  ctx: Ctx & { catalog: { getProduct(id: string): Sellable | null | undefined }; cart: { view(): Cart } },
): () => void {
  return () => assertCheckoutAllowed(ctx, ctx.cart.view(), (id) => ctx.catalog.getProduct(id)?.kind);
}
