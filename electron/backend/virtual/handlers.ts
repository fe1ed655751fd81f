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
import type { App, BackendContext } from '../context';
import type { CardSlip } from '../print/card-slip';
import { createCardVault } from './card-vault';
import { createVirtualCloud, type VirtualCloud } from './cloud-virtual';
import { createVirtualJournal } from './journal';
import { createPrefixTable, type PrefixTable } from './prefix-table';

type ProductRow = { id: string; name: string; face_value: number; price: number };
const toItem = (r: ProductRow) => ({ id: r.id, name: r.name, faceValue: r.face_value, price: r.price });

export function virtualHandlers(
  ctx: BackendContext & Partial<Pick<App, 'receipts'>>,
  deps: {
    cloud?: VirtualCloud;
    prefixes?: PrefixTable;
    printCard?: (slip: CardSlip) => Promise<void>;
    printVirtual?: (order: VirtualHistoryOrder) => Promise<void>;
  } = {},
): HandlerGroup {
  const cloud = deps.cloud ?? createVirtualCloud(ctx);
  const prefixes = deps.prefixes ?? createPrefixTable(ctx.dbs.catalog, cloud, ctx.now);
  const vault = createCardVault(ctx.now);
  const journal = createVirtualJournal(ctx.dbs.sales);
  const owned = shiftOwned(ctx);
  const topups = ctx.dbs.catalog.prepare(
    "SELECT id, name, face_value, price, regions FROM products WHERE kind = 'topup' AND active = 1 AND carrier = ? AND face_value IS NOT NULL ORDER BY face_value, name",
  );
  const bills = ctx.dbs.catalog.prepare(
    "SELECT id, name, face_value, price, biller FROM products WHERE kind = 'utility' AND active = 1 AND biller IS NOT NULL AND face_value IS NOT NULL ORDER BY biller, face_value, name",
  );
  const cards = ctx.dbs.catalog.prepare(
    "SELECT id, name, face_value, price FROM products WHERE kind = 'gamecard' AND active = 1 AND face_value IS NOT NULL ORDER BY name, face_value",
  );
  const productName = ctx.dbs.catalog.prepare('SELECT name FROM products WHERE id = ?').pluck();

  /** A delivered code goes to the vault (memory) for printing; the order itself passes through unchanged. */
  function received(o: VirtualOrder): VirtualOrder {
    journal.record(o, ctx.now());
    if (o.cardCode) {
      vault.keep({
        orderId: o.id,
        code: o.cardCode,
        faceValue: o.faceValue,
        productName: (productName.get(o.productId) as string | undefined) ?? '',
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
      const rows = topups.all(carrier) as (ProductRow & { regions: string | null })[];
      return {
        items: rows
          .filter(
            (r) => r.regions === null || (province !== null && (JSON.parse(r.regions) as string[]).includes(province)),
          )
          .map(toItem),
      };
    },
    'utility.billers': () => {
      const byBiller = new Map<string, ReturnType<typeof toItem>[]>();
      for (const r of bills.all() as (ProductRow & { biller: string })[])
        byBiller.set(r.biller, [...(byBiller.get(r.biller) ?? []), toItem(r)]);
      return { billers: [...byBiller].map(([biller, items]) => ({ biller, items })) };
    },
    'virtual.cards': () => ({ items: (cards.all() as ProductRow[]).map(toItem) }),
    'virtual.submit': async ({ productId, phone, account, amount, clientOrderId }) => {
      // the customer's cash goes into the employee's own shift, or one they cover (代班)
      owned();
      const product = ctx.dbs.catalog
        .prepare('SELECT kind, name, price, face_value FROM products WHERE id = ?')
        .get(productId) as { kind: string; name: string; price: number; face_value: number | null } | undefined;
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
      if (amount !== undefined && (product.kind !== 'utility' || !product.face_value))
        throw new AppError('VALIDATION', 'Only utility bills take an amount of their own', [
          { path: 'amount', message: 'utility bills only' },
        ]);
      // A bill of any amount costs the customer that amount at the product's rate (the cloud prices it alike).
      const cash =
        amount !== undefined && amount !== product.face_value
          ? scaledPrice(amount, product.face_value!, product.price)
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
              ...(amount !== undefined && amount !== product.face_value ? { amount } : {}),
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
