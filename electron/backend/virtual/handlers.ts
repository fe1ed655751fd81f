// Virtual goods at the counter: carrier lookup as the cashier types (offline, from the prefix table the
// POS keeps), the matching top-up products and the game cards from the local catalog, and submit / status
// through the cloud (online only: OFFLINE is a typed error with a clear message, never a queued sale).
// A game card's code passes through to the screen once and is kept only in memory for printing.
import { v7 as uuidv7 } from 'uuid';
import { VIRTUAL_DEFINITE_REFUSALS, type VirtualHistoryOrder } from '../../../shared/api/virtual-methods';
import { AppError } from '../../../shared/errors';
import { scaledPrice } from '../../../shared/limits';
import { employeeCan } from '../../../shared/permissions';
import type { VirtualOrder } from '../../../shared/sync/protocol';
import type { RecentVirtualOrder } from '../../../shared/api/contract';
import type { HandlerGroup } from '../api';
import { shiftOwned } from '../shifts/owned';
import type { App } from '../context';
import type { CardSlip } from '../print/card-slip';
import { createCardVault } from './card-vault';
import { createVirtualCloud, type VirtualCloud } from './cloud-virtual';
import type { PrefixTable } from './prefix-table';
import type { VirtualItem } from './store';

const item = ({ id, name, faceValue, price }: VirtualItem): VirtualItem => ({ id, name, faceValue, price });

export function virtualHandlers(
  ctx: App,
  deps: {
    cloud?: VirtualCloud;
    prefixes?: PrefixTable;
    printCard?: (slip: CardSlip) => Promise<void>;
    printVirtual?: (order: VirtualHistoryOrder) => Promise<void>;
  } = {},
): HandlerGroup {
  const store = ctx.virtualStore;
  const cloud = deps.cloud ?? createVirtualCloud(ctx);
  const prefixes = deps.prefixes ?? store.prefixTable(cloud);
  const vault = createCardVault(ctx.now);
  const journal = store.journal;
  const owned = shiftOwned(ctx);

  /** A delivered code goes to the vault (memory) for printing; the order itself passes through unchanged. */
  function received(o: VirtualOrder): VirtualOrder {
    journal.record(o, ctx.now());
    if (o.cardCode) {
      vault.keep({
        orderId: o.id,
        code: o.cardCode,
        faceValue: o.faceValue,
        productName: store.productName(o.productId),
        deliveredAt: ctx.now(),
      });
    }
    return o;
  }

  /** Reads the cloud's feed into the journal; true when the cloud could not be reached (the journal as last known). */
  async function catchUp(): Promise<boolean> {
    try {
      await journal.catchUp((cursor, n) => cloud.changes(cursor, n), ctx.now);
      return false;
    } catch (e) {
      if (!(e instanceof AppError && (e.code === 'OFFLINE' || e.code === 'CLOUD_ERROR'))) throw e;
      return true;
    }
  }

  /** a game card's code rides along while the till still holds it (the same rule as 最近充值) */
  function withCode<T extends RecentVirtualOrder>(o: T): T {
    const code = o.id ? vault.get(o.id)?.code : undefined;
    return forViewer(code ? { ...o, cardCode: code } : o);
  }

  /** What the outlet pays (cost) reaches the screen only for an employee holding cost.view. */
  function forViewer<T extends { cost: number | null }>(o: T): T {
    const session = ctx.session.get();
    return session && employeeCan(session.employee, 'cost.view') ? o : { ...o, cost: null };
  }

  return {
    'topup.carrierOf': async ({ phone }) => {
      await prefixes.refresh();
      const hit = prefixes.lookup(phone);
      return {
        carrier: hit?.carrier ?? null,
        province: hit?.province ?? null,
        city: hit?.city ?? null,
        prefix: hit?.prefix ?? null,
        tableLoaded: prefixes.loaded(),
      };
    },
    // A regional source is offered only to numbers of its provinces (the cloud refuses the others, and an
    // unknown province too); without the number, or before the prefix table knows it, it is left out.
    'topup.products': async ({ carrier, phone }) => {
      if (phone) await prefixes.refresh(); // pulled once per computer, then offline; a failed pull keeps the table
      const province = phone ? (prefixes.lookup(phone)?.province ?? null) : null;
      return {
        items: store
          .topups(carrier)
          .filter((r) => r.regions === null || (province !== null && r.regions.includes(province)))
          .map(item),
      };
    },
    'utility.billers': () => {
      const byBiller = new Map<string, VirtualItem[]>();
      for (const r of store.bills()) byBiller.set(r.biller, [...(byBiller.get(r.biller) ?? []), item(r)]);
      return { billers: [...byBiller].map(([biller, items]) => ({ biller, items })) };
    },
    'virtual.cards': () => ({ items: store.cards() }),
    'virtual.submit': async ({ productId, phone, account, amount, clientOrderId }) => {
      // the customer's cash goes into the employee's own shift, or one they cover (代班)
      owned();
      const product = store.product(productId);
      if (!product) throw new AppError('NOT_FOUND', 'No such product in the local catalog');
      if (product.kind !== 'topup' && product.kind !== 'gamecard' && product.kind !== 'utility')
        throw new AppError('VALIDATION', 'Only top-ups, game cards and utility bills are sold through the cloud');
      if (product.kind === 'topup' && !phone) throw new AppError('VALIDATION', 'A top-up needs the phone number');
      if (product.kind === 'utility' && (!account || phone))
        throw new AppError('VALIDATION', 'A utility bill needs the account number (户号), not a phone', [
          { path: 'account', message: 'required for utility bills' },
        ]);
      if (product.kind !== 'utility' && account)
        throw new AppError('VALIDATION', 'Only utility bills take an account number', [
          { path: 'account', message: 'utility bills only' },
        ]);
      if (amount !== undefined && (product.kind !== 'utility' || !product.faceValue))
        throw new AppError('VALIDATION', 'Only utility bills take an amount of their own', [
          { path: 'amount', message: 'utility bills only' },
        ]);
      // A bill of any amount costs the customer that amount at the product's rate (the cloud prices it alike).
      const cash =
        amount !== undefined && amount !== product.faceValue
          ? scaledPrice(amount, product.faceValue!, product.price)
          : product.price;
      const id = clientOrderId ?? uuidv7();
      // Journalled before the cloud is asked: if the answer is lost, virtual.recent still lists the order.
      // The customer's cash (the retail price) enters the drawer in the same transaction.
      // The journal's phone column names who the order went to: the phone, or a bill's account number (户号).
      const fresh = journal.begin({
        clientOrderId: id,
        productId,
        productName: product.name,
        phone: phone ?? account ?? null,
        employeeId: ctx.session.get()!.employee.id,
        cash,
        now: ctx.now(),
      });
      try {
        return forViewer(
          received(
            await cloud.submit({
              clientOrderId: id,
              productId,
              ...(phone ? { phone } : {}),
              ...(account ? { account } : {}),
              ...(amount !== undefined && amount !== product.faceValue ? { amount } : {}),
            }),
          ),
        );
      } catch (e) {
        if (fresh && e instanceof AppError && VIRTUAL_DEFINITE_REFUSALS.has(e.code))
          journal.refused(id, `${e.code}: ${e.message}`, ctx.now());
        // The caller retries with this id: the cloud answers a repeat with the first order, never a second charge.
        if (e instanceof AppError && e.code === 'OFFLINE')
          throw new AppError('OFFLINE', e.message, { ...(e.details as object), clientOrderId: id });
        throw e;
      }
    },
    'virtual.status': async ({ id }) => forViewer(received(await cloud.status(id))),
    /** Reads the cloud's feed forward (statuses, complaint outcomes, answers that were lost), then lists —
     *  the journal as last known when the cloud cannot be reached. A card code still in the vault goes along. */
    'virtual.recent': async ({ limit }) => {
      const offline = await catchUp();
      const orders = journal.recent(limit).map(withCode);
      return offline ? { orders, offline } : { orders };
    },
    'virtual.history': async ({ limit, ...f }) => {
      const offline = await catchUp();
      const orders = journal.search({ ...f, limit }).map(withCode);
      return offline ? { orders, offline } : { orders };
    },
    'receipt.printVirtual': async ({ clientOrderId }) => {
      const order = journal.get(clientOrderId);
      if (!order) throw new AppError('NOT_FOUND', 'No such top-up, game card or bill on this till');
      const printVirtual = deps.printVirtual ?? ctx.receipts?.printVirtual;
      if (!printVirtual) throw new AppError('PRINTER_ERROR', '未设置小票打印机 (no receipt printer is set up)');
      await printVirtual(order);
      return { printed: true as const };
    },
    'virtual.complain': async ({ orderId, reason }) => forViewer(received(await cloud.complain(orderId, reason))),
    'receipt.printCard': async ({ orderId }) => {
      const slip = vault.get(orderId);
      if (!slip)
        throw new AppError('NOT_FOUND', '卡密只在发放后短时间内可打印 (the card code is no longer held for printing)');
      const printCard = deps.printCard ?? ctx.receipts?.printCard;
      if (!printCard) throw new AppError('PRINTER_ERROR', '未设置小票打印机 (no receipt printer is set up)');
      await printCard(slip);
      return { printed: true as const };
    },
  };
}
